"""The values of a report's fields: reading what officers type, storing it, showing it, comparing versions.

Stored forms (``Submission.data`` and every version): ``int`` → a JSON integer; ``decimal`` → a string
in plain decimal notation ("1234.50"), so no figure ever passes through a binary float and loses
precision (JSON numbers become floats in Python and in PostgreSQL's ``jsonb`` readers); ``text`` → a
string; ``date`` → an ISO date string ("2026-03-31"). An empty field is absent.

Officers type numbers the Vietnamese way or the international way: spaces group thousands; in an
integer "." and "," may also group thousands ("1.250"); in a decimal a single "," or "." is the decimal
mark ("1250,5"), and when both appear the last one is ("1.250,5", "1,250.5").
"""
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from platform_core.database import nfc
from platform_core.timeutil import parse_date

TEXT_MAX = 10000
NUMBER_MAX_DIGITS = 24
_INT_PLAIN = re.compile(r"[+-]?\d+")
_INT_GROUPED = re.compile(r"[+-]?\d{1,3}([.,])\d{3}(\1\d{3})*")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class FieldError(ValueError):
    """A value that cannot be read; the message (Vietnamese) names the field."""


def _int(field, raw):
    if isinstance(raw, bool):
        raise FieldError(_("«%(label)s»: nhập một số nguyên, ví dụ 1250.", label=field.label))
    if isinstance(raw, int):
        return raw
    if isinstance(raw, (Decimal, float)):
        if raw == int(raw):
            return int(raw)
        raise FieldError(_("«%(label)s»: nhập một số nguyên, ví dụ 1250.", label=field.label))
    text = _SPACES.sub("", str(raw))
    if _INT_GROUPED.fullmatch(text):
        text = text.replace(".", "").replace(",", "")
    if not _INT_PLAIN.fullmatch(text) or len(text.lstrip("+-")) > NUMBER_MAX_DIGITS:
        raise FieldError(_("«%(label)s»: nhập một số nguyên, ví dụ 1250.", label=field.label))
    return int(text)


def _decimal_text(text: str) -> str | None:
    """Plain notation ("1234.5") of what was typed, or None when its separators make no sense."""
    text = _SPACES.sub("", text)
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        mark = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if mark == "," else ","
    elif commas == 1 or dots == 1:
        mark, group = ("," if commas else "."), None
    elif commas or dots:
        mark, group = None, ("," if commas else ".")
    else:
        return text
    whole, _sep, fraction = text.partition(mark) if mark else (text, "", "")
    if mark and mark in fraction:
        return None
    if group:
        if not re.fullmatch(rf"[+-]?\d{{1,3}}(\{group}\d{{3}})+", whole):
            return None
        whole = whole.replace(group, "")
    return f"{whole}.{fraction}" if mark else whole


def _decimal(field, raw):
    error = FieldError(_("«%(label)s»: nhập một số, dùng dấu phẩy cho phần thập phân, ví dụ 1250,5.",
                         label=field.label))
    if isinstance(raw, bool):
        raise error
    if isinstance(raw, float):
        raw = repr(raw)
    text = str(raw) if isinstance(raw, (int, Decimal)) else _decimal_text(str(raw))
    if text is None or not _DECIMAL.fullmatch(text) or len(text.replace(".", "").lstrip("+-")) > NUMBER_MAX_DIGITS:
        raise error
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise error from None
    return format(value, "f")


def _text(field, raw):
    text = nfc(str(raw)).strip()
    if len(text) > TEXT_MAX:
        raise FieldError(_("«%(label)s»: tối đa %(max)d ký tự.", label=field.label, max=TEXT_MAX))
    return text


def _date(field, raw):
    if isinstance(raw, date):
        return raw.isoformat()
    try:
        return parse_date(str(raw)).isoformat()
    except ValueError:
        raise FieldError(_("«%(label)s»: nhập ngày có thật theo dạng dd/mm/yyyy, ví dụ 25/12/2026.",
                           label=field.label)) from None


_READERS = {"int": _int, "decimal": _decimal, "text": _text, "date": _date}


def _check_bounds(field, value) -> None:
    minimum, maximum = getattr(field, "minimum", None), getattr(field, "maximum", None)
    if value is None or field.kind not in ("int", "decimal") or (minimum is None and maximum is None):
        return
    number = Decimal(str(value))
    if minimum is not None and number < Decimal(str(minimum)):
        if Decimal(str(minimum)) == 0:
            raise FieldError(_("«%(label)s»: không được là số âm.", label=field.label))
        raise FieldError(_("«%(label)s»: không được nhỏ hơn %(min)s.", label=field.label,
                           min=display_value(field, minimum)))
    if maximum is not None and number > Decimal(str(maximum)):
        raise FieldError(_("«%(label)s»: không được lớn hơn %(max)s.", label=field.label,
                           max=display_value(field, maximum)))


def clean_value(field, raw):
    """The stored form of ``raw`` for ``field`` (None when empty); FieldError when it cannot be read or
    lies outside the field's ``minimum`` / ``maximum``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value = _READERS[field.kind](field, raw)
    value = None if value == "" else value
    _check_bounds(field, value)
    return value


def clean_data(report_type, data: dict) -> tuple[dict, dict]:
    """``(values, errors)``: the stored form of every field of ``report_type`` found in ``data`` (other
    keys are ignored) and a message per field that could not be read. When every field reads, the report
    type's ``validator`` checks the values together (it may also fill computed fields)."""
    values, errors = {}, {}
    for field in report_type.fields:
        try:
            value = clean_value(field, data.get(field.name))
        except FieldError as exc:
            errors[field.name] = str(exc)
            continue
        if value is not None:
            values[field.name] = value
    if not errors and getattr(report_type, "validator", None):
        from platform_core.workflow.registry import load_callable

        errors = dict(load_callable(report_type.validator)(report_type, values) or {})
    return values, errors


def missing_required(report_type, data: dict) -> dict:
    """A message per required field left empty."""
    return {f.name: _("«%(label)s» là bắt buộc; nhập trước khi nộp.", label=f.label)
            for f in report_type.fields if f.required and data.get(f.name) in (None, "")}


def _group(digits: str) -> str:
    sign = "-" if digits.startswith("-") else ""
    digits = digits.lstrip("-")
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + ".".join(groups)


def display_value(field, value) -> str:
    """How a stored value reads on a page or in a document: 1.250 / 1.250,5 / 31/03/2026."""
    if value is None or value == "":
        return ""
    if field.kind == "int" and isinstance(value, int):
        return _group(str(value))
    if field.kind == "decimal":
        whole, _sep, fraction = str(value).partition(".")
        return _group(whole) + ("," + fraction if fraction else "")
    if field.kind == "date":
        try:
            return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    return str(value)


def input_value(field, value) -> str:
    """What an input box shows for a stored value: numbers without grouping, dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if field.kind == "decimal":
        return str(value).replace(".", ",")
    if field.kind == "date":
        return display_value(field, value)
    return str(value)


def diff(report_type, old: dict | None, new: dict | None) -> list[tuple]:
    """``[(field, old value, new value)]`` for every field whose stored value differs."""
    old, new = old or {}, new or {}
    return [(f, old.get(f.name), new.get(f.name)) for f in report_type.fields if old.get(f.name) != new.get(f.name)]
