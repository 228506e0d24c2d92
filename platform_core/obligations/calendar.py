"""The Vietnamese working-day calendar and the deadlines counted on it (CORE-09).

A day is a working day when it is Monday–Friday and not a public holiday, or when it is a Saturday or
Sunday the Government turned into a working day in exchange for a bridge day. An administrator's
:class:`~platform_core.obligations.models.CalendarOverride` decides over both: ``off`` makes any day a
day off, ``working`` makes any day a working day.

Public holidays come from the ``holidays`` package (Labour Code 2019 art. 112: Tết Dương lịch, Tết
Nguyên Đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh, Ngày Văn hóa Việt Nam from 2026, with the days
in lieu of those falling on a weekend). The package also knows the bridge days and the make-up
Saturdays the Government decided before its release (02/05/2025 off, Saturday 26/04/2025 worked;
31/08/2026 off, Saturday 22/08/2026 worked). Those decided each year after the release, and the days a
province adds for its own agencies, are not in it: administrators enter them as ``CalendarOverride``
rows ("off" for the bridge day, "working" for the Saturday worked in exchange) on the page *Lịch nghỉ*
or with ``flask calendar add-override``.

Every function takes an optional ``overrides`` mapping ``{date: "off" | "working"}``. Without it, the
overrides are read from the database when an application context exists (one query per calendar year,
kept for the app context, which the platform renews on every request), and none are used otherwise,
so the national calendar alone can be computed without a database.
"""
from calendar import monthrange
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays
from flask import g, has_app_context
from flask_babel import gettext as _
from sqlalchemy import event, select

from platform_core.extensions import db
from platform_core.obligations.models import DAY_OFF, DAY_WORKING, CalendarOverride
from platform_core.timeutil import LOCAL_TZ, format_date, parse_date

OVERRIDE_KINDS = (DAY_OFF, DAY_WORKING)
Overrides = Mapping[date, str]
_Lookup = Callable[[int], Overrides]


class OverrideError(ValueError):
    """An override an administrator cannot enter; the message is meant for them (Vietnamese)."""


# National calendar ------------------------------------------------------------------------------

@lru_cache(maxsize=128)
def _national_table(year: int, language: str):
    return holidays.country_holidays("VN", years=year, language=language)


@lru_cache(maxsize=128)
def national_holidays(year: int, language: str = "vi") -> Mapping[date, str]:
    """``{date: name}`` of the public holidays of ``year``: Tết, days in lieu and bridge days included.

    ``language`` is one the package offers for Viet Nam ("vi", "en_US", "th").
    """
    return MappingProxyType(dict(sorted(_national_table(year, language).items())))


@lru_cache(maxsize=128)
def make_up_days(year: int) -> frozenset[date]:
    """Weekend days of ``year`` that the Government made working days in exchange for a bridge day.

    A swap may cross the new year (a Saturday in December worked for 2 January), so the next year's
    table is read too.
    """
    days = set()
    for table_year in (year, year + 1):
        days.update(d for d in _national_table(table_year, "vi").weekend_workdays if d.year == year)
    return frozenset(days)


# Overrides --------------------------------------------------------------------------------------

def load_overrides(start: date, end: date) -> dict[date, str]:
    """The overrides between ``start`` and ``end`` (inclusive), in one query."""
    rows = db.session.execute(
        select(CalendarOverride.day, CalendarOverride.kind).where(CalendarOverride.day.between(start, end)))
    return {day: kind for day, kind in rows}


def overrides_of_year(year: int) -> list[CalendarOverride]:
    """The override rows of ``year``, by date (for the pages and the CLI that list them)."""
    return db.session.scalars(
        select(CalendarOverride)
        .where(CalendarOverride.day.between(date(year, 1, 1), date(year, 12, 31)))
        .order_by(CalendarOverride.day)
    ).all()


def _stored_overrides(year: int) -> Overrides:
    if not has_app_context():
        return {}
    cache = g.setdefault("_calendar_overrides", {})
    if year not in cache:
        cache[year] = load_overrides(date(year, 1, 1), date(year, 12, 31))
    return cache[year]


def forget_overrides() -> None:
    """Drop the overrides kept for this app context; called whenever an override row is written."""
    if has_app_context():
        g.pop("_calendar_overrides", None)


@event.listens_for(CalendarOverride, "after_insert")
@event.listens_for(CalendarOverride, "after_update")
@event.listens_for(CalendarOverride, "after_delete")
def _override_changed(mapper, connection, target):
    forget_overrides()


def _lookup(overrides: Overrides | None) -> _Lookup:
    if overrides is not None:
        return lambda year: overrides
    return _stored_overrides


def parse_override_day(text: str) -> date:
    """The date an administrator typed for an override; :class:`OverrideError` with a clear message."""
    try:
        return parse_date(text)
    except ValueError:
        raise OverrideError(_("Không đọc được ngày “%(text)s”. Nhập ngày có thật theo dạng dd/mm/yyyy, "
                              "ví dụ 02/09/2026.", text=(text or "").strip())) from None


def add_override(day: date, kind: str, name: str, by=None) -> CalendarOverride:
    """Add an override to the session (the caller commits); one per day."""
    name = (name or "").strip()
    if kind not in OVERRIDE_KINDS:
        raise OverrideError(_("Loại điều chỉnh phải là “off” (ngày nghỉ) hoặc “working” (ngày làm việc)."))
    if not name:
        raise OverrideError(_("Nhập tên hoặc lý do của điều chỉnh."))
    existing = db.session.scalar(select(CalendarOverride).where(CalendarOverride.day == day))
    if existing is not None:
        raise OverrideError(_("Ngày %(day)s đã có điều chỉnh “%(name)s”; xoá điều chỉnh đó trước.",
                              day=format_date(day), name=existing.name))
    row = CalendarOverride(day=day, kind=kind, name=name, created_by_id=by.id if by is not None else None)
    db.session.add(row)
    db.session.flush()
    return row


def delete_override(row: CalendarOverride) -> None:
    db.session.delete(row)
    db.session.flush()


# Working days -----------------------------------------------------------------------------------

def _check_date(value, name="d") -> None:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date (not {type(value).__name__})")


def _is_working(d: date, lookup: _Lookup) -> bool:
    kind = lookup(d.year).get(d)
    if kind == DAY_OFF:
        return False
    if kind == DAY_WORKING:
        return True
    if d in national_holidays(d.year):
        return False
    return d.weekday() < 5 or d in make_up_days(d.year)


def is_working_day(d: date, overrides: Overrides | None = None) -> bool:
    """Is ``d`` a working day for state agencies?"""
    _check_date(d)
    return _is_working(d, _lookup(overrides))


def _first_working_from(d: date, lookup: _Lookup) -> date:
    while not _is_working(d, lookup):
        d += timedelta(days=1)
    return d


def add_working_days(d: date, n: int, overrides: Overrides | None = None) -> date:
    """The ``n``-th working day after ``d`` (``d`` itself is not counted).

    ``n = 0`` gives ``d`` when it is a working day, otherwise the next working day: the day a period
    ending on ``d`` really ends.
    """
    _check_date(d)
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a whole number ≥ 0, got {n!r}")
    lookup = _lookup(overrides)
    if n == 0:
        return _first_working_from(d, lookup)
    for _step in range(n):
        d = _first_working_from(d + timedelta(days=1), lookup)
    return d


def next_working_day(d: date, overrides: Overrides | None = None) -> date:
    """The first working day after ``d`` (never ``d`` itself)."""
    return add_working_days(d, 1, overrides)


# Deadlines --------------------------------------------------------------------------------------

def add_months(d: date, months: int) -> date:
    """The corresponding day ``months`` later, or that month's last day when it has none (31/01 → 28/02)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, monthrange(year, month)[1]))


def deadline_after(event_date: date, *, days: int = 0, months: int = 0, working_days: int = 0,
                   overrides: Overrides | None = None) -> date:
    """The last day of a period counted from an event (Civil Code 2015 art. 147–148).

    Exactly one of ``days``, ``months``, ``working_days`` is given, as a whole number > 0. The event day
    is not counted. A period in months ends on the corresponding day of its last month, or that month's
    last day when it has none. When a period in days or months ends on a day off (weekend, public
    holiday, an "off" override), it ends on the next working day (art. 148.5). With ``working_days``
    only working days are counted.
    """
    _check_date(event_date, "event_date")
    given = {name: value for name, value in (("days", days), ("months", months), ("working_days", working_days))
             if value != 0}
    if len(given) != 1:
        raise ValueError("deadline_after needs exactly one of days, months, working_days (non-zero); "
                         f"got {given or 'none'}")
    (name, value), = given.items()
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number > 0, got {value!r}")
    if name == "working_days":
        return add_working_days(event_date, value, overrides)
    last = event_date + timedelta(days=value) if name == "days" else add_months(event_date, value)
    return add_working_days(last, 0, overrides)


def due_instant(d: date) -> datetime:
    """The end of day ``d`` in Viet Nam (23:59:59.999999 Asia/Ho_Chi_Minh), as an aware UTC instant."""
    _check_date(d)
    return datetime.combine(d, time.max, tzinfo=LOCAL_TZ).astimezone(UTC)
