"""Official documents of submissions (CORE-14): what an officer gets when exporting a report.

PDFs are read back with poppler (``pdftotext``, ``pdffonts``, ``pdfinfo``), the tools a reader's computer
would use, rather than with the library that wrote them.
"""
import csv
import io
import unicodedata
from datetime import date

import pytest
from docx import Document
from fixtures_documents.support import (
    REGIME,
    activate_regime,
    make_submission,
    needs_poppler,
    pdf_fonts,
    pdf_info,
    pdf_pages,
    pdf_text,
)
from openpyxl import load_workbook

from platform_core.timeutil import local_today

pytestmark = [pytest.mark.req("CORE-14"),
              needs_poppler]

TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")


def vietnamese_letters() -> str:
    """Every Vietnamese letter, precomposed: 12 vowels × 6 tones × 2 cases, then đ and Đ; one word per vowel
    and case (so that the text can wrap in its table cell)."""
    words = ["".join(unicodedata.normalize("NFC", vowel + tone) for tone in TONES) for vowel in "aăâeêioôơuưy"]
    return " ".join(words + [word.upper() for word in words] + ["đĐ"])


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def app_overrides():
    return dict(REGIME, DOCUMENT_PLACE="Hà Nội")


@pytest.fixture(autouse=True)
def wired(app, db):
    activate_regime(app, db)


@pytest.fixture
def province(make_unit):
    return make_unit("TINH", "UBND tỉnh Lào Cai", type_code="province")


@pytest.fixture
def unit(make_unit, province):
    return make_unit("SOTT", "Sở Thông tin - Truyền thông", parent=province, abbreviation="STTTT")


def test_every_vietnamese_letter_survives_into_the_pdf(db, unit):
    letters = vietnamese_letters()
    assert len(letters.replace(" ", "")) == 146 and len(set(letters.replace(" ", ""))) == 146
    assert all(unicodedata.normalize("NFC", letter) == letter and len(letter) == 1 for letter in letters)
    submission = make_submission(db, unit, "pcdoc.figures", {"note": letters, "population": 1234567},
                                 title="Tổng hợp số liệu")
    from platform_core.documents.render import render_submission

    data, filename, mimetype = render_submission(submission, "pdf")
    assert (filename, mimetype) == (f"bao-cao-{submission.id}.pdf", "application/pdf")
    text = one_line(unicodedata.normalize("NFC", pdf_text(data)))
    assert letters in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    today = local_today()
    month = f"{today.month:02d}" if today.month <= 2 else str(today.month)
    assert f"Hà Nội, ngày {today.day:02d} tháng {month} năm {today.year}" in text
    assert "Số: ………/BC-STTTT" in text
    assert "BÁO CÁO" in text and "Tổng hợp số liệu" in text
    assert "UBND TỈNH LÀO CAI" in text and "SỞ THÔNG TIN - TRUYỀN THÔNG" in text
    assert "Nơi nhận:" in text
    assert "1.234.567" in text
    assert "Nguồn dữ liệu: Hệ thống thông tin báo cáo — Sở Thông tin - Truyền thông, trích xuất ngày" in text


def test_the_pdf_embeds_only_the_shipped_vietnamese_family(db, unit):
    submission = make_submission(db, unit, "pcdoc.figures", {"note": "Nguyễn Thị Hương Dương", "population": 5})
    from platform_core.documents.render import render_submission

    fonts = pdf_fonts(render_submission(submission, "pdf")[0])
    assert fonts, "no font at all in the PDF"
    for name, embedded in fonts:
        assert embedded, f"{name} is not embedded"
        assert name.split("+", 1)[-1].startswith("LiberationSerif"), f"unexpected font {name}"
    assert {name.split("+", 1)[-1] for name, _ in fonts} >= {"LiberationSerif", "LiberationSerif-Bold",
                                                             "LiberationSerif-Italic"}


def test_decomposed_text_is_normalised_before_rendering(db, unit):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hướng")
    submission = make_submission(db, unit, "pcdoc.figures", {"population": 1})
    submission.data = {"note": decomposed}  # as if stored by a path that skipped the NFC listener
    from platform_core.documents.render import render_submission

    assert "Nguyễn Thị Hướng" in unicodedata.normalize("NFC", pdf_text(render_submission(submission, "pdf")[0]))


def test_html_in_report_text_is_printed_as_text(db, unit):
    hostile = "<b>x</b><img src=/etc/passwd>"
    submission = make_submission(db, unit, "pcdoc.figures", {"note": hostile}, title="<i>Tiêu đề</i>")
    from platform_core.documents.render import render_submission

    text = one_line(pdf_text(render_submission(submission, "pdf")[0]))
    assert hostile in text
    assert "<i>Tiêu đề</i>" in text


def test_a_long_table_is_split_and_repeats_its_header(db, unit):
    submission = make_submission(db, unit, "pcdoc.long", {f"f{i}": i * 3 for i in range(1, 1001)})
    from platform_core.documents.render import render_submission

    data = render_submission(submission, "pdf")[0]
    pages = pdf_pages(data)
    assert pages > 1
    last = pdf_text(data, first=pages, last=pages)
    assert "STT" in last and "Đơn vị tính" in last and "Giá trị" in last
    every_page = pdf_text(data).split("\f")[:pages]
    assert [n for n, text in enumerate(every_page, start=1) if "Đơn vị tính" not in text] == []
    assert "Chỉ tiêu số 1000" in every_page[-1]
    assert all(text.count("Nguồn dữ liệu") == 1 for text in every_page)
    # The page number stands at the top from page 2 on, never on page 1 (Phụ lục I).
    assert every_page[1].lstrip().startswith("2") and not every_page[0].lstrip().startswith("1")


def test_a_plugin_template_gets_the_submission_and_the_shared_layout(db, unit):
    rows = [[f"Trường số {i}", i] for i in range(1, 251)]
    submission = make_submission(db, unit, "pcdoc.custom", {"schools": 251, "list": rows})
    from platform_core.documents.render import render_submission

    data = render_submission(submission, "pdf")[0]
    text = pdf_text(data)
    assert "Mẫu riêng của chế độ thử nghiệm. Số trường học: 251 trường." in text
    assert "loại báo cáo: Báo cáo theo mẫu riêng" in text
    assert "Trường số 250" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Tên trường" in pdf_text(data, first=pdf_pages(data), last=pdf_pages(data))


def test_render_html_document_wraps_any_template_in_the_layout(app, db, unit):
    from platform_core.documents.header import DocumentHeader
    from platform_core.documents.render import render_html_document, to_pdf

    header = DocumentHeader(issuing_body="Sở Tài chính", title="Danh sách đơn vị", number="7/BC-STC", place="Huế",
                            issued_on=date(2026, 3, 5), distribution=("Như trên;",), signer_position="Giám đốc",
                            signer_name="Trần Văn Bình")
    html = render_html_document("documents/macros.html", {"document": header})
    text = pdf_text(to_pdf(html))
    assert "Huế, ngày 05 tháng 3 năm 2026" in text
    assert "Số: 7/BC-STC" in text
    assert "GIÁM ĐỐC" in text and "Trần Văn Bình" in text
    assert "- Như trên;" in text


def test_docx_has_the_layout_and_the_same_figures(db, unit):
    submission = make_submission(db, unit, "pcdoc.figures",
                                 {"population": 1234567, "revenue": "2500.75", "note": "Ghi chú tiếng Việt"},
                                 document_number="15")
    from platform_core.documents.render import render_submission

    data, filename, mimetype = render_submission(submission, "docx")
    assert filename.endswith(".docx") and "wordprocessingml" in mimetype
    document = Document(io.BytesIO(data))
    figures = {row.cells[1].text: row.cells[2].text for table in document.tables for row in table.rows
               if len(row.cells) == 4}
    assert figures["Dân số trung bình"] == "1.234.567"
    assert figures["Thu ngân sách"] == "2.500,75"
    assert figures["Ghi chú"] == "Ghi chú tiếng Việt"
    everything = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in everything
    assert "Số: 15/BC-STTTT" in everything
    assert "Nơi nhận:" in everything
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Nguồn dữ liệu: Hệ thống thông tin báo cáo — Sở Thông tin - Truyền thông")
    fonts = {run.font.name for paragraph in document.paragraphs for run in paragraph.runs}
    assert fonts == {"Times New Roman"}


def test_xlsx_holds_numbers_as_numbers_and_user_formulas_as_text(db, unit):
    submission = make_submission(db, unit, "pcdoc.figures", {
        "population": 1234567, "revenue": "2500.75", "closing": "2026-03-31",
        "formula": '=HYPERLINK("http://evil.example","bấm")', "plus": "+1", "minus": "-1", "at": "@x",
    })
    from platform_core.documents.render import render_submission

    data, filename, _ = render_submission(submission, "xlsx")
    assert filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    cells = {row[1].value: row[2] for row in sheet.iter_rows() if len(row) > 2 and row[1].value}
    assert cells["Dân số trung bình"].value == 1234567 and cells["Dân số trung bình"].data_type == "n"
    assert cells["Thu ngân sách"].value == pytest.approx(2500.75)
    assert cells["Ngày chốt số liệu"].value.date() == date(2026, 3, 31)
    for label, typed_text in (("Ô văn bản 1", '=HYPERLINK("http://evil.example","bấm")'), ("Ô văn bản 2", "+1"),
                              ("Ô văn bản 3", "-1"), ("Ô văn bản 4", "@x")):
        assert cells[label].value == typed_text
        assert cells[label].data_type == "s", f"{label} became {cells[label].data_type}"
    header = [sheet.cell(row=r, column=1).value for r in range(1, 9)]
    assert "SỞ THÔNG TIN - TRUYỀN THÔNG" in header
    assert any(str(line).startswith("Nguồn dữ liệu: Hệ thống thông tin báo cáo") for line in header)


def test_a_large_xlsx_is_streamed_with_the_same_guard(app, db, unit):
    app.config["DOCUMENT_BACKGROUND_ROWS"] = 2
    submission = make_submission(db, unit, "pcdoc.figures", {"population": 7, "formula": "=1+1"})
    from platform_core.documents.render import render_submission

    sheet = load_workbook(io.BytesIO(render_submission(submission, "xlsx")[0])).active
    cells = {row[1].value: row[2] for row in sheet.iter_rows() if len(row) > 2 and row[1].value}
    assert cells["Ô văn bản 1"].data_type == "s" and cells["Ô văn bản 1"].value == "=1+1"
    assert cells["Dân số trung bình"].value == 7


def test_csv_opens_in_excel_encoding_and_names_its_source(db, unit):
    submission = make_submission(db, unit, "pcdoc.figures",
                                 {"population": 1234567, "revenue": "2500.75", "formula": "=1+1", "minus": "-1"})
    from platform_core.documents.render import render_submission

    data, filename, mimetype = render_submission(submission, "csv")
    assert data.startswith("\ufeff".encode()) and mimetype.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    by_label = {row["Chỉ tiêu"]: row for row in rows}
    assert by_label["Dân số trung bình"]["Giá trị"] == "1234567"
    assert by_label["Thu ngân sách"]["Giá trị"] == "2500.75"
    assert by_label["Ô văn bản 1"]["Giá trị"] == "'=1+1"
    assert by_label["Ô văn bản 3"]["Giá trị"] == "'-1"
    assert all(row["Nguồn dữ liệu"].startswith("Nguồn dữ liệu: Hệ thống thông tin báo cáo — Sở Thông tin")
               for row in rows)


def test_pdftotext_is_the_reader(db, unit):
    """Guard for the helpers: poppler reads what we write (a broken PDF would fail every test above
    with a less clear message)."""
    submission = make_submission(db, unit, "pcdoc.figures", {"population": 1})
    from platform_core.documents.render import render_submission

    info = pdf_info(render_submission(submission, "pdf")[0])
    assert "595.276 x 841.89 pts (A4)" in info


def test_the_signature_block_names_the_approver_or_the_person_signing(db, unit, make_user):
    from datetime import UTC, datetime

    from platform_core.documents.render import render_submission

    approver = make_user("pheduyet", unit=unit, full_name="Lê Thị Mai")
    approver.position = "Phó Giám đốc"
    signer = make_user("kyso", unit=unit, full_name="Phạm Quốc Hùng")
    signer.position = "Giám đốc"
    submission = make_submission(db, unit, "pcdoc.figures", {"population": 1}, status="approved",
                                 approved_by_id=approver.id, approved_at=datetime(2025, 1, 2, 3, 0, tzinfo=UTC))

    approved = one_line(pdf_text(render_submission(submission, "pdf")[0]))
    assert "PHÓ GIÁM ĐỐC" in approved and "Lê Thị Mai" in approved
    assert "Hà Nội, ngày 02 tháng 01 năm 2025" in approved

    signing = one_line(pdf_text(render_submission(submission, "pdf", signer=signer)[0]))
    today = local_today()
    month = f"{today.month:02d}" if today.month <= 2 else str(today.month)
    assert "GIÁM ĐỐC" in signing and "Phạm Quốc Hùng" in signing and "Lê Thị Mai" not in signing
    assert f"ngày {today.day:02d} tháng {month} năm {today.year}" in signing
