"""The visible stamp: its text and a pyHanko style that draws Vietnamese.

pyHanko's default stamp font is Courier (WinAnsi), which mangles Vietnamese names (pyHanko#459), so the
stamp embeds a TrueType font. It must be Noto Sans (unitsPerEm 1000): with DejaVu or Liberation
(unitsPerEm 2048) pyHanko 0.38 writes glyph widths in raw font units and the letters come out spread
apart. The font size is given to both the glyph accumulator and the text box, or multi-line stamps
drift right (pyHanko#733).
"""
import importlib
import importlib.util
from datetime import datetime
from pathlib import Path

from platform_core.timeutil import format_datetime

FALLBACK_FONT = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
FONT_SIZE = 9
LEADING = 13  # room for stacked Vietnamese marks (ễ, ướ) between lines
PADDING = 6.0
MIN_WIDTH, MAX_WIDTH = 150.0, 300.0
_MEASURE_FONT = "SignatureStamp"


def font_path() -> str:
    """The documents part's stamp font when it ships one, else Debian's Noto Sans (fonts-noto-core)."""
    if importlib.util.find_spec("platform_core.documents.fonts") is not None:
        path = getattr(importlib.import_module("platform_core.documents.fonts"), "STAMP_FONT", None)
        if path and Path(path).is_file():
            return str(path)
    return FALLBACK_FONT


def stamp_text(name: str, position: str | None, signed_at: datetime) -> str:
    """Always Vietnamese, whatever the signer's interface language: it is part of the document."""
    lines = [f"Ký bởi: {name}"]
    if position:
        lines.append(f"Chức vụ: {position}")
    lines.append(f"Thời gian: {format_datetime(signed_at)}")
    return "\n".join(lines)


def size(text: str) -> tuple[float, float]:
    """Width and height of the stamp that holds ``text`` at :data:`FONT_SIZE` (a longer text is shrunk by
    pyHanko to fit :data:`MAX_WIDTH`)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if _MEASURE_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_MEASURE_FONT, font_path()))
    lines = text.split("\n")
    widest = max(pdfmetrics.stringWidth(line, _MEASURE_FONT, FONT_SIZE) for line in lines)
    width = min(MAX_WIDTH, max(MIN_WIDTH, widest + 2 * PADDING))
    return round(width, 1), round(len(lines) * LEADING + 2 * PADDING, 1)


def stamp_style(text: str):
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    font = GlyphAccumulatorFactory(font_path(), font_size=FONT_SIZE)
    # pyHanko formats stamp_text with %-interpolation; a "%" typed in a name must stay a "%".
    return TextStampStyle(stamp_text=text.replace("%", "%%"), border_width=1,
                          text_box_style=TextBoxStyle(font=font, font_size=FONT_SIZE, leading=LEADING))
