"""Signing a PDF with pyHanko: PAdES B-B, one new signature field with a visible stamp.

B-B needs nothing outside the server (no timestamp authority, no revocation lookups), which suits
agency networks that are often closed. The signature is an incremental update, so any signature
already in the file stays valid.
"""
import io
from datetime import datetime

from platform_core.signatures import placement, stamp
from platform_core.signatures.certificates import CertificateError, open_pkcs12

FIELD_PREFIX = "ChuKy"


def _signer(pkcs12_bytes: bytes, passphrase: str):
    from pyhanko.sign import signers

    open_pkcs12(pkcs12_bytes, passphrase)  # the Vietnamese message for a wrong passphrase
    try:
        return signers.SimpleSigner.load_pkcs12_data(
            pkcs12_bytes, other_certs=[], passphrase=(passphrase or "").encode("utf-8") or None)
    except ValueError as exc:
        raise CertificateError(str(exc)) from None


def _field_name(reader) -> str:
    from pyhanko.sign.fields import enumerate_sig_fields

    taken = {name for name, _value, _ref in enumerate_sig_fields(reader)}
    number = 1
    while f"{FIELD_PREFIX}{number}" in taken:
        number += 1
    return f"{FIELD_PREFIX}{number}"


def sign_pdf(pdf_bytes: bytes, pkcs12_bytes: bytes, passphrase: str, *, name: str, position: str | None,
             signed_at: datetime, reason: str, location: str) -> bytes:
    """The signed PDF. Raises CertificateError for an unusable PKCS#12 or passphrase."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(pkcs12_bytes, passphrase)
    text = stamp.stamp_text(name, position, signed_at)
    page, box = placement.place(pdf_bytes, *stamp.size(text))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    field_name = _field_name(writer.prev)
    fields.append_signature_field(writer, fields.SigFieldSpec(field_name, on_page=page, box=box))
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, reason=reason, location=location, name=name,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
    style = stamp.stamp_style(text)
    return signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(writer).getvalue()
