"""Which periods a calendar rule produces and when each is due.

The cut-off windows come from ``periods.cutoff_window`` and counted deadlines from
``calendar.deadline_after`` (which reads the calendar overrides); this module only decides which of
them a rule asks for.
"""
import calendar as _stdlib_calendar
from dataclasses import dataclass
from datetime import date

from platform_core.obligations import calendar, periods
from platform_core.obligations.rules import FixedYearly, Periodic, indexes_of


@dataclass(frozen=True)
class PlannedPeriod:
    period_key: str
    start: date
    end: date
    due: date


def _day_in_month(year: int, month: int, day: int) -> date:
    """Day ``day`` of the month, or the month's last day when it is shorter."""
    return date(year, month, min(day, _stdlib_calendar.monthrange(year, month)[1]))


def _months_later(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


def first_day_numbered_after(after: date, day: int, months_later: int = 0) -> date:
    """The first day numbered ``day`` strictly after ``after`` (a short month gives its last day), then
    ``months_later`` months on."""
    candidate = _day_in_month(after.year, after.month, day)
    year, month = (after.year, after.month) if candidate > after else _months_later(after.year, after.month, 1)
    year, month = _months_later(year, month, months_later)
    return _day_in_month(year, month, day)


def periodic_due(rule: Periodic, window_end: date) -> date:
    if rule.due_days is not None:
        return calendar.deadline_after(window_end, days=rule.due_days)
    if rule.due_working_days is not None:
        return calendar.deadline_after(window_end, working_days=rule.due_working_days)
    return first_day_numbered_after(window_end, rule.due_day, rule.due_months_later)


def fixed_due(rule: FixedYearly, period_year: int) -> date:
    return _day_in_month(period_year + rule.year_offset, rule.month, rule.day)


def _planned(kind, year, index, due) -> PlannedPeriod:
    start, end = periods.cutoff_window(kind, year, index)
    return PlannedPeriod(periods.period_key(kind, year, index), start, end, due)


def plan(rule, first: date, last: date) -> list[PlannedPeriod]:
    """The periods of ``rule`` due between ``first`` and ``last`` (both included), by due date."""
    out = []
    if isinstance(rule, FixedYearly):
        kind, index = rule.period
        for year in range(first.year - rule.year_offset - 1, last.year - rule.year_offset + 1):
            due = fixed_due(rule, year)
            if first <= due <= last:
                out.append(_planned(kind, year, index, due))
    elif isinstance(rule, Periodic):
        for year in range(first.year - 2, last.year + 1):
            for index in indexes_of(rule.period_kind):
                if not rule.covers(index):
                    continue
                start, end = periods.cutoff_window(rule.period_kind, year, index)
                due = periodic_due(rule, end)
                if first <= due <= last:
                    out.append(PlannedPeriod(periods.period_key(rule.period_kind, year, index), start, end, due))
    return sorted(out, key=lambda p: (p.due, p.period_key))
