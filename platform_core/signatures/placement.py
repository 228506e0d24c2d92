"""Where the visible signature stamp goes: in the signature block, else bottom right, clear of any text.

Nghị định 30/2020 (Phụ lục I, ô 7c) puts the signature between the signer's position and name, and the
document layout leaves that space empty: :func:`place` puts the stamp there when the document has the
block and the stamp fits (``documents.placement.signature_box``). Otherwise (a PDF from elsewhere, a
stamp too large) :func:`stamp_box` finds the bottom margin, right-aligned with the text column (the
decree leaves 20-25 mm there, and page numbers go at the top); when text is found there, the box moves
up the right side until it is clear. Text is located with pypdf's text visitor, each fragment taken as a
rectangle from its origin, font size and an average glyph width. Either way the stamp covers no text.
"""
import io
from dataclasses import dataclass

STAMP_WIDTH = 230.0
STAMP_HEIGHT = 46.0
RIGHT_MARGIN = 42.0  # 15 mm, the smallest right margin of Nghị định 30/2020
BOTTOM_START = 10.0
STEP = 6.0
PADDING = 3.0
GLYPH_WIDTH = 0.55  # of the font size, a generous average for Latin text


@dataclass(frozen=True)
class Rect:
    x1: float
    y1: float
    x2: float
    y2: float

    def overlaps(self, other: "Rect") -> bool:
        return self.x1 < other.x2 and other.x1 < self.x2 and self.y1 < other.y2 and other.y1 < self.y2

    def as_box(self) -> tuple[float, float, float, float]:
        return (round(self.x1, 1), round(self.y1, 1), round(self.x2, 1), round(self.y2, 1))


def _mul(m, n):
    return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]


def text_rects(page) -> list[Rect]:
    """Approximate rectangles of the text drawn on a pypdf page."""
    rects = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text or not text.strip():
            return
        m = _mul(tm, cm)
        scale = (m[2] ** 2 + m[3] ** 2) ** 0.5 or 1.0
        size = (font_size or 10.0) * scale
        x, y = m[4], m[5]
        width = len(text.rstrip()) * size * GLYPH_WIDTH
        rects.append(Rect(x, y - size * 0.25, x + width, y + size))

    page.extract_text(visitor_text=visit)
    return rects


def stamp_box(pdf_bytes: bytes, width: float = STAMP_WIDTH, height: float = STAMP_HEIGHT):
    """``(page_index, (x1, y1, x2, y2))`` for the stamp on the last page."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    index = len(reader.pages) - 1
    page = reader.pages[index]
    box = page.mediabox
    left, bottom, right, top = float(box.left), float(box.bottom), float(box.right), float(box.top)
    x2 = right - RIGHT_MARGIN
    x1 = max(left, x2 - width)
    try:
        taken = text_rects(page)
    except Exception:  # an odd content stream must not stop signing; fall back to the margin
        taken = []
    y = bottom + BOTTOM_START
    while y + height <= top - BOTTOM_START:
        candidate = Rect(x1, y, x2, y + height)
        padded = Rect(x1 - PADDING, y - PADDING, x2 + PADDING, y + height + PADDING)
        if not any(padded.overlaps(r) for r in taken):
            return index, candidate.as_box()
        y += STEP
    return index, Rect(x1, bottom + BOTTOM_START, x2, bottom + BOTTOM_START + height).as_box()


def place(pdf_bytes: bytes, width: float = STAMP_WIDTH, height: float = STAMP_HEIGHT):
    """``(page_index, (x1, y1, x2, y2))`` for the stamp: centred in the empty space of the signature block
    when it fits there, else :func:`stamp_box`."""
    from platform_core.documents.placement import signature_box

    try:
        index, (x1, y1, x2, y2) = signature_box(pdf_bytes)
    except Exception:  # no signature block, or an odd content stream: the margin will do
        return stamp_box(pdf_bytes, width, height)
    if x2 - x1 < width or y2 - y1 < height:
        return stamp_box(pdf_bytes, width, height)
    left, bottom = x1 + (x2 - x1 - width) / 2, y1 + (y2 - y1 - height) / 2
    return index, Rect(left, bottom, left + width, bottom + height).as_box()
