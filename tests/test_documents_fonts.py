"""The fonts shipped for documents (CORE-14) draw every Vietnamese letter and carry their licence."""
import unicodedata
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from platform_core.documents import fonts

LETTERS = [unicodedata.normalize("NFC", vowel + tone) for vowel in "aăâeêioôơuưy"
           for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")]
LETTERS = LETTERS + [letter.upper() for letter in LETTERS] + ["đ", "Đ"]


@pytest.mark.req("CORE-14")
@pytest.mark.parametrize("path", [fonts.SERIF_REGULAR, fonts.SERIF_BOLD, fonts.SERIF_ITALIC, fonts.SERIF_BOLD_ITALIC,
                                  fonts.STAMP_FONT, fonts.STAMP_FONT_BOLD])
def test_each_shipped_font_has_every_vietnamese_letter(path):
    assert Path(path).is_file() and Path(path).parent == fonts.FONT_DIR
    cmap = TTFont(f"check-{Path(path).stem}", path).face.charToGlyph
    missing = [letter for letter in LETTERS if ord(letter) not in cmap]
    assert len(LETTERS) == 146 and missing == []


@pytest.mark.req("CORE-14")
def test_the_fonts_come_with_their_licence():
    for name in ("LICENSE-LiberationFonts.txt", "LICENSE-NotoFonts.txt"):
        assert "SIL Open Font License" in (fonts.FONT_DIR / name).read_text() or \
            "OFL-1.1" in (fonts.FONT_DIR / name).read_text()
    assert [face[0] for face in fonts.FACES] == [fonts.SERIF_REGULAR, fonts.SERIF_BOLD, fonts.SERIF_ITALIC,
                                                 fonts.SERIF_BOLD_ITALIC]


@pytest.mark.req("CORE-14")
def test_the_renderer_reads_no_file_outside_the_fonts_folder(app, tmp_path):
    import io

    from PIL import Image
    from pypdf import PdfReader

    from platform_core.documents.render import to_pdf

    picture = tmp_path / "bi-mat.png"
    Image.new("RGB", (40, 40), "red").save(picture)
    html = (f'<html><head><meta charset="utf-8"></head><body><p>x</p><img src="{picture}">'
            '<img src="http://169.254.169.254/latest/meta-data.png"></body></html>')
    pdf = to_pdf(html)
    assert list(PdfReader(io.BytesIO(pdf)).pages[0].images) == []
