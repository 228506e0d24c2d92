"""HTML to PDF with xhtml2pdf, confined to the shipped fonts and never the network.

Two process-wide reportlab defaults are set before each render (always to the same value, so concurrent
renders agree): a canvas's initial font and a table cell's font. Both are Helvetica out of the box and,
although nothing is drawn with them, they put an unembedded base-14 Helvetica into every PDF; a document
must name only the embedded Vietnamese-capable family.
"""
import io
import logging
import threading

from flask import current_app

from platform_core.documents import fonts

log = logging.getLogger(__name__)

#: The reportlab name of the regular face, registered directly (xhtml2pdf registers the CSS family itself).
BASE_FONT = "VnSerif-Base"

_setup_lock = threading.Lock()
_ready = False


class DocumentError(RuntimeError):
    """A document could not be produced (a render limit reached, or broken markup)."""


def _set_reportlab_defaults():
    global _ready
    if _ready:
        return
    with _setup_lock:
        if _ready:
            return
        from reportlab import rl_config
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.platypus import tables

        pdfmetrics.registerFont(TTFont(BASE_FONT, fonts.SERIF_REGULAR))
        rl_config.canvas_basefontname = BASE_FONT
        tables.CellStyle.fontname = BASE_FONT
        _ready = True


def resource_policy():
    """Local reads only from the fonts folder, no remote fetch at all, xhtml2pdf's server limits on."""
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    seconds = current_app.config.get("DOCUMENT_MAX_RENDER_SECONDS", 600)
    return ResourceAccessPolicy.server(base_dir=fonts.FONT_DIR, allow_remote=False, max_render_seconds=seconds)


def to_pdf(html: str) -> bytes:
    """Render a complete HTML document (see ``documents/layout.html``) to PDF bytes."""
    from xhtml2pdf import pisa
    from xhtml2pdf.config.resources import RenderLimitError

    _set_reportlab_defaults()
    out = io.BytesIO()
    try:
        status = pisa.CreatePDF(html, dest=out, encoding="utf-8", resource_policy=resource_policy())
    except RenderLimitError as exc:
        raise DocumentError(f"render limit reached: {exc}") from exc
    if status.err:
        raise DocumentError(f"xhtml2pdf reported {status.err} error(s)")
    return out.getvalue()
