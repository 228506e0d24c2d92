"""The rules a plugin returns from ``register_obligation_rules``: plain, frozen data the core turns into
obligations. Public API for plugin authors.

Four kinds, one per way a Vietnamese regulation states a deadline:

``FixedYearly``
    A calendar date every year, for a fixed period: the IT six-month report (period 01/01–30/06)
    is due on 15/06 — ``FixedYearly("it_reporting.half_year", "Báo cáo 6 tháng", month=6, day=15,
    period=("calendar_half", 1))``. ``year_offset=1`` puts the date in the year after the period
    (an annual report due 01/02 of the next year).
``Periodic``
    Every period of a kind (Nghị định 09/2019 cut-off windows ``month``, ``quarter``, ``half``, ``year``
    or calendar-aligned ``calendar_month`` … ``calendar_year``), with a deadline computed from the last
    day of the period's window — exactly one of:

    - ``due_day=D`` (``due_months_later=M``): the first day numbered D after the window's last day,
      then M months later. ND 09 windows close on the 14th, so ``due_day=20`` is "the 20th of the
      report month"; a calendar month closes on its last day, so ``due_day=18`` is "by the 18th of
      the next month". A month without day D uses its last day. This is the default, with D = 20
      (TT 06/2022/TT-UBDT Điều 6, TT 19/2020/TT-BGDĐT Điều 7 under ND 09 windows).
    - ``due_days=N``: N calendar days after the window's last day (Civil Code art. 147–148: moved to
      the next working day when it falls on a day off).
    - ``due_working_days=N``: N working days after the window's last day ("02 ngày làm việc kể từ
      ngày chốt số liệu").

    ``indexes`` limits the periods of a year (``(1, 3)``: only the first and third quarters).
``EventRelative``
    N calendar days, months or working days after an event the plugin reports through
    ``platform_core.obligations.service.open_for_event`` (a dossier 20 days after recruitment).
``AdHoc``
    A due date set per request (``service.create_ad_hoc``).

``unit_types`` lists the unit type codes a rule applies to; empty means every active unit where the
plugin is active. Keys start with the plugin key and a dot (checked when the rules are collected).
Every rule checks itself when built: an impossible date such as 31/02 raises ``ValueError``.
"""
import calendar as _stdlib_calendar
import re
from dataclasses import dataclass

ND09_KINDS = ("month", "quarter", "half", "year")
CALENDAR_KINDS = ("calendar_month", "calendar_quarter", "calendar_half", "calendar_year")
PERIOD_KINDS = ND09_KINDS + CALENDAR_KINDS
# How many periods of each kind a year holds; None: the kind has no index (one period a year).
PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "half": 2, "year": None}
DEFAULT_DUE_DAY = 20
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
KEY_MAX, TITLE_MAX = 120, 255
_LEAP_YEAR = 2024


def periods_per_year(kind: str) -> int | None:
    return PERIODS_PER_YEAR[kind.removeprefix("calendar_")]


def indexes_of(kind: str) -> tuple:
    """The indexes of one year's periods of ``kind``: ``(1, …, 12)`` for months, ``(None,)`` for years."""
    count = periods_per_year(kind)
    return (None,) if count is None else tuple(range(1, count + 1))


def _check_common(rule):
    if not isinstance(rule.key, str) or not KEY_PATTERN.match(rule.key) or len(rule.key) > KEY_MAX:
        raise ValueError(f"rule key {rule.key!r} must look like '<plugin key>.<name>' "
                         f"(lower-case letters, digits, _; at most {KEY_MAX} characters)")
    if not isinstance(rule.title, str) or not rule.title.strip() or len(rule.title) > TITLE_MAX:
        raise ValueError(f"rule {rule.key}: title must be a non-empty text of at most {TITLE_MAX} characters")
    types = tuple(rule.unit_types)
    if any(not isinstance(t, str) or not t for t in types):
        raise ValueError(f"rule {rule.key}: unit_types must be unit type codes")
    object.__setattr__(rule, "unit_types", types)


def _check_kind(rule, kind):
    if kind not in PERIOD_KINDS:
        raise ValueError(f"rule {rule.key}: unknown period kind {kind!r} (one of {', '.join(PERIOD_KINDS)})")


def _check_index(rule, kind, index):
    if index not in indexes_of(kind):
        count = periods_per_year(kind)
        expected = "None" if count is None else f"1–{count}"
        raise ValueError(f"rule {rule.key}: period index {index!r} is not valid for {kind!r} (expected {expected})")


def _check_count(rule, name, value):
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"rule {rule.key}: {name} must be a whole number ≥ 0, not {value!r}")


@dataclass(frozen=True)
class FixedYearly:
    """Due on ``day``/``month`` every year, for the period ``(kind, index)`` of that year (minus
    ``year_offset``). Day 29/02 is accepted and falls on 28/02 in other years."""

    key: str
    title: str
    month: int
    day: int
    period: tuple = ("calendar_year", None)
    unit_types: tuple = ()
    year_offset: int = 0

    def __post_init__(self):
        _check_common(self)
        if not isinstance(self.month, int) or not 1 <= self.month <= 12:
            raise ValueError(f"rule {self.key}: month {self.month!r} must be 1–12")
        last = _stdlib_calendar.monthrange(_LEAP_YEAR, self.month)[1]
        if not isinstance(self.day, int) or not 1 <= self.day <= last:
            raise ValueError(f"rule {self.key}: {self.day!r}/{self.month:02d} is not a date")
        period = tuple(self.period)
        if len(period) != 2:
            raise ValueError(f"rule {self.key}: period must be (kind, index), e.g. ('calendar_half', 1)")
        _check_kind(self, period[0])
        _check_index(self, period[0], period[1])
        object.__setattr__(self, "period", period)
        _check_count(self, "year_offset", self.year_offset)


@dataclass(frozen=True)
class Periodic:
    """Every period of ``period_kind``, due by one of ``due_day`` / ``due_days`` / ``due_working_days``
    counted from the last day of the period's window (see the module docstring)."""

    key: str
    title: str
    period_kind: str
    due_day: int | None = None
    due_months_later: int = 0
    due_days: int | None = None
    due_working_days: int | None = None
    indexes: tuple = ()
    unit_types: tuple = ()

    def __post_init__(self):
        _check_common(self)
        _check_kind(self, self.period_kind)
        given = [name for name in ("due_day", "due_days", "due_working_days") if getattr(self, name) is not None]
        if len(given) > 1:
            raise ValueError(f"rule {self.key}: give one of due_day, due_days, due_working_days, not {given}")
        if not given:
            object.__setattr__(self, "due_day", DEFAULT_DUE_DAY)
        if self.due_day is not None and (not isinstance(self.due_day, int) or not 1 <= self.due_day <= 31):
            raise ValueError(f"rule {self.key}: due_day {self.due_day!r} must be 1–31")
        _check_count(self, "due_months_later", self.due_months_later)
        if self.due_months_later and self.due_day is None:
            raise ValueError(f"rule {self.key}: due_months_later goes with due_day only")
        for name in ("due_days", "due_working_days"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise ValueError(f"rule {self.key}: {name} must be a whole number ≥ 1, not {value!r}")
        indexes = tuple(self.indexes)
        for index in indexes:
            if index is None:
                raise ValueError(f"rule {self.key}: indexes cannot hold None")
            _check_index(self, self.period_kind, index)
        object.__setattr__(self, "indexes", indexes)

    def covers(self, index) -> bool:
        return not self.indexes or index in self.indexes


@dataclass(frozen=True)
class EventRelative:
    """Due ``days`` or ``months`` (Civil Code counting) or ``working_days`` after an event's date: one of
    the three."""

    key: str
    title: str
    days: int = 0
    months: int = 0
    working_days: int = 0
    unit_types: tuple = ()

    def __post_init__(self):
        _check_common(self)
        for name in ("days", "months", "working_days"):
            _check_count(self, name, getattr(self, name))
        given = [name for name in ("days", "months", "working_days") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError(f"rule {self.key}: give exactly one of days, months, working_days (got {given})")


@dataclass(frozen=True)
class AdHoc:
    """A request with its own due date, set when it is made."""

    key: str
    title: str
    unit_types: tuple = ()

    def __post_init__(self):
        _check_common(self)


RULE_TYPES = (FixedYearly, Periodic, EventRelative, AdHoc)


def plugin_of(rule_key: str) -> str:
    """The plugin that declared ``rule_key`` (its prefix, checked at collection)."""
    return rule_key.split(".", 1)[0]
