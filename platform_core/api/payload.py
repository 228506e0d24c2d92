"""Checking the JSON a client sends for a report's data, before the workflow sees it.

The API takes machine formats, not what officers type: ``int`` a JSON integer; ``decimal`` a JSON number
or a string in plain notation ("1234.50"); ``text`` a string; ``date`` an ISO date string
("2026-03-31"); ``null`` leaves the field empty. A wrong type, an unknown field or a character the
database cannot store is a 422 naming the field (``data.<name>``)."""
import math
import re
from datetime import date

from flask_babel import gettext as _

from platform_core.api.errors import invalid
from platform_core.api.params import text_problem

MAX_DIGITS = 24
TEXT_MAX = 10000
_PLAIN_DECIMAL = re.compile(r"-?\d+(\.\d+)?")


def _int(value):
    if isinstance(value, float) and value.is_integer() and math.isfinite(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return None, _("Phải là số nguyên (JSON integer).")
    if len(str(abs(value))) > MAX_DIGITS:
        return None, _("Số quá lớn (tối đa %(n)s chữ số).", n=MAX_DIGITS)
    return value, None


def _decimal(value):
    if isinstance(value, bool):
        return None, _("Phải là số (JSON number) hoặc chuỗi số dạng 1234.50.")
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, _("Phải là một số hữu hạn.")
        value = repr(value)
        if "e" in value or "E" in value:
            return None, _("Viết số ở dạng thường, không dùng dạng mũ (1e5).")
    elif isinstance(value, int):
        value = str(value)
    elif not isinstance(value, str) or not _PLAIN_DECIMAL.fullmatch(value.strip()):
        return None, _("Phải là số (JSON number) hoặc chuỗi số dạng 1234.50.")
    value = value.strip()
    if len(value.replace(".", "").lstrip("-")) > MAX_DIGITS:
        return None, _("Số quá lớn (tối đa %(n)s chữ số).", n=MAX_DIGITS)
    return value, None


def _text(value):
    if not isinstance(value, str):
        return None, _("Phải là chuỗi văn bản.")
    return value, text_problem(value, TEXT_MAX)


def _date(value):
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value).isoformat(), None
        except ValueError:
            pass
    return None, _("Phải là ngày dạng YYYY-MM-DD, ví dụ 2026-03-31.")


_CHECKS = {"int": _int, "decimal": _decimal, "text": _text, "date": _date}


def report_data(report_type, data, prefix: str = "data") -> dict:
    """``data`` with every value checked against ``report_type``'s fields; raises a 422 otherwise."""
    if not isinstance(data, dict):
        raise invalid({prefix: _("Phải là một đối tượng JSON {tên trường: giá trị}.")})
    fields = {f.name: f for f in report_type.fields}
    problems, clean = {}, {}
    for name, value in data.items():
        field = fields.get(name)
        if field is None:
            known = ", ".join(fields)
            problems[f"{prefix}.{name}"[:200]] = _("Báo cáo không có trường này; các trường: %(names)s.",
                                                   names=known)
            continue
        if value is None:
            clean[name] = None
            continue
        checked, problem = _CHECKS[field.kind](value)
        if problem:
            problems[f"{prefix}.{name}"] = problem
        else:
            clean[name] = checked
    if problems:
        raise invalid(problems)
    return clean


def only_keys(body: dict, allowed: tuple[str, ...]) -> None:
    unknown = [key for key in body if key not in allowed]
    if unknown:
        raise invalid({key[:200]: _("Không có tham số này; các tham số: %(names)s.", names=", ".join(allowed))
                       for key in unknown})
