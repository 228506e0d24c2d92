"""CORE-07: an account registration must be decided within one working day; the deadline is an obligation
of the reviewing unit, closed by the decision."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from platform_core.accounts import registration, review_deadline
from platform_core.accounts.models import RegistrationRequest
from platform_core.obligations.models import Obligation

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _request(db, received: datetime) -> RegistrationRequest:
    req = RegistrationRequest(
        agency_name="Sở Tài nguyên và Môi trường", address="Vinh", phone="0238", email="so@example.gov.vn",
        contact_name="Nguyễn Văn An", contact_unit="Văn phòng Sở", contact_email="an@example.gov.vn",
        username="nguyenvanan", regimes=[], created_at=received)
    db.session.add(req)
    db.session.flush()
    review_deadline.open_for(req)
    db.session.commit()
    return req


@pytest.mark.req("CORE-07")
def test_a_request_received_on_friday_is_due_on_monday(db, make_unit):
    ministry = make_unit("BTNMT", "Bộ Tài nguyên và Môi trường", type_code="ministry")
    req = _request(db, datetime(2026, 3, 6, 9, 0, tzinfo=VN))  # a Friday
    obligation = db.session.scalar(sa.select(Obligation).where(Obligation.rule_key == review_deadline.RULE_KEY))
    assert obligation.unit_id == ministry.id
    assert obligation.due_at.astimezone(VN).date().isoformat() == "2026-03-09"
    assert req.username in obligation.title


@pytest.mark.req("CORE-07")
def test_the_day_after_tet_counts_from_the_next_working_day(db, make_unit):
    make_unit("BTNMT", "Bộ Tài nguyên và Môi trường", type_code="ministry")
    _request(db, datetime(2026, 2, 13, 16, 0, tzinfo=VN))  # Friday before Tết Bính Ngọ (16–20/02/2026)
    obligation = db.session.scalar(sa.select(Obligation).where(Obligation.rule_key == review_deadline.RULE_KEY))
    assert obligation.due_at.astimezone(VN).date().isoformat() == "2026-02-23"


@pytest.mark.req("CORE-07")
def test_rejecting_closes_the_deadline_and_the_list_shows_it(db, make_unit, make_user, login_as, client):
    make_unit("BTNMT", "Bộ Tài nguyên và Môi trường", type_code="ministry")
    admin = make_user("quantri", admin=True)
    req = _request(db, datetime(2026, 3, 6, 9, 0, tzinfo=VN))
    login_as(admin)
    page = client.get("/admin/registrations").get_data(as_text=True)
    assert "Hạn xử lý" in page and "09/03/2026" in page

    registration.reject(req, "Trùng đơn vị", admin)
    obligation = db.session.scalar(sa.select(Obligation).where(Obligation.rule_key == review_deadline.RULE_KEY))
    assert obligation.status == "submitted" and obligation.submitted_at is not None
