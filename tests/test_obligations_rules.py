"""Obligation rules check themselves when built, and the registry names the plugin of a bad rule;
planning turns rules into periods and due dates (CORE-09). No database needed, except to build an app."""
from datetime import date

import pytest

from platform_core.obligations import planning
from platform_core.obligations.rules import AdHoc, EventRelative, FixedYearly, Periodic
from platform_core.testing.pytest_plugin import _make_app


@pytest.mark.req("CORE-09")
@pytest.mark.parametrize("day", [30, 31])
def test_fixed_yearly_refuses_impossible_february_dates(day):
    with pytest.raises(ValueError, match=f"{day}/02"):
        FixedYearly("x.report", "Báo cáo", month=2, day=day)


@pytest.mark.req("CORE-09")
def test_fixed_yearly_accepts_29_february_and_uses_28_in_common_years():
    rule = FixedYearly("x.report", "Báo cáo", month=2, day=29)
    assert planning.fixed_due(rule, 2024) == date(2024, 2, 29)
    assert planning.fixed_due(rule, 2026) == date(2026, 2, 28)


@pytest.mark.req("CORE-09")
@pytest.mark.parametrize("kwargs", [
    dict(month=13, day=1), dict(month=0, day=1), dict(month=4, day=31), dict(month=6, day=15, period=("weekly", 1)),
    dict(month=6, day=15, period=("calendar_half", 3)), dict(month=6, day=15, period=("calendar_year", 1)),
])
def test_fixed_yearly_refuses_bad_fields(kwargs):
    with pytest.raises(ValueError):
        FixedYearly("x.report", "Báo cáo", **kwargs)


@pytest.mark.req("CORE-09")
@pytest.mark.parametrize("build", [
    lambda: Periodic("x.m", "Tháng", "fortnight"),
    lambda: Periodic("x.m", "Tháng", "month", due_day=32),
    lambda: Periodic("x.m", "Tháng", "month", due_day=20, due_days=5),
    lambda: Periodic("x.m", "Tháng", "quarter", indexes=(5,)),
    lambda: Periodic("x.m", "Tháng", "month", due_working_days=0),
    lambda: EventRelative("x.e", "Sự kiện"),
    lambda: EventRelative("x.e", "Sự kiện", days=5, working_days=1),
    lambda: AdHoc("X.bad key", "Đột xuất"),
    lambda: AdHoc("nodot", "Đột xuất"),
    lambda: AdHoc("x.a", "  "),
])
def test_other_rules_refuse_bad_fields(build):
    with pytest.raises(ValueError):
        build()


@pytest.mark.req("CORE-09")
def test_periodic_defaults_to_the_20th_after_an_nd09_window():
    rule = Periodic("x.monthly", "Báo cáo tháng", "month")
    planned = planning.plan(rule, date(2026, 3, 1), date(2026, 3, 31))
    assert [(p.period_key, p.start, p.end, p.due) for p in planned] == [
        ("2026-03", date(2026, 2, 15), date(2026, 3, 14), date(2026, 3, 20))]


@pytest.mark.req("CORE-09")
def test_periodic_due_day_of_the_next_month_for_calendar_windows_and_month_ends():
    rule = Periodic("x.monthly", "Báo cáo tháng", "calendar_month", due_day=31)
    dues = {p.period_key: p.due for p in planning.plan(rule, date(2026, 1, 1), date(2026, 5, 31))}
    assert dues == {"2025-12": date(2026, 1, 31), "2026-01": date(2026, 2, 28), "2026-02": date(2026, 3, 31),
                    "2026-03": date(2026, 4, 30), "2026-04": date(2026, 5, 31)}
    annual = Periodic("x.year", "Báo cáo năm", "calendar_year", due_day=1, due_months_later=1)
    assert [p.due for p in planning.plan(annual, date(2027, 1, 1), date(2027, 12, 31))] == [date(2027, 2, 1)]


@pytest.mark.req("CORE-09")
def test_periodic_working_days_after_the_cutoff_skip_tet():
    rule = Periodic("x.q", "Báo cáo quý", "calendar_month", due_working_days=3, indexes=(1,))
    planned = planning.plan(rule, date(2025, 1, 1), date(2025, 12, 31))
    # January 2025 closes Fri 31/01, inside Tết (27/01–01/02): 03, 04, 05/02 are the three working days.
    assert [(p.period_key, p.due) for p in planned] == [("2025-01", date(2025, 2, 5))]


@pytest.mark.req("CORE-09")
def test_periodic_indexes_limit_the_periods():
    rule = Periodic("x.q", "Báo cáo quý", "quarter", due_day=20, indexes=(1, 3))
    assert [p.period_key for p in planning.plan(rule, date(2026, 1, 1), date(2026, 12, 31))] == ["2026-Q1", "2026-Q3"]


@pytest.mark.req("CORE-09")
def test_a_plugin_declaring_31_february_stops_start_up_naming_it(tmp_path):
    from platform_core import obligations

    with pytest.raises(RuntimeError, match=r"pcob_bad.*31/02"):
        app = _make_app(f"sqlite:///{tmp_path / 'x.db'}",
                        {"PLUGIN_MODULES": "pcob_bad=fixtures_obligations.pcob_bad_date"})
        obligations.init_app(app)  # when the application factory does not already


@pytest.mark.req("CORE-09")
def test_a_rule_under_another_plugins_key_stops_start_up(tmp_path):
    from platform_core import obligations

    with pytest.raises(RuntimeError, match=r"pcob_foreign.*it_reporting\.adhoc"):
        app = _make_app(f"sqlite:///{tmp_path / 'x.db'}",
                        {"PLUGIN_MODULES": "pcob_foreign=fixtures_obligations.pcob_foreign_key"})
        obligations.init_app(app)


@pytest.mark.req("CORE-09")
def test_rules_are_collected_with_the_example_plugin(tmp_path):
    from platform_core import obligations
    from platform_core.obligations.registry import all_rules

    app = _make_app(f"sqlite:///{tmp_path / 'x.db'}", {"PLUGIN_MODULES": "example=examples.example_plugin"})
    if "obligation_rules" not in app.extensions:
        obligations.init_app(app)
    rules = all_rules(app)
    assert isinstance(rules["example.monthly"], Periodic)
