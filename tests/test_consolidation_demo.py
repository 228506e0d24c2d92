"""The demo deployment shows a district consolidating its communes' approved reports, one of them late and
marked (issue 4, "done when"): Thành phố Vinh and the quarterly labour report (LDXH-QUY) of the latest
quarter already due, Xã Hưng Đông two days late. Seeding twice changes nothing."""
from datetime import date

import pytest
import sqlalchemy as sa

from platform_core.obligations.models import Obligation
from platform_core.units.models import Unit
from platform_core.workflow import consolidation
from platform_core.workflow.models import Submission, SubmissionVersion
from plugins.provincial_reports.demo import demo_periods
from plugins.provincial_reports.models import Regime

pytestmark = pytest.mark.req("CORE-12")
COMMUNES = ("40-VINH-HB", "40-VINH-LM", "40-VINH-HD")


def _snapshot(db):
    return {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Submission, SubmissionVersion, Obligation)}


def _unit(db, code):
    return db.session.scalar(sa.select(Unit).where(Unit.code == code))


def _report(db, keys, code, period):
    return db.session.scalar(sa.select(Submission).where(
        Submission.unit_id == _unit(db, code).id, Submission.report_type_key.in_(keys),
        Submission.period_key == period))


def test_the_demo_district_consolidates_three_approved_communes_with_one_late(db, runner, client, login_as):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert "hungdong.nhaplieu / Demo@2026" in first.output
    after_first = _snapshot(db)
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0, second.output
    assert _snapshot(db) == after_first

    regime = db.session.scalar(sa.select(Regime).where(Regime.code == "LDXH-QUY"))
    keys = [v.report_type_key for v in regime.versions]
    period = demo_periods("LDXH-QUY").past[-1].period_key
    communes = {code: _report(db, keys, code, period) for code in COMMUNES}
    assert {s.status for s in communes.values()} == {"approved"}
    assert [c.obligation.timeliness for c in communes.values()] == ["on_time", "on_time", "late"]

    district = _report(db, keys, "40-VINH", period)
    assert district.is_consolidated and district.status == "draft"
    sources = consolidation.latest_sources(district)
    assert [(c["unit_code"], c["late"], c["missing"]) for c in sources["children"]] == [
        ("40-VINH-HB", False, False), ("40-VINH-HD", True, False), ("40-VINH-LM", False, False)]
    assert district.data["LD05__total"] == sum(c.data["LD05__total"] for c in communes.values())

    from platform_core.accounts.models import User

    login_as(db.session.scalar(sa.select(User).where(User.username == "vinh.tonghop")))
    page = client.get(f"/reports/{district.id}").get_data(as_text=True)
    assert "Xã Hưng Đông" in page and "Nộp muộn" in page and "Thiếu: chưa có" not in page


def test_the_demo_periods_are_the_latest_already_due_and_the_current_one():
    months = demo_periods("KTXH-THANG", date(2026, 11, 22))
    assert [p.period_key for p in months.past] == ["2026-08", "2026-09", "2026-10"]
    assert months.current.period_key == "2026-11" and months.current.due == date(2026, 12, 18)
    assert demo_periods("KTXH-THANG", date(2026, 11, 18)).past[-1].period_key == "2026-09"
    assert demo_periods("KTXH-THANG", date(2026, 1, 5)).past[-1].period_key == "2025-11"
    quarters = demo_periods("LDXH-QUY", date(2026, 9, 21))
    assert [(p.period_key, p.due) for p in quarters.past] == [("2026-Q2", date(2026, 6, 20)),
                                                              ("2026-Q3", date(2026, 9, 20))]
    assert quarters.current.period_key == "2026-Q4"
