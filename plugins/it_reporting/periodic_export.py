"""Documents of the periodic report (IT-10): the ministry's consolidated report with its units' marks and the
ranking, in PDF and Word, and the ranking on its own.

The PDF of any periodic report is the core's (``render_submission``) with this plugin's body,
``documents/periodic.html``, which reads the consolidation marks and the ranking through the template
globals below. The core's Word file holds the figures table only, so for the consolidated report this
module adds the units' table and the ranking to it, before the closing block.
"""
import io
from datetime import datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from platform_core.documents.fonts import DOCX_FONT
from platform_core.documents.header import MOTTO, NATIONAL_NAME, DocumentHeader, document_number, source_line, upper
from platform_core.documents.render import MIMETYPES, render_html_document, render_submission, to_pdf
from platform_core.timeutil import format_date, local_today
from plugins.it_reporting import periodic, ranking
from plugins.it_reporting.periodic_fields import BLOCKS
from plugins.it_reporting.periodic_status import DOCUMENT_MARKS, consolidation_children, last_consolidation

UNIT_COLUMNS = ("STT", "Đơn vị", "Hạn gửi", "Ngày gửi", "Tình trạng")
RANKING_COLUMNS = ("Hạng", "Đơn vị", "Điểm")
LATE_NOTE = ("Đơn vị gửi trễ hạn hoặc chưa gửi báo cáo: số liệu được tổng hợp theo thông tin có tại thời điểm "
             "tổng hợp (Điều 20.1.a Quy chế ban hành kèm theo QĐ 1676/QĐ-BTNMT).")
METHOD_NOTE = ("Điểm (thang 100) là bình quân có trọng số của các chỉ tiêu: dịch vụ công trực tuyến mức độ 3, 4 "
               "(30); thư điện tử công vụ (20); biện pháp an toàn thông tin (20); máy tính trên số cán bộ (15); "
               "gửi báo cáo đúng hạn (15); chỉ tiêu không áp dụng được cho đơn vị không tính vào mẫu số.")


def _day(iso: str | None) -> str:
    return format_date(datetime.fromisoformat(iso)) if iso else ""


def score_text(value) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def unit_table_rows(children: list[dict]) -> list[tuple]:
    return [(i, c["unit_name"], _day(c.get("due_at")), _day(c.get("submitted_at")), DOCUMENT_MARKS[c["mark"]])
            for i, c in enumerate(children, start=1)]


def ranking_table_rows(rows) -> list[tuple]:
    return [(r.rank or "—", r.unit_name, score_text(r.score) or "Chưa có báo cáo được duyệt") for r in rows]


def blocks() -> tuple:
    """The sections of the report (template global ``it_reporting_blocks``)."""
    return BLOCKS


def consolidation(submission) -> dict:
    """What a consolidated report's document adds (template global ``it_reporting_consolidation``): the
    units with their marks, the note of the consolidation, and the ranking of the period."""
    children = consolidation_children(submission)
    version = last_consolidation(submission)
    rows = ranking.compute(submission.unit, submission.period_key) if submission.period_key else []
    return {"units": unit_table_rows(children), "flagged": [c["unit_name"] for c in children if c["flagged"]],
            "note": version.note if version is not None else "", "ranking": ranking_table_rows(rows),
            "late_note": LATE_NOTE, "method_note": METHOD_NOTE}


# ---------------------------------------------------------------- Word

def _run(paragraph, text, size=12, bold=False, italic=False):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.bold, run.italic = DOCX_FONT, Pt(size), bold, italic
    return run


def _paragraph(document, text="", size=13, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _table(document, columns, rows):
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, columns):
        _run(cell.paragraphs[0], title, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row in rows:
        for cell, value in zip(table.add_row().cells, row):
            _run(cell.paragraphs[0], str(value))
    return table


def _consolidation_sections(document, extra: dict) -> None:
    _paragraph(document, "Tình hình gửi báo cáo của các đơn vị", bold=True)
    _table(document, UNIT_COLUMNS, extra["units"])
    if extra["flagged"]:
        _paragraph(document, "Đơn vị gửi trễ hạn hoặc chưa gửi: " + ", ".join(extra["flagged"]) + ".", italic=True)
    _paragraph(document, extra["late_note"], size=12, italic=True)
    _paragraph(document, "Kết quả đánh giá, xếp hạng mức độ ứng dụng công nghệ thông tin của các đơn vị", bold=True)
    _table(document, RANKING_COLUMNS, extra["ranking"])
    _paragraph(document, extra["method_note"], size=12, italic=True)


def _insert_before_closing(document, add) -> None:
    """Run ``add(document)`` and move what it appended to just before the closing block (the last table, and
    the blank line before it) of a document the core built. python-docx appends before the final section
    properties, so the new elements are the run of children just before them."""
    body = document.element.body
    closing = document.tables[-1]._element
    anchor = closing.getprevious() if closing.getprevious() is not None else closing
    count_before = len(body)
    add(document)
    added = list(body)[count_before - 1:-1] if body[-1].tag.endswith("}sectPr") else list(body)[count_before:]
    for element in added:
        anchor.addprevious(element)


def consolidated_docx(submission) -> tuple[bytes, str, str]:
    data, filename, mimetype = render_submission(submission, "docx")
    document = Document(io.BytesIO(data))
    extra = consolidation(submission)
    _insert_before_closing(document, lambda d: _consolidation_sections(d, extra))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), filename, mimetype


def consolidated_pdf(submission) -> tuple[bytes, str, str]:
    return render_submission(submission, "pdf")


# ---------------------------------------------------------------- the ranking alone

def ranking_header(parent, period_label: str, signer=None) -> DocumentHeader:
    department = periodic.it_department() or parent
    return DocumentHeader(
        issuing_body=department.name, parent_body=parent.name if department is not parent else "",
        title="Kết quả đánh giá, xếp hạng mức độ ứng dụng công nghệ thông tin của các đơn vị thuộc Bộ",
        number=document_number(None, "BC", department.abbreviation or department.code),
        period=f"Kỳ đánh giá: {period_label}", addressee=f"Lãnh đạo {parent.name}",
        distribution=("Lãnh đạo Bộ (để báo cáo);", "Các đơn vị thuộc Bộ;",
                      f"Lưu: VT, {upper(department.abbreviation or department.code)}."),
        signer_position=getattr(signer, "position", "") or "CỤC TRƯỞNG",
        signer_name=getattr(signer, "full_name", "") or "", issued_on=local_today(),
        source=source_line(department.name))


def ranking_pdf(parent, period_key: str, period_label: str, rows) -> tuple[bytes, str, str]:
    html = render_html_document("it_reporting/ranking_document.html", {
        "document": ranking_header(parent, period_label), "rows": ranking_table_rows(rows),
        "indicators": ranking.INDICATORS, "details": rows, "period_label": period_label, "method_note": METHOD_NOTE,
        "score_text": score_text})
    return to_pdf(html), f"xep-hang-cntt-{period_key}.pdf", MIMETYPES["pdf"]


def ranking_docx(parent, period_key: str, period_label: str, rows) -> tuple[bytes, str, str]:
    doc = ranking_header(parent, period_label)
    document = Document()
    center = WD_ALIGN_PARAGRAPH.CENTER
    if doc.parent_body:
        _paragraph(document, upper(doc.parent_body), align=center)
    _paragraph(document, upper(doc.issuing_body), bold=True, align=center)
    _paragraph(document, NATIONAL_NAME, bold=True, align=center)
    _paragraph(document, MOTTO, bold=True, align=center)
    _paragraph(document, doc.date_line, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, doc.kind, size=14, bold=True, align=center)
    _paragraph(document, doc.title, size=14, bold=True, align=center)
    _paragraph(document, doc.period, align=center)
    _table(document, RANKING_COLUMNS, ranking_table_rows(rows))
    _paragraph(document, METHOD_NOTE, size=12, italic=True)
    _paragraph(document, doc.source_text, size=10, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), f"xep-hang-cntt-{period_key}.docx", MIMETYPES["docx"]
