"""A submission as a spreadsheet: a header block (issuing body, title, period, source), then one row per
figure, numbers as numbers and dates as local dates.

Text a user typed that starts like a formula (``=HYPERLINK(…)``, ``+1``, ``-1``, ``@x``, a tab or carriage
return) is stored as a string cell: openpyxl would otherwise write it as a live formula (CWE-1236).
"""
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from platform_core.documents.content import COLUMNS
from platform_core.documents.header import upper
from platform_core.documents.values import looks_like_formula, spreadsheet_value

BOLD = Font(name="Times New Roman", bold=True)
NORMAL = Font(name="Times New Roman")
WRAP = Alignment(wrap_text=True, vertical="top")


def _text_cell(cell):
    """Keep user text as text: a value that looks like a formula becomes a string cell."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"
    return cell


def _cell(sheet, value, font=NORMAL):
    cell = WriteOnlyCell(sheet, value=spreadsheet_value(value))
    cell.font = font
    if isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = "#,##0"
    elif cell.is_date:
        cell.number_format = "DD/MM/YYYY"
    return _text_cell(cell)


def _header_rows(content):
    doc = content.header
    lines = [(upper(doc.parent_body), NORMAL)] if doc.parent_body else []
    lines += [(upper(doc.issuing_body), BOLD), (f"Số: {doc.number}", NORMAL), (doc.date_line, NORMAL),
              (f"{doc.kind} {doc.title}", BOLD)]
    if doc.period:
        lines.append((doc.period, NORMAL))
    lines += [(doc.source_text, NORMAL), ("", NORMAL)]
    return lines


def build(content, write_only: bool = False) -> bytes:
    """``write_only`` streams rows (memory stays flat for very large reports) at the cost of column widths
    being the only layout."""
    workbook = Workbook(write_only=True) if write_only else Workbook()
    sheet = workbook.create_sheet("Báo cáo") if write_only else workbook.active
    if not write_only:
        sheet.title = "Báo cáo"
    for letter, width in zip("ABCD", (8, 60, 20, 16)):
        sheet.column_dimensions[letter].width = width
    for text, font in _header_rows(content):
        sheet.append([_cell(sheet, text, font)])
    sheet.append([_cell(sheet, title, BOLD) for title in COLUMNS])
    for row in content.rows:
        sheet.append([_cell(sheet, row.number), _cell(sheet, row.label), _cell(sheet, row.value),
                      _cell(sheet, row.unit)])
    if not write_only:
        for row in sheet.iter_rows(min_col=2, max_col=2):
            row[0].alignment = WRAP
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
