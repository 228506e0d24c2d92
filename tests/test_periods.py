"""Cut-off windows of Nghị định 09/2019 Điều 12 and calendar-aligned windows (CORE-09)."""
from datetime import date, timedelta

import pytest

from platform_core.obligations.periods import KINDS, cutoff_window, period_key, periods_between

D = date
pytestmark = pytest.mark.req("CORE-09")


@pytest.mark.parametrize(("kind", "year", "index", "window"), [
    ("month", 2026, 1, (D(2025, 12, 15), D(2026, 1, 14))),
    ("month", 2025, 3, (D(2025, 2, 15), D(2025, 3, 14))),
    ("month", 2026, 12, (D(2026, 11, 15), D(2026, 12, 14))),
    ("quarter", 2025, 1, (D(2024, 12, 15), D(2025, 3, 14))),
    ("quarter", 2025, 2, (D(2025, 3, 15), D(2025, 6, 14))),
    ("quarter", 2025, 4, (D(2025, 9, 15), D(2025, 12, 14))),
    ("half", 2025, 1, (D(2024, 12, 15), D(2025, 6, 14))),
    ("half", 2025, 2, (D(2025, 6, 15), D(2025, 12, 14))),
    ("year", 2025, None, (D(2024, 12, 15), D(2025, 12, 14))),
    ("calendar_month", 2024, 2, (D(2024, 2, 1), D(2024, 2, 29))),
    ("calendar_month", 2025, 2, (D(2025, 2, 1), D(2025, 2, 28))),
    ("calendar_quarter", 2026, 3, (D(2026, 7, 1), D(2026, 9, 30))),
    ("calendar_half", 2026, 1, (D(2026, 1, 1), D(2026, 6, 30))),
    ("calendar_half", 2026, 2, (D(2026, 7, 1), D(2026, 12, 31))),
    ("calendar_year", 2026, None, (D(2026, 1, 1), D(2026, 12, 31))),
])
def test_cutoff_windows(kind, year, index, window):
    assert cutoff_window(kind, year, index) == window


@pytest.mark.parametrize(("kind", "count"), [("month", 12), ("quarter", 4), ("half", 2),
                                             ("calendar_month", 12), ("calendar_quarter", 4), ("calendar_half", 2)])
def test_windows_follow_each_other_without_gap_or_overlap_across_years(kind, count):
    windows = [cutoff_window(kind, year, i) for year in (2024, 2025, 2026) for i in range(1, count + 1)]
    for (_, last), (first, _) in zip(windows, windows[1:]):
        assert first == last + timedelta(days=1)


@pytest.mark.parametrize(("kind", "index", "key"), [
    ("month", 3, "2026-03"), ("calendar_month", 11, "2026-11"), ("quarter", 1, "2026-Q1"),
    ("half", 1, "2026-H1"), ("calendar_half", 2, "2026-H2"), ("year", None, "2026"), ("calendar_year", None, "2026"),
])
def test_period_keys(kind, index, key):
    assert period_key(kind, 2026, index) == key


def test_periods_between_includes_every_window_that_meets_the_span():
    start, end = D(2025, 12, 10), D(2026, 1, 20)
    assert list(periods_between("month", start, end)) == [(2025, 12), (2026, 1), (2026, 2)]
    assert list(periods_between("calendar_month", start, end)) == [(2025, 12), (2026, 1)]
    assert list(periods_between("half", D(2026, 1, 1), D(2026, 12, 31))) == [(2026, 1), (2026, 2), (2027, 1)]
    assert list(periods_between("calendar_year", D(2025, 12, 31), D(2026, 1, 1))) == [(2025, None), (2026, None)]
    assert list(periods_between("year", D(2026, 12, 15), D(2026, 12, 15))) == [(2027, None)]


@pytest.mark.parametrize(("args", "message"), [
    (("week", 2026, 1), "unknown period kind 'week'"),
    (("month", 2026, 13), "index from 1 to 12"),
    (("month", 2026, 0), "index from 1 to 12"),
    (("month", 2026, None), "index from 1 to 12"),
    (("quarter", 2026, 5), "index from 1 to 4"),
    (("half", 2026, 3), "index from 1 to 2"),
    (("calendar_half", 2026, True), "index from 1 to 2"),
    (("year", 2026, 1), "takes no index"),
    (("month", "2026", 1), "year must be"),
])
def test_bad_kinds_and_indexes_are_refused_clearly(args, message):
    with pytest.raises(ValueError, match=message):
        cutoff_window(*args)
    with pytest.raises(ValueError, match=message):
        period_key(*args)


def test_periods_between_refuses_a_reversed_span_and_unknown_kinds():
    with pytest.raises(ValueError, match="after"):
        list(periods_between("month", D(2026, 2, 1), D(2026, 1, 1)))
    with pytest.raises(ValueError, match="expected one of"):
        list(periods_between("fortnight", D(2026, 1, 1), D(2026, 2, 1)))


def test_every_kind_is_documented_in_kinds():
    assert set(KINDS) == {"month", "quarter", "half", "year", "calendar_month", "calendar_quarter",
                          "calendar_half", "calendar_year"}
