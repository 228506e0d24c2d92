"""The deadlines of the periodic IT-application report (QĐ 1676/QĐ-BTNMT Điều 13; "trước ngày N" is N − 1) and
who owes them: the ministry's departments report, the ministry (prepared by the IT department) consolidates
and reports to MIC; units of other types owe nothing."""
from datetime import date

import pytest
import sqlalchemy as sa
from it_periodic_support import ministry

from platform_core.obligations import calendar
from platform_core.obligations.models import Obligation

pytestmark = pytest.mark.req("IT-04")


def _owed(db, unit):
    return {(o.rule_key.removeprefix("it_reporting."), o.period_key): o.due_at
            for o in db.session.scalars(sa.select(Obligation).where(Obligation.unit_id == unit.id))}


def test_each_level_gets_its_deadlines(db, runner, make_unit, make_user):
    tree = ministry(db, make_unit, make_user)
    province = make_unit("40", "Tỉnh Nghệ An", type_code="province")

    result = runner.invoke(args=["obligations", "generate", "--today", "01/06/2026"])
    assert result.exit_code == 0, result.output

    department = _owed(db, tree["units"]["BTNMT-VP"])
    assert department[("periodic_half", "2026-H1")] == calendar.due_instant(date(2026, 6, 14))
    assert department[("periodic_year", "2026")] == calendar.due_instant(date(2026, 12, 9))
    assert not any(rule.endswith("_ministry") or rule.endswith("_mic") for rule, _p in department)

    bo = _owed(db, tree["bo"])
    assert bo[("periodic_half_ministry", "2026-H1")] == calendar.due_instant(date(2026, 6, 19))
    assert bo[("periodic_year_ministry", "2026")] == calendar.due_instant(date(2026, 12, 14))
    assert bo[("periodic_mic", "2026")] == calendar.due_instant(date(2027, 1, 31))
    assert bo[("projects_ministry_year", "2026-12")] == calendar.due_instant(date(2026, 12, 31))
    assert ("periodic_half", "2026-H1") not in bo

    assert _owed(db, province) == {}
    owing = db.session.scalars(sa.select(Obligation.unit_id).where(
        Obligation.rule_key == "it_reporting.periodic_half", Obligation.period_key == "2026-H1")).all()
    assert sorted(owing) == sorted(u.id for u in tree["units"].values())


def test_the_periods_cover_the_calendar_half_and_year(db, runner, make_unit, make_user):
    tree = ministry(db, make_unit, make_user)
    runner.invoke(args=["obligations", "generate", "--today", "01/06/2026"])
    unit = tree["units"]["BTNMT-KSONMT"]
    half = db.session.scalar(sa.select(Obligation).where(Obligation.unit_id == unit.id,
                                                         Obligation.rule_key == "it_reporting.periodic_half"))
    year = db.session.scalar(sa.select(Obligation).where(Obligation.unit_id == unit.id,
                                                         Obligation.rule_key == "it_reporting.periodic_year"))
    assert (half.period_start, half.period_end) == (date(2026, 1, 1), date(2026, 6, 30))
    assert (year.period_start, year.period_end) == (date(2026, 1, 1), date(2026, 12, 31))


def test_the_rules_are_listed_for_the_operator(runner, db):
    result = runner.invoke(args=["obligations", "rules"])
    assert result.exit_code == 0, result.output
    for key in ("it_reporting.periodic_half", "it_reporting.periodic_year", "it_reporting.periodic_half_ministry",
                "it_reporting.periodic_year_ministry", "it_reporting.periodic_mic", "it_reporting.adhoc"):
        assert key in result.output
