"""Small PDFs drawn with reportlab, for the verification and placement tests."""
import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"


FIGURE = "So lieu: 128 ho"


def simple_pdf(lines=("Báo cáo thử nghiệm",), bottom_lines=()) -> bytes:
    """An A4 page with ``lines`` from the top and ``bottom_lines`` at the right of the bottom margin, and
    :data:`FIGURE` in plain Helvetica in an uncompressed content stream, so a test can find and forge it."""
    if "TestNoto" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("TestNoto", FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(85, 800, FIGURE)
    pdf.setFont("TestNoto", 12)
    y = 780
    for line in lines:
        pdf.drawString(85, y, line)
        y -= 18
    y = 30
    for line in bottom_lines:
        pdf.drawRightString(A4[0] - 50, y, line)
        y += 14
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
