"""The demo deployment shows a district consolidating three communes' approved RPT-09 reports, one of
them late and marked (issue 4, "done when"); seeding twice changes nothing. Also the regime's rule: the
report of a calendar month is due on the 18th of the next month."""
from datetime import date

import pytest
import sqlalchemy as sa

from platform_core.obligations import calendar
from platform_core.obligations.models import Obligation
from platform_core.units.models import Unit
from platform_core.workflow.models import Submission, SubmissionVersion
from plugins.provincial_reports.demo import demo_period

pytestmark = pytest.mark.req("CORE-12")
RT = "provincial_reports.socio_economic"


def _snapshot(db):
    return {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Submission, SubmissionVersion, Obligation)}


def _unit(db, code):
    return db.session.scalar(sa.select(Unit).where(Unit.code == code))


def test_the_demo_district_consolidates_three_approved_communes_with_one_late(db, runner, client, login_as):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert "hungdong.nhaplieu / Demo@2026" in first.output
    after_first = _snapshot(db)
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0, second.output
    assert _snapshot(db) == after_first

    year, month = demo_period()
    period = f"{year}-{month:02d}"
    communes = {code: db.session.scalar(sa.select(Submission).where(
        Submission.unit_id == _unit(db, code).id, Submission.report_type_key == RT, Submission.period_key == period))
        for code in ("40-VINH-HB", "40-VINH-LM", "40-VINH-HD")}
    assert {s.status for s in communes.values()} == {"approved"}
    assert [c.obligation.timeliness for c in communes.values()] == ["on_time", "on_time", "late"]

    district = db.session.scalar(sa.select(Submission).where(Submission.unit_id == _unit(db, "40-VINH").id,
                                                             Submission.report_type_key == RT))
    assert district.is_consolidated and district.period_key == period
    sources = district.versions[-1].sources
    assert [(c["unit_code"], c["late"], c["missing"]) for c in sources["children"]] == [
        ("40-VINH-HB", False, False), ("40-VINH-HD", True, False), ("40-VINH-LM", False, False)]
    assert district.data["new_jobs"] == 99

    from platform_core.accounts.models import User

    login_as(db.session.scalar(sa.select(User).where(User.username == "vinh.tonghop")))
    page = client.get(f"/reports/{district.id}").get_data(as_text=True)
    assert "Xã Hưng Đông" in page and "Nộp muộn" in page and "Thiếu: chưa có" not in page


def test_the_demo_period_is_the_latest_month_already_due():
    assert demo_period(date(2026, 11, 22)) == (2026, 10)
    assert demo_period(date(2026, 11, 18)) == (2026, 9)
    assert demo_period(date(2026, 1, 5)) == (2025, 11)


def test_rpt09_is_due_on_the_18th_of_the_next_month(app, db, runner, make_unit):
    from platform_core.plugins import activation

    make_unit("40-X", "Xã Thử", type_code="commune")
    make_unit("40-S", "Sở Thử", type_code="department")
    activation.enable("provincial_reports")
    db.session.commit()
    result = runner.invoke(args=["obligations", "generate", "--today", "01/11/2026", "--horizon", "50"])
    assert result.exit_code == 0, result.output
    rows = db.session.execute(sa.select(Obligation.period_key, Obligation.due_at, Unit.code).join(Unit).where(
        Obligation.rule_key == "provincial_reports.socio_economic_monthly").order_by(Obligation.period_key)).all()
    assert [(p, due, code) for p, due, code in rows] == [
        ("2026-09", calendar.due_instant(date(2026, 10, 18)), "40-X"),
        ("2026-10", calendar.due_instant(date(2026, 11, 18)), "40-X"),
        ("2026-11", calendar.due_instant(date(2026, 12, 18)), "40-X")]
