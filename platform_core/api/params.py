"""Reading what a client sends: query parameters, JSON bodies, paging. Bad input becomes a 400 or a 422
naming the parameter, before it can reach the database (a NUL character or a 20-digit id would otherwise
end as a database error, i.e. a 500)."""
from datetime import date

from flask import request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from platform_core.api.errors import ApiError, invalid
from platform_core.extensions import db

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 100_000
MAX_ID = 2**31 - 1
MAX_TEXT = 200


def text_problem(value: str, max_length: int = MAX_TEXT) -> str | None:
    """Why ``value`` cannot be stored as text, or None."""
    if "\x00" in value:
        return _("Không được chứa ký tự NUL.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("Không phải văn bản Unicode hợp lệ.")
    if len(value) > max_length:
        return _("Dài quá %(n)s ký tự.", n=max_length)
    return None


def text_arg(name: str) -> str | None:
    value = request.args.get(name)
    if value is None or value == "":
        return None
    problem = text_problem(value)
    if problem:
        raise invalid({name: problem})
    return value


def choice_arg(name: str, choices) -> str | None:
    value = text_arg(name)
    if value is not None and value not in choices:
        raise invalid({name: _("Giá trị không hợp lệ; chọn một trong: %(values)s.", values=", ".join(choices))})
    return value


def date_arg(name: str) -> date | None:
    value = text_arg(name)
    if value is None:
        return None
    try:
        if len(value) != 10:  # fromisoformat also takes 20260630 and week dates
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise invalid({name: _("Ngày phải theo dạng YYYY-MM-DD, ví dụ 2026-06-30.")}) from None


def int_arg(name: str, default: int | None = None, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    if not value.isascii() or not value.isdigit():
        raise invalid({name: _("Phải là số nguyên dương.")})
    number = int(value)
    if number < minimum or number > maximum:
        raise invalid({name: _("Phải từ %(low)s đến %(high)s.", low=minimum, high=maximum)})
    return number


def object_id(value: int) -> int:
    """A path id beyond the database's integer range cannot exist."""
    if value < 1 or value > MAX_ID:
        raise ApiError(404)
    return value


def json_object() -> dict:
    """The request body as a JSON object: 400 when it is not JSON at all, 422 when it is not an object."""
    data = request.get_data(cache=True)
    if not data.strip():
        raise ApiError(400, "invalid_json", _("Thiếu nội dung JSON trong yêu cầu."))
    body = request.get_json(force=True, silent=True)
    if body is None:
        raise ApiError(400, "invalid_json", _("Nội dung yêu cầu không phải JSON hợp lệ."))
    if not isinstance(body, dict):
        raise invalid({"body": _("Nội dung phải là một đối tượng JSON.")})
    return body


def page_of(stmt, serialize_rows, endpoint: str, **filters) -> dict:
    """One page of ``stmt`` (ordered), ``{"items", "page", "per_page", "total", "next"}``; ``next`` is the
    absolute URL of the following page with the same filters, or null on the last page.
    ``serialize_rows`` turns the page's rows into items at once (so it can look up related rows in one
    query)."""
    page = int_arg("page", 1, maximum=MAX_PAGE)
    per_page = min(int_arg("per_page", DEFAULT_PER_PAGE, maximum=MAX_ID), MAX_PER_PAGE)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique().all()
    has_next = page * per_page < total
    args = {k: v for k, v in filters.items() if v is not None}
    return {
        "items": serialize_rows(rows),
        "page": page,
        "per_page": per_page,
        "total": total,
        "next": url_for(endpoint, page=page + 1, per_page=per_page, _external=True, **args) if has_next else None,
    }
