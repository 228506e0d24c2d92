"""The demo's IT projects: a dozen across the ministry's units in every state, their reports on time, late
and waiting; seeding twice changes nothing; approving a demo project opens its phase-1 chain."""
from datetime import date

import pytest
import sqlalchemy as sa

from platform_core.obligations.calendar import deadline_after
from platform_core.obligations.models import Obligation
from platform_core.obligations.service import due_day
from platform_core.workflow.models import Submission, SubmissionVersion
from plugins.it_reporting import periodic, projects
from plugins.it_reporting.models import ItProject, ItProjectProduct
from plugins.it_reporting.projects import PHASE1_OWNER

pytestmark = pytest.mark.req("IT-01")


def _counts(db):
    return {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (ItProject, ItProjectProduct, Obligation, Submission, SubmissionVersion)}


@pytest.fixture
def seeded(db, runner, monkeypatch):
    monkeypatch.setattr(periodic, "seed_demo", lambda session: [])  # this file looks at the projects only
    result = runner.invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert "Dự án CNTT (QĐ 1676): 12 dự án, 8 sản phẩm" in result.output
    assert "tccb.cntt / Demo@2026" in result.output
    return result


def test_the_demo_has_a_dozen_projects_in_every_state_and_seeding_again_adds_nothing(db, runner, seeded):
    rows = db.session.scalars(sa.select(ItProject)).all()
    assert len(rows) == 12
    assert {p.status for p in rows} == {"planned", "approved", "in_progress", "accepted"}
    assert {p.owner_unit.code for p in rows} == {"BTNMT-CNTT", "BTNMT-TCCB", "BTNMT-VP", "BTNMT-KSONMT", "BTNMT-BDKH"}
    assert {p.in_plan for p in rows} == {True, False}
    assert "Xây dựng cơ sở dữ liệu quan trắc môi trường quốc gia" in {p.name for p in rows}

    quan_trac = next(p for p in rows if p.code == "KSONMT-2025-01")
    [late] = db.session.scalars(sa.select(Obligation).where(Obligation.subject_ref == f"project:{quan_trac.id}"))
    assert late.timeliness == "late"  # its reporting unit sent the phase-1 report two days after the deadline
    phase2 = db.session.scalars(sa.select(Submission).where(Submission.report_type_key == "it_reporting.phase2")).all()
    assert {s.status for s in phase2} >= {"approved", "draft"}
    assert all(s.data.get("a1_name") and s.data.get("nt_accepted_on") for s in phase2)

    before = _counts(db)
    again = runner.invoke(args=["demo", "seed"])
    assert again.exit_code == 0, again.output
    assert _counts(db) == before


def test_approving_a_demo_project_opens_its_phase_one_chain(db, seeded, monkeypatch):
    from platform_core.accounts.models import User

    monkeypatch.setattr(projects, "local_today", lambda: date(2026, 11, 20))
    project = db.session.scalar(sa.select(ItProject).where(ItProject.code == "TCCB-2026-01"))
    officer = db.session.scalar(sa.select(User).where(User.username == "cntt.tonghop"))
    projects.approve_project(project, projects.Decision("1500/QĐ-BTNMT", date(2026, 2, 12), "Bộ trưởng"), officer)
    owner = db.session.scalar(sa.select(Obligation).where(Obligation.rule_key == PHASE1_OWNER,
                                                          Obligation.subject_ref == f"project:{project.id}"))
    assert owner.unit.code == "BTNMT-TCCB"
    assert due_day(owner) == deadline_after(date(2026, 2, 12), days=5) == date(2026, 2, 23)
