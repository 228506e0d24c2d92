"""Data extracts of a regime's period (RPT-08; QĐ 09/2024 Đ12.2: whoever uses the data cites the system):
one row per unit, one column per cell (indicator × category), as CSV, XLSX or PDF. Every extract names
the source, the regime and the period — the first and last lines of the CSV, a header block and a footer
row of the spreadsheet, a paragraph and the bottom margin of the PDF.

A unit's row holds the data of its latest approved report (``dashboard.final_reports``); obligated units
without one are listed with empty cells and a note, so an extract never looks complete when it is not.
Rows are limited to the units the caller may see (``unit_ids``).

Text a spreadsheet would run as a formula (``= + - @``, tab, carriage return) is written as text: an
apostrophe in CSV, a string cell in XLSX (the core's ``documents.values.looks_like_formula``); numbers are
never touched.
"""
import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from platform_core.documents.values import looks_like_formula
from platform_core.timeutil import format_datetime, utcnow
from plugins.provincial_reports import dashboard, grid

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
NOTE_CONSOLIDATED = "Báo cáo tổng hợp"
NOTE_MISSING = "Chưa có báo cáo được duyệt"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    code: str
    indicator: str  # "LD01. Số người … (người)"
    label: str  # the category's label, "Tổng số", or "" in a table without categories

    @property
    def header(self) -> str:
        return self.indicator if not self.label else f"{self.indicator} — {self.label}"


@dataclass(frozen=True)
class Extract:
    regime: object
    period_key: str
    period: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, str, str, tuple], ...]  # (unit code, unit name, note, values)
    extracted_at: datetime

    @property
    def title(self) -> str:
        return f"{self.regime.name} — kỳ {self.period}"

    @property
    def source(self) -> str:
        return f"{dashboard.SOURCE}. {self.title}. Trích xuất ngày {format_datetime(self.extracted_at)}."

    @property
    def filename_stem(self) -> str:
        code = re.sub(r"[^a-z0-9]+", "-", self.regime.code.lower()).strip("-") or str(self.regime.id)
        return f"so-lieu-{code}-{self.period_key.lower()}"


def _columns(definition: dict) -> tuple[Column, ...]:
    out = []
    for table in grid.build(definition).tables:
        for row in table.rows:
            if not row.known:
                continue
            indicator = f"{row.code}. {row.name}" + (f" ({row.unit})" if row.unit else "")
            single = len(row.cells) == 1
            out.extend(Column(cell.name, cell.kind, row.code, indicator, "" if single else cell.column.label)
                       for cell in row.cells)
    return tuple(out)


def _value(kind: str, value):
    """Numbers as Decimal or int (exact), text as text."""
    if value is None or value == "":
        return None
    if kind in ("int", "decimal"):
        number = dashboard._number(value)
        if number is None:
            return str(value)
        return int(number) if number == number.to_integral_value() else number
    return str(value)


def build(regime, period_key: str, unit_ids=None) -> Extract:
    """The extract of ``regime`` for ``period_key``; ``unit_ids`` (a set, or None for all) limits the rows."""
    version = dashboard.version_for(regime, period_key)
    columns = _columns((version.definition if version is not None else None) or {})
    reports = dashboard.final_reports(regime, period_key)
    missing = dashboard.completion(regime, period_key, reports).missing
    rows = []
    for report in reports:
        values = tuple(_value(c.kind, report.data.get(c.name)) for c in columns)
        rows.append((report.unit.code, report.unit.name, NOTE_CONSOLIDATED if report.consolidated else "", values))
    for unit in missing:
        rows.append((unit.code, unit.name, NOTE_MISSING, tuple(None for _c in columns)))
    if unit_ids is not None:
        codes = {r.unit.code for r in reports if r.unit.id in unit_ids} | {u.code for u in missing if u.id in unit_ids}
        rows = [r for r in rows if r[0] in codes]
    rows.sort(key=lambda r: r[0])
    return Extract(regime, period_key, grid.period_text(period_key), columns, tuple(rows), utcnow())


# ---------------------------------------------------------------- CSV

def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return f"'{text}" if looks_like_formula(text) else text


def to_csv(extract: Extract) -> bytes:
    """UTF-8 with a BOM, CRLF, plain numbers; the source line first and last."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_cell(extract.source)])
    writer.writerow(["Mã đơn vị", "Đơn vị", "Ghi chú", *(_csv_cell(c.header) for c in extract.columns)])
    for code, name, note, values in extract.rows:
        writer.writerow([_csv_cell(code), _csv_cell(name), note, *(_csv_cell(v) for v in values)])
    writer.writerow([_csv_cell(extract.source)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# ---------------------------------------------------------------- XLSX

def to_xlsx(extract: Extract) -> bytes:
    """A header block (source system, regime, period), the table, and the source again as a footer row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold, normal = Font(name="Times New Roman", bold=True), Font(name="Times New Roman")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"

    def put(row, column, value, font=normal):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.font = font
        if isinstance(value, str) and looks_like_formula(value):
            cell.data_type = "s"
        elif isinstance(value, int) and not isinstance(value, bool):
            cell.number_format = "#,##0"
        return cell

    put(1, 1, dashboard.SYSTEM.upper(), bold)
    put(2, 1, extract.regime.name, bold)
    put(3, 1, f"Kỳ báo cáo: {extract.period}")
    headers = ["Mã đơn vị", "Đơn vị", "Ghi chú", *(c.header for c in extract.columns)]
    for column, header in enumerate(headers, start=1):
        put(5, column, header, bold).alignment = Alignment(wrap_text=True, vertical="top")
    row_number = 5
    for code, name, note, values in extract.rows:
        row_number += 1
        for column, value in enumerate((code, name, note, *values), start=1):
            put(row_number, column, value)
    put(row_number + 2, 1, extract.source, bold)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 14, 36
    sheet.column_dimensions["C"].width = 24
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- PDF

def to_pdf(extract: Extract) -> bytes:
    """The ND 30 layout around one table per indicator (units × categories): a wide table of every cell
    would not fit an A4 page."""
    from platform_core.documents.header import DocumentHeader
    from platform_core.documents.render import render_html_document
    from platform_core.documents.render import to_pdf as html_to_pdf

    receiving = extract.regime.receiving_unit
    header = DocumentHeader(
        issuing_body=receiving.name if receiving is not None else dashboard.SYSTEM,
        parent_body=receiving.parent.name if receiving is not None and receiving.parent else "",
        kind="BẢNG SỐ LIỆU", title=extract.regime.name, period=f"Kỳ báo cáo: {extract.period}",
        distribution=("Lưu: VT.",), source=extract.source)
    html = render_html_document("provincial_reports/dashboard/extract_document.html", {
        "document": header, "extract": extract, "indicators": _by_indicator(extract)})
    return html_to_pdf(html)


def _by_indicator(extract: Extract) -> list[dict]:
    """The columns grouped by indicator: ``[{"title", "labels", "rows": [(unit name, note, texts)]}]``."""
    groups: dict[str, dict] = {}
    for position, column in enumerate(extract.columns):
        group = groups.setdefault(column.code, {"title": column.indicator, "positions": [], "labels": []})
        group["positions"].append(position)
        group["labels"].append(column.label or "Giá trị")
    for group in groups.values():
        group["rows"] = [(name, note, [_text(values[p]) for p in group["positions"]])
                         for _code, name, note, values in extract.rows]
    return list(groups.values())


def _text(value) -> str:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return dashboard.number_text(value)
    return value or ""
