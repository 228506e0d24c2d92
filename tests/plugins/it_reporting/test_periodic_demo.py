"""The demo deployment holds a year of six-month and annual reports of the ministry's units, some late, and
the ministry's consolidated six-month report marking a late and a missing unit; seeding twice changes
nothing."""
import pytest
import sqlalchemy as sa

from platform_core.obligations.models import Obligation
from platform_core.units.models import Unit
from platform_core.workflow.models import Submission, SubmissionVersion
from plugins.it_reporting.periodic_demo import demo_year

pytestmark = pytest.mark.req("IT-04")


def _counts(db):
    """Rows of the periodic part only (the projects part has its own demo test)."""
    submissions = sa.select(Submission.id).where(Submission.report_type_key == "it_reporting.periodic")
    return {
        "submissions": db.session.scalar(sa.select(sa.func.count()).select_from(submissions.subquery())),
        "versions": db.session.scalar(sa.select(sa.func.count()).select_from(SubmissionVersion).where(
            SubmissionVersion.submission_id.in_(submissions))),
        "obligations": db.session.scalar(sa.select(sa.func.count()).select_from(Obligation).where(
            Obligation.rule_key.startswith("it_reporting.periodic"))),
    }


@pytest.mark.req("IT-08")
def test_the_demo_year_is_seeded_once_with_late_and_missing_units_marked(db, runner, client, login_as):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    assert "ksonmt.cntt / Demo@2026" in first.output
    after_first = _counts(db)
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    assert _counts(db) == after_first

    year = demo_year()
    bo = db.session.scalar(sa.select(Unit).where(Unit.code == "BTNMT"))
    reports = db.session.scalars(sa.select(Submission).where(
        Submission.report_type_key == "it_reporting.periodic", Submission.is_consolidated.is_(False))).all()
    assert {(s.unit.code, s.period_key, s.obligation.timeliness) for s in reports} >= {
        ("BTNMT-KSONMT", f"{year}-H1", "late"), ("BTNMT-BDKH", str(year), "late"),
        ("BTNMT-CNTT", f"{year}-H1", "on_time")}
    assert {s.status for s in reports} == {"approved"}

    half = db.session.scalar(sa.select(Submission).where(Submission.unit_id == bo.id,
                                                         Submission.period_key == f"{year}-H1"))
    sources = [v for v in half.versions if v.action == "consolidate"][-1].sources
    marks = {c["unit_code"]: (c["late"], c["missing"], c["waived"]) for c in sources["children"]}
    assert marks["BTNMT-KSONMT"] == (True, False, False)
    assert marks["BTNMT-BDKH"] == (True, True, False)
    assert marks["BTNMT-TCCB"] == (False, False, True)  # reported by the Ministry Office (Đ10.2.a)

    from platform_core.accounts.models import User

    login_as(db.session.scalar(sa.select(User).where(User.username == "cntt.tonghop")))
    page = client.get(f"/p/it_reporting/periodic/{year}-H1/consolidated").get_data(as_text=True)
    assert "Cục Kiểm soát ô nhiễm môi trường" in page and "Gửi trễ hạn" in page and "Chưa gửi, trễ hạn" in page
    assert f"Xếp hạng mức độ ứng dụng CNTT của các đơn vị — Năm {year}" in client.get("/public").get_data(
        as_text=True)
