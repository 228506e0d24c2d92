"""Reporting periods and their data cut-off windows (Nghị định 09/2019/NĐ-CP Điều 12).

A period is ``(kind, year, index)``: ``("month", 2026, 3)``, ``("quarter", 2026, 1)``, ``("half", 2026,
2)``, ``("year", 2026, None)``. Its *window* is the span of days whose data it covers, both ends
included. The kinds without a prefix follow Điều 12, whose windows run from the 15th to the 14th so that
the first window of a year starts on 15/12 of the year before:

- ``month``: 15th of the previous month – 14th of the month (January: 15/12 of the year before – 14/01);
- ``quarter``: 15th of the month before the quarter – 14th of its last month (Q1: 15/12 – 14/03);
- ``half``: 15/12 of the year before – 14/06, and 15/06 – 14/12;
- ``year``: 15/12 of the year before – 14/12.

The ``calendar_`` kinds are the calendar-aligned windows many sectoral regimes use instead
(01/01–30/06 for a first half, for instance). A regime chooses its kind; Điều 12 is the default.
"""
from calendar import monthrange
from collections.abc import Iterator
from datetime import date

MONTHS_PER_PERIOD = {"month": 1, "quarter": 3, "half": 6, "year": 12}
CALENDAR_PREFIX = "calendar_"
KINDS = tuple(MONTHS_PER_PERIOD) + tuple(CALENDAR_PREFIX + base for base in MONTHS_PER_PERIOD)
_KEY_FORMAT = {"month": "{year}-{index:02d}", "quarter": "{year}-Q{index}", "half": "{year}-H{index}",
               "year": "{year}"}


def _base(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown period kind {kind!r}; expected one of {', '.join(KINDS)}")
    return kind.removeprefix(CALENDAR_PREFIX)


def _checked(kind: str, year: int, index: int | None) -> tuple[str, int]:
    """The base kind and the index (1 for a year), after checking all three."""
    base = _base(kind)
    if isinstance(year, bool) or not isinstance(year, int) or not 1 < year < 9999:
        raise ValueError(f"year must be a whole number between 2 and 9998, got {year!r}")
    count = 12 // MONTHS_PER_PERIOD[base]
    if count == 1:
        if index is not None:
            raise ValueError(f"period kind {kind!r} takes no index, got {index!r}")
        return base, 1
    if isinstance(index, bool) or not isinstance(index, int) or not 1 <= index <= count:
        raise ValueError(f"period kind {kind!r} needs an index from 1 to {count}, got {index!r}")
    return base, index


def cutoff_window(kind: str, year: int, index: int | None = None) -> tuple[date, date]:
    """``(first_day, last_day)`` of the period's data window, both included."""
    base, index = _checked(kind, year, index)
    span = MONTHS_PER_PERIOD[base]
    first_month, last_month = (index - 1) * span + 1, index * span
    if kind.startswith(CALENDAR_PREFIX):
        return date(year, first_month, 1), date(year, last_month, monthrange(year, last_month)[1])
    start = date(year - 1, 12, 15) if first_month == 1 else date(year, first_month - 1, 15)
    return start, date(year, last_month, 14)


def period_key(kind: str, year: int, index: int | None = None) -> str:
    """The period's name in obligations: "2026-03", "2026-Q1", "2026-H1" or "2026" (same for both
    window styles: the key names the period, the regime's kind says which days it covers)."""
    base, index = _checked(kind, year, index)
    return _KEY_FORMAT[base].format(year=year, index=index)


def periods_between(kind: str, start: date, end: date) -> Iterator[tuple[int, int | None]]:
    """``(year, index)`` of every period of ``kind`` whose window meets ``[start, end]``, in order
    (``index`` is None for years)."""
    base = _base(kind)
    if start > end:
        raise ValueError(f"start {start} is after end {end}")
    count = 12 // MONTHS_PER_PERIOD[base]
    for year in range(start.year, end.year + 2):
        for index in range(1, count + 1):
            key_index = index if count > 1 else None
            first, last = cutoff_window(kind, year, key_index)
            if first > end:
                return
            if last >= start:
                yield year, key_index
