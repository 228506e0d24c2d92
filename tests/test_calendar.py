"""The Vietnamese working-day calendar and Civil Code deadlines (CORE-09), without a database.

The holiday facts are those the Government announced for state agencies and that the ``holidays``
package (0.109) carries: Tết Ất Tỵ 2025 off 25/01–02/02 (weekdays 27–31/01), Tết Bính Ngọ 2026 off
14/02–22/02 (weekdays 16–20/02), 02/05/2025 off in exchange for Saturday 26/04/2025, 31/08/2026 off
in exchange for Saturday 22/08/2026, Giỗ Tổ Hùng Vương on 07/04/2025 and on Sunday 26/04/2026 (Monday
27/04 in lieu). Outside an application context no override is read: the national calendar alone.
"""
from datetime import UTC, date, datetime, timedelta

import pytest

from platform_core.obligations.calendar import (
    add_months,
    add_working_days,
    deadline_after,
    due_instant,
    is_working_day,
    make_up_days,
    national_holidays,
    next_working_day,
)
from platform_core.timeutil import LOCAL_TZ

D = date
pytestmark = pytest.mark.req("CORE-09")


def days(start, end):
    return [start + timedelta(n) for n in range((end - start).days + 1)]


def test_tet_at_ty_2025_is_nine_days_off():
    assert all(not is_working_day(d) for d in days(D(2025, 1, 25), D(2025, 2, 2)))
    assert is_working_day(D(2025, 1, 24)) and is_working_day(D(2025, 2, 3))
    assert national_holidays(2025)[D(2025, 1, 29)] == "Tết Nguyên Đán"
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    assert add_working_days(D(2025, 1, 23), 2) == D(2025, 2, 3)


def test_tet_binh_ngo_2026_is_nine_days_off():
    assert all(not is_working_day(d) for d in days(D(2026, 2, 14), D(2026, 2, 22)))
    assert national_holidays(2026)[D(2026, 2, 16)] == "Giao thừa Tết Nguyên Đán"
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert deadline_after(D(2026, 2, 6), days=10) == D(2026, 2, 23)  # 16/02 is Tết


def test_reunification_and_labour_day_2025_with_the_bridge_day_and_the_saturday_worked():
    assert [is_working_day(d) for d in days(D(2025, 4, 26), D(2025, 5, 5))] == [
        True, False, True, True, False, False, False, False, False, True]  # Sat 26/04 worked, 30/04–04/05 off
    assert D(2025, 4, 26) in make_up_days(2025)
    assert add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)
    assert add_working_days(D(2025, 4, 25), 1) == D(2025, 4, 26)


def test_a_period_ending_on_30_april_moves_past_1_may_to_the_next_working_day():
    assert deadline_after(D(2026, 4, 20), days=10) == D(2026, 5, 4)  # Thu 30/04, Fri 01/05, weekend
    assert deadline_after(D(2025, 4, 20), days=10) == D(2025, 5, 5)  # Wed 30/04 … Fri 02/05, weekend
    assert deadline_after(D(2026, 3, 30), months=1) == D(2026, 5, 4)


def test_national_day_2025_and_2026():
    assert not is_working_day(D(2025, 9, 1)) and not is_working_day(D(2025, 9, 2))
    assert deadline_after(D(2025, 8, 21), days=10) == D(2025, 9, 3)  # Sun 31/08, Mon 01/09, Tue 02/09
    assert [is_working_day(d) for d in days(D(2026, 8, 31), D(2026, 9, 3))] == [False, False, False, True]
    assert is_working_day(D(2026, 8, 22)), "Saturday 22/08/2026 is worked in exchange for 31/08"
    assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)


def test_hung_kings_day():
    assert not is_working_day(D(2025, 4, 7))
    assert "Hùng Vương" in national_holidays(2025)[D(2025, 4, 7)]
    assert add_working_days(D(2025, 4, 4), 1) == D(2025, 4, 8)
    assert "Hùng Vương" in national_holidays(2026)[D(2026, 4, 26)]
    assert not is_working_day(D(2026, 4, 27)), "Sunday 26/04/2026 is made up on Monday 27/04"
    assert add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)


@pytest.mark.parametrize(("event", "months", "due"), [
    (D(2024, 1, 31), 1, D(2024, 2, 29)),   # leap year: the month's last day
    (D(2025, 1, 31), 1, D(2025, 2, 28)),   # a Friday, a working day
    (D(2026, 1, 31), 1, D(2026, 3, 2)),    # 28/02/2026 is a Saturday
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2025, 3, 15), 1, D(2025, 4, 15)),   # the corresponding day
    (D(2024, 12, 31), 2, D(2025, 2, 28)),
    (D(2025, 8, 31), 6, D(2026, 3, 2)),
])
def test_periods_in_months_end_on_the_corresponding_day_or_the_months_last(event, months, due):
    assert deadline_after(event, months=months) == due


def test_the_event_day_is_not_counted_and_a_saturday_end_moves_to_monday():
    assert deadline_after(D(2025, 3, 3), days=10) == D(2025, 3, 13)
    assert D(2025, 6, 14).weekday() == 5
    assert deadline_after(D(2025, 6, 4), days=10) == D(2025, 6, 16)


def test_working_days_count_only_working_days():
    assert deadline_after(D(2025, 1, 24), working_days=3) == D(2025, 2, 5)
    assert deadline_after(D(2025, 1, 25), working_days=1) == D(2025, 2, 3)  # event on a Saturday
    assert deadline_after(D(2025, 6, 2), working_days=5) == D(2025, 6, 9)


def test_zero_and_next_working_day():
    assert add_working_days(D(2025, 6, 4), 0) == D(2025, 6, 4)
    assert add_working_days(D(2025, 6, 7), 0) == D(2025, 6, 9)
    assert next_working_day(D(2025, 6, 4)) == D(2025, 6, 5)
    assert next_working_day(D(2025, 1, 24)) == D(2025, 2, 3)


def test_overrides_given_directly():
    overrides = {D(2026, 6, 5): "off", D(2026, 6, 13): "working"}
    assert is_working_day(D(2026, 6, 5)) and not is_working_day(D(2026, 6, 5), overrides)
    assert not is_working_day(D(2026, 6, 13)) and is_working_day(D(2026, 6, 13), overrides)
    assert add_working_days(D(2026, 6, 4), 1, overrides) == D(2026, 6, 8)
    assert add_working_days(D(2026, 6, 12), 1, overrides) == D(2026, 6, 13)
    assert add_working_days(D(2026, 6, 12), 1) == D(2026, 6, 15)
    assert deadline_after(D(2026, 5, 26), days=10, overrides=overrides) == D(2026, 6, 8)
    assert is_working_day(D(2026, 9, 2), {D(2026, 9, 2): "working"}), "an override wins over a holiday"


def test_due_instant_is_the_end_of_the_day_in_viet_nam():
    instant = due_instant(D(2026, 3, 20))
    assert instant == datetime(2026, 3, 20, 16, 59, 59, 999999, tzinfo=UTC)
    assert instant.astimezone(LOCAL_TZ).date() == D(2026, 3, 20)
    assert instant + timedelta(microseconds=1) == datetime(2026, 3, 21, tzinfo=LOCAL_TZ)


def test_add_months_clamps_to_the_months_last_day():
    assert add_months(D(2025, 3, 31), -1) == D(2025, 2, 28)
    assert add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)


@pytest.mark.parametrize("kwargs", [{}, {"days": 5, "months": 1}, {"days": 3, "working_days": 2},
                                    {"days": -3}, {"months": 1.5}, {"working_days": True}])
def test_deadline_after_refuses_anything_but_one_positive_whole_number(kwargs):
    with pytest.raises(ValueError, match="days|months"):
        deadline_after(D(2025, 6, 2), **kwargs)


def test_bad_inputs_are_refused_clearly():
    with pytest.raises(ValueError, match="≥ 0"):
        add_working_days(D(2025, 6, 2), -1)
    with pytest.raises(TypeError, match="datetime.date"):
        is_working_day(datetime(2025, 6, 2, 8, 0))
    with pytest.raises(TypeError, match="event_date"):
        deadline_after("02/06/2025", days=3)
