"""Where on a rendered document the signature goes: the space the layout leaves between the signer's
position and name (Phụ lục I, ô 7c), found in the PDF itself so that a stamp never covers the text
whatever the length of the report.
"""
import io

from pypdf import PdfReader

RECIPIENTS_LABEL = "Nơi nhận:"
#: The right-hand column of the closing block starts at 45% of the text width (see layout.html).
LEFT_MARGIN, RIGHT_MARGIN, SIGNER_COLUMN = 85.04, 56.69, 0.45
LINE_GAP = 20  # points: lines further apart than this belong to different paragraphs
EMPTY_SPACE = 80  # points between the position and the name when there is no name yet


def _lines(page):
    """``[(x, baseline y, text)]`` of every piece of text on ``page``, in PDF coordinates."""
    found = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            found.append((cm[4] + tm[4], cm[5] + tm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def signature_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """``(page index, (x1, y1, x2, y2))`` of the empty space of the signature block, in PDF points from
    the bottom-left corner; pyHanko's ``SigFieldSpec(on_page=…, box=…)`` takes these as they are.

    The closing block is never split across pages, so it is on the last page; ValueError if the document
    has no closing block.
    """
    reader = PdfReader(io.BytesIO(pdf))
    index = len(reader.pages) - 1
    page = reader.pages[index]
    width = float(page.mediabox.width)
    lines = _lines(page)
    anchors = [y for x, y, text in lines if text.startswith(RECIPIENTS_LABEL)]
    if not anchors:
        raise ValueError("the document has no signature block")
    anchor = min(anchors)
    column = LEFT_MARGIN + SIGNER_COLUMN * (width - LEFT_MARGIN - RIGHT_MARGIN)
    right = sorted((y for x, y, _ in lines if x >= column - 1 and y <= anchor + 2), reverse=True)
    position_bottom = right[0] if right else anchor
    name = None
    for y in right[1:]:
        if position_bottom - y > LINE_GAP:
            name = y
            break
        position_bottom = y
    top = position_bottom - 6
    bottom = name + 16 if name is not None else top - EMPTY_SPACE
    return index, (round(column, 1), round(bottom, 1), round(width - RIGHT_MARGIN, 1), round(top, 1))
