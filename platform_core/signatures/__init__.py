"""Digital signatures (CORE-13).

``models`` (credentials, signed PDFs) · ``crypto`` (PKCS#12 encrypted at rest under ``SIGNING_KEY``) ·
``certificates`` (reading PKCS#12 and trust roots) · ``placement`` and ``stamp`` (the visible stamp) ·
``pdfsign`` (PAdES with pyHanko) · ``verification`` (checking any signed PDF) · ``service`` (the shared
interface: ``has_valid_signature``, ``sign_submission``, ``verify_pdf``) · ``views``/``forms`` (pages
under ``/signatures``).

Settings: ``SIGNING_KEY`` (required in production, see ``crypto``) and ``SIGNING_TRUST_ROOTS`` (PEM files
of the certificate authorities whose signatures are trusted; none → nothing is trusted).
"""


def init_app(app):
    import logging

    from platform_core.signatures import views

    # pyHanko logs a warning with a full traceback whenever a signer's certificate chains to no trusted
    # root; ``verification`` already reports that to the user as "not trusted", so only its errors matter.
    logging.getLogger("pyhanko").setLevel(logging.ERROR)

    app.config.setdefault("SIGNING_KEY", "")
    app.config.setdefault("SIGNING_TRUST_ROOTS", [])
    if app.config.get("PLATFORM_ENV") == "production" and not app.config["SIGNING_KEY"]:
        app.logger.warning("SIGNING_KEY is not set: uploading certificates and signing reports will be refused.")
    app.register_blueprint(views.bp)
