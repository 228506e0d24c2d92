"""A submission's figures as CSV, for other programs and for Excel.

Choices:

- UTF-8 with a byte-order mark, comma-separated, CRLF line ends: Excel then reads Vietnamese correctly.
- The data source (seed 002 Đ12.2) is a column, ``Nguồn dữ liệu``, repeated on every row, rather than a
  comment line before the header: every CSV reader takes the first line as the header, and a row keeps
  its source when rows are filtered, sorted or pasted elsewhere.
- Numbers are plain (``1234567.5``: no thousands separator, a dot for decimals) so that programs read them
  as numbers; dates are dd/mm/yyyy like everywhere else in the platform.
- Text that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a carriage return) is
  prefixed with an apostrophe, as OWASP advises for CSV injection; numbers are never prefixed.
"""
import csv
import io
from datetime import date
from decimal import Decimal

from platform_core.documents.values import looks_like_formula
from platform_core.timeutil import format_date

HEADER = ("STT", "Mã chỉ tiêu", "Chỉ tiêu", "Giá trị", "Đơn vị tính", "Nguồn dữ liệu")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, date):
        return format_date(value)
    text = str(value)
    return f"'{text}" if looks_like_formula(text) else text


def build(content) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    source = content.header.source_text
    for row in content.rows:
        writer.writerow([row.number, _text(row.name), _text(row.label), _text(row.value), _text(row.unit),
                         _text(source)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
