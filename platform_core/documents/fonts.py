"""The fonts shipped with the platform, so that no document depends on what the host has installed.

Liberation Serif 2 (Debian ``fonts-liberation2``; metric-compatible with Times New Roman, which Nghị định
30/2020 prescribes) draws every Vietnamese letter; the older ``fonts-liberation`` 1.x lacks 92 of them.
Noto Sans is for the visible signature stamp: pyHanko writes correct glyph widths only for fonts with
1000 units per em, which Noto Sans has and Liberation (2048) has not. Licences: ``fonts/LICENSE-*.txt``
(SIL Open Font License 1.1).
"""
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"

#: The one family name every document stylesheet uses; never an alias of a base-14 font ("serif",
#: "Times"…), which xhtml2pdf would resolve to a font without Vietnamese letters.
FAMILY = "VnSerif"

SERIF_REGULAR = str(FONT_DIR / "LiberationSerif-Regular.ttf")
SERIF_BOLD = str(FONT_DIR / "LiberationSerif-Bold.ttf")
SERIF_ITALIC = str(FONT_DIR / "LiberationSerif-Italic.ttf")
SERIF_BOLD_ITALIC = str(FONT_DIR / "LiberationSerif-BoldItalic.ttf")

STAMP_FONT = str(FONT_DIR / "NotoSans-Regular.ttf")
STAMP_FONT_BOLD = str(FONT_DIR / "NotoSans-Bold.ttf")

#: ``(path, css font-weight, css font-style)`` of each face of :data:`FAMILY`, for ``@font-face``.
FACES = (
    (SERIF_REGULAR, "normal", "normal"),
    (SERIF_BOLD, "bold", "normal"),
    (SERIF_ITALIC, "normal", "italic"),
    (SERIF_BOLD_ITALIC, "bold", "italic"),
)

#: What DOCX documents name: Word files do not embed fonts, and Times New Roman is the decree's font.
DOCX_FONT = "Times New Roman"
