"""Shared world of the workflow and consolidation tests (no tests here): Thành phố Vinh and its communes,
a monthly regime declared in code (``fixtures_workflow.monthly_regime``, the shape of Nghệ An's RPT-09)
enabled, one account per workflow role, and its obligations.

Import the fixtures into a test module: ``from test_workflow_support import app_overrides_fixture,
world_fixture  # noqa: F401``; tests then take ``world``. A test that overrides ``app_overrides`` keeps
``PLUGIN`` in it.
"""
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from platform_core.obligations import calendar
from platform_core.obligations.models import Obligation
from platform_core.timeutil import local_today
from platform_core.workflow import service
from platform_core.workflow.models import Submission, SubmissionVersion

PLUGIN = {"PLUGIN_MODULES": "pcwork=fixtures_workflow.monthly_regime"}
RT = "pcwork.socio_economic"
RULE = "pcwork.socio_economic_monthly"
PERIOD = "2026-10"
FIGURES = {
    "HB": {"budget_revenue": "12450,5", "budget_expenditure": "9870,25", "new_jobs": "46", "poor_households": "18",
           "waste_collection_rate": "97,5", "highlights": "Chỉnh trang vỉa hè đường Lê Hồng Phong."},
    "LM": {"budget_revenue": "8320", "budget_expenditure": "7015,8", "new_jobs": "31", "poor_households": "9",
           "waste_collection_rate": "95", "highlights": "Ngày hội việc làm."},
    "HD": {"budget_revenue": "5110,75", "budget_expenditure": "4980", "new_jobs": "22", "poor_households": "37",
           "waste_collection_rate": "88,4", "highlights": "Ngập úng cục bộ xóm 3."},
}


def make_obligation(db, unit, days_from_today: int, period: str = PERIOD) -> Obligation:
    """An RPT-09 obligation of ``unit`` due ``days_from_today`` days from today (negative: already past)."""
    due = local_today() + timedelta(days=days_from_today)
    obligation = Obligation(plugin_key="pcwork", rule_key=RULE, unit_id=unit.id, subject_ref="",
                            title="Báo cáo tình hình kinh tế - xã hội hằng tháng (RPT-09)", period_key=period,
                            due_at=calendar.due_instant(due), status="open")
    db.session.add(obligation)
    db.session.commit()
    return obligation


def counts(db, submission_id=None) -> tuple[int, int]:
    """(submissions, versions) in the database, or (1, versions of one submission)."""
    if submission_id is None:
        return (db.session.scalar(select(func.count()).select_from(Submission)),
                db.session.scalar(select(func.count()).select_from(SubmissionVersion)))
    return 1, db.session.scalar(select(func.count()).select_from(SubmissionVersion)
                                .where(SubmissionVersion.submission_id == submission_id))


def stored(db, submission_id) -> Submission:
    """The submission as the database holds it now (nothing cached from the session)."""
    db.session.expire_all()
    return db.session.get(Submission, submission_id)


def draft(world, code="HB", figures=None):
    """A saved draft of commune ``code`` for its obligation."""
    unit, officer = world.units[code], world.entry[code]
    submission = service.create_draft(RT, unit, officer, obligation=world.obligations[code])
    service.save_data(submission, officer, figures or FIGURES[code], submission.lock_version)
    return submission


def approved(world, code="HB", figures=None, at=None):
    """An approved report of commune ``code`` (submitted at ``at``, default now)."""
    submission = draft(world, code, figures)
    service.submit(submission, world.entry[code], at=at)
    service.approve(submission, world.approver)
    return submission


@pytest.fixture(name="app_overrides")
def app_overrides_fixture():
    return dict(PLUGIN)


@pytest.fixture(name="world")
def world_fixture(app, db, make_unit, make_user):
    from platform_core.plugins import activation

    province = make_unit("40", "Tỉnh Nghệ An", type_code="province")
    district = make_unit("40-VINH", "Thành phố Vinh", parent=province, type_code="district")
    units = {
        "HB": make_unit("40-VINH-HB", "Phường Hưng Bình", parent=district, type_code="commune"),
        "LM": make_unit("40-VINH-LM", "Phường Lê Mao", parent=district, type_code="commune"),
        "HD": make_unit("40-VINH-HD", "Xã Hưng Đông", parent=district, type_code="commune"),
    }
    activation.enable("pcwork")
    db.session.commit()
    entry = {code: make_user(f"nhaplieu.{code.lower()}", unit=unit, role="pcwork.entry",
                             full_name=f"Cán bộ nhập liệu {unit.name}") for code, unit in units.items()}
    return SimpleNamespace(
        province=province, district=district, units=units, entry=entry,
        entry2=make_user("nhaplieu2.hb", unit=units["HB"], role="pcwork.entry",
                         full_name="Cán bộ thứ hai Hưng Bình"),
        approver=make_user("lanhdao", unit=province, role="pcwork.approver", scope="subtree",
                           full_name="Thái Văn Thành"),
        sender=make_user("vanthu", unit=province, role="pcwork.sender", scope="subtree",
                         full_name="Cao Thị Nga"),
        consolidator=make_user("tonghop", unit=district, role="pcwork.consolidator", scope="subtree",
                               full_name="Ngô Thị Hà"),
        obligations={code: make_obligation(db, unit, 10) for code, unit in units.items()},
    )
