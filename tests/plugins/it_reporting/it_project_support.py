"""Shared set-up of the project tests: the ministry's units, one account per part in the chain, and
helpers to make projects and move their reports."""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa

from platform_core.obligations.models import Obligation
from platform_core.obligations.service import due_day
from platform_core.plugins import activation
from platform_core.timeutil import LOCAL_TZ
from plugins.it_reporting import projects

# Every date of these tests is in 2026; the service refuses decisions dated after "today".
TODAY = date(2026, 11, 20)


@dataclass
class Ministry:
    ministry: object
    it: object
    vp: object
    tccb: object
    ksonmt: object
    officer: object
    vp_reporter: object
    tccb_reporter: object
    ksonmt_reporter: object


@pytest.fixture(name="ministry")
def ministry_fixture(app, db, make_unit, make_user, monkeypatch) -> Ministry:
    monkeypatch.setattr(projects, "local_today", lambda: TODAY)
    activation.enable("it_reporting")
    db.session.commit()
    bo = make_unit("BTNMT", "Bộ Tài nguyên và Môi trường", type_code="ministry")
    it = make_unit("BTNMT-CNTT", "Cục Công nghệ thông tin", parent=bo)
    vp = make_unit("BTNMT-VP", "Văn phòng Bộ", parent=bo)
    tccb = make_unit("BTNMT-TCCB", "Vụ Tổ chức cán bộ", parent=bo)
    ksonmt = make_unit("BTNMT-KSONMT", "Cục Kiểm soát ô nhiễm môi trường", parent=bo)
    return Ministry(
        bo, it, vp, tccb, ksonmt,
        officer=make_user("cntt.tonghop", unit=bo, role="it_reporting.officer", scope="subtree"),
        vp_reporter=make_user("vp.cntt", unit=vp, role="it_reporting.reporter"),
        tccb_reporter=make_user("tccb.cntt", unit=tccb, role="it_reporting.reporter"),
        ksonmt_reporter=make_user("ksonmt.cntt", unit=ksonmt, role="it_reporting.reporter"),
    )


def new_project(m: Ministry, code="TCCB-01", name="Xây dựng phần mềm quản lý thi đua, khen thưởng", owner=None,
                reporting=None, in_plan=True, by=None, **extra):
    owner, reporting = owner or m.tccb, reporting or m.vp
    data = dict(code=code, name=name, owner_unit_id=owner.id, reporting_unit_id=reporting.id, in_plan=in_plan,
                total_investment="3400", funding_source="recurrent")
    data.update(extra)
    return projects.create_project(data, by or m.officer)


def approve(project, day: date, by, number="1234/QĐ-BTNMT"):
    return projects.approve_project(project, projects.Decision(number, day, "Bộ trưởng"), by)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LOCAL_TZ).astimezone(UTC)


def obligations(db, rule_key: str) -> list[Obligation]:
    return list(db.session.scalars(sa.select(Obligation).where(Obligation.rule_key == rule_key)
                                   .order_by(Obligation.id)))


def due(obligation: Obligation) -> date:
    return due_day(obligation)
