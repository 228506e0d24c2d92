"""The one renderer of official documents: a template in the shared Nghị định 30/2020 layout, to PDF, and
a submission to PDF, DOCX, XLSX or CSV.

Templates are rendered with autoescaping forced on, whatever their file name, so a value a user typed
("<b>x</b><img src=/etc/passwd>") reaches xhtml2pdf as text, never as markup it would act on.
"""
from flask import current_app
from markupsafe import Markup

from platform_core.documents import fonts
from platform_core.documents.content import gather
from platform_core.documents.header import MOTTO, NATIONAL_NAME, DocumentHeader
from platform_core.documents.pdf import to_pdf
from platform_core.documents.values import nfc

LAYOUT = "documents/layout.html"
DEFAULT_BODY = "documents/submission.html"
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMATS = tuple(MIMETYPES)

__all__ = ["FORMATS", "MIMETYPES", "render_html_document", "render_submission", "to_pdf"]


def _environment():
    """The application's Jinja environment (same loaders, filters and globals) with autoescape always on."""
    env = current_app.extensions.get("documents.jinja")
    if env is None:
        env = current_app.jinja_env.overlay(autoescape=True)
        current_app.extensions["documents.jinja"] = env
    return env


def render_html_document(template_name: str, context: dict) -> str:
    """Render ``template_name`` as the body of an administrative document and wrap it in the layout.

    ``context["document"]`` is the :class:`~platform_core.documents.header.DocumentHeader` (issuing body,
    number, date, title, recipients, signer, source); without it a header is made from
    ``context["issuing_body"]`` and ``context["title"]``. Returns NFC text ready for :func:`to_pdf`.
    """
    env = _environment()
    context = dict(context)
    doc = context.pop("document", None) or DocumentHeader(
        issuing_body=context.get("issuing_body", ""), title=context.get("title", ""))
    body = Markup(env.get_template(template_name).render(context, document=doc))
    html = env.get_template(LAYOUT).render(
        body=body, doc=doc, faces=fonts.FACES, family=fonts.FAMILY, national_name=NATIONAL_NAME, motto=MOTTO)
    return nfc(html)


def submission_html(content) -> str:
    report_type = content.report_type
    return render_html_document(report_type.document_template or DEFAULT_BODY, {
        "document": content.header, "submission": content.submission, "report_type": report_type,
        "fields": report_type.fields, "values": content.values, "rows": content.rows, "content": content,
    })


def render_submission(submission, fmt: str, *, signer=None) -> tuple[bytes, str, str]:
    """The submission's document as ``(bytes, file name, MIME type)``; ``fmt`` is pdf, docx, xlsx or csv.

    ``signer`` (a user about to sign) puts that person in the signature block and dates the document
    today; by default the block names the approver. :func:`platform_core.documents.placement.signature_box`
    tells where the signature goes on the PDF. Rendering is synchronous; the export pages send large
    documents to a background job instead (:mod:`platform_core.documents.jobs`).
    """
    if fmt not in MIMETYPES:
        raise ValueError(f"unknown document format {fmt!r}")
    content = gather(submission, signer)
    if fmt == "pdf":
        data = to_pdf(submission_html(content))
    elif fmt == "docx":
        from platform_core.documents.docx import build
        data = build(content)
    elif fmt == "xlsx":
        from platform_core.documents.xlsx import build
        data = build(content, write_only=len(content.rows) > _big_rows())
    else:
        from platform_core.documents.csv import build
        data = build(content)
    return data, f"{content.filename_stem}.{fmt}", MIMETYPES[fmt]


def _big_rows() -> int:
    return int(current_app.config.get("DOCUMENT_BACKGROUND_ROWS", 300))
