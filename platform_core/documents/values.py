"""Report values as documents need them: typed for spreadsheets, written the Vietnamese way for reading.

Vietnamese writes 1.234.567,5 (dot for thousands, comma for decimals). Spreadsheets get real numbers and
dates; text that a spreadsheet would take for a formula is marked as text by the writers (see
:func:`looks_like_formula`).
"""
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from platform_core.timeutil import format_date, parse_date, to_local

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def nfc(text) -> str:
    return unicodedata.normalize("NFC", text) if isinstance(text, str) else text


def looks_like_formula(text) -> bool:
    """Would a spreadsheet read this user text as a formula (CWE-1236)?"""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def typed(value, kind: str):
    """The value as its field kind says: int, Decimal, date or NFC text; None when empty.

    A stored value that does not fit its kind (a figure typed as "khoảng 20") is kept as text rather
    than dropped, so the document shows what the unit reported.
    """
    if value is None or value == "":
        return None
    if kind in ("int", "decimal") and not isinstance(value, bool):
        if isinstance(value, int) and kind == "int":
            return value
        try:
            number = Decimal(str(value).strip().replace(" ", ""))
        except InvalidOperation:
            return nfc(str(value))
        if not number.is_finite():
            return nfc(str(value))
        if kind == "int" and number == number.to_integral_value():
            return int(number)
        return number
    if kind == "date":
        if isinstance(value, datetime):
            return to_local(value).date()
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value))
        except ValueError:
            return nfc(str(value))
    return nfc(str(value))


def format_number(number) -> str:
    """1234567.5 → "1.234.567,5" (no rounding: the reported precision is kept)."""
    if isinstance(number, int):
        return f"{number:,}".replace(",", ".")
    text = format(Decimal(number), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


def display(value) -> str:
    """How a typed value is written in a PDF or DOCX."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, Decimal, float)):
        return format_number(value if not isinstance(value, float) else Decimal(str(value)))
    if isinstance(value, (date, datetime)):
        return format_date(value)
    return nfc(str(value))


def spreadsheet_value(value):
    """What a spreadsheet cell holds: numbers as numbers, dates as naive local dates, text as text."""
    if isinstance(value, datetime):
        return to_local(value).replace(tzinfo=None)
    return value
