"""Maintenance notices (CORE-20, seed 002 Đ10.3): announced at least 24 hours ahead unless urgent (and
then audited), shown to every user from creation until the end or a cancellation."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from platform_core.audit.models import AuditEvent
from platform_core.maintenance import service
from platform_core.maintenance.models import MaintenanceNotice
from platform_core.timeutil import LOCAL_TZ, format_datetime, utcnow

PAGE = "/admin/maintenance/"
pytestmark = pytest.mark.req("CORE-20")


@pytest.fixture
def admin_client(app, make_user, login_as):
    return login_as(make_user("quantri", admin=True))


def typed(instant) -> str:
    """What an administrator types: dd/mm/yyyy HH:MM in Viet Nam's time."""
    return instant.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def notices(db):
    return db.session.scalars(sa.select(MaintenanceNotice)).all()


def urgent_events(db):
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "maintenance.urgent")).all()


def add_notice(db, *, starts_in, lasts=timedelta(hours=2), urgent=False, title="Nâng cấp hệ thống"):
    start = utcnow() + starts_in
    notice = MaintenanceNotice(title=title, message="Hệ thống tạm ngừng để nâng cấp.", starts_at=start,
                               ends_at=start + lasts if lasts is not None else None, urgent=urgent)
    db.session.add(notice)
    db.session.commit()
    return notice


def form(start, end=None, urgent=False, title="Nâng cấp phiên bản 2.0"):
    data = {"title": title, "message": "Hệ thống tạm ngừng.", "starts_at": typed(start),
            "ends_at": typed(end) if end else ""}
    if urgent:
        data["urgent"] = "y"
    return data


def test_a_start_less_than_24_hours_away_is_refused_without_urgent(admin_client, db):
    start = utcnow() + timedelta(hours=23)
    response = admin_client.post(PAGE, data=form(start, start + timedelta(hours=2)))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ít nhất 24 giờ" in page and "Khẩn cấp" in page
    assert notices(db) == []


def test_an_urgent_notice_is_accepted_and_audited(admin_client, db):
    start = utcnow() + timedelta(hours=23)
    response = admin_client.post(PAGE, data=form(start, start + timedelta(hours=2), urgent=True))
    assert response.status_code == 302
    [notice] = notices(db)
    assert notice.urgent and notice.created_by_id is not None
    assert notice.starts_at == start.replace(second=0, microsecond=0)
    [event] = urgent_events(db)
    assert event.object_id == str(notice.id) and event.actor_username == "quantri"
    assert "Nâng cấp phiên bản 2.0" in event.summary


def test_a_notice_25_hours_ahead_needs_no_urgent_flag_and_is_not_audited_as_urgent(admin_client, db):
    start = utcnow() + timedelta(hours=25)
    assert admin_client.post(PAGE, data=form(start)).status_code == 302
    [notice] = notices(db)
    assert not notice.urgent and notice.ends_at is None
    assert urgent_events(db) == []


def test_the_service_refuses_what_the_form_refuses():
    with pytest.raises(service.NoticeError, match="24 giờ"):
        service.create_notice("Nâng cấp", "", utcnow() + timedelta(hours=23))


@pytest.mark.parametrize(("data", "message"), [
    ({"starts_at": "20/06/2026 25:00"}, "Không đọc được thời điểm"),
    ({"starts_at": "2026-06-20 22:00"}, "Không đọc được thời điểm"),
    ({"starts_at": ""}, "Nhập thời điểm bắt đầu."),
    ({"ends_at": "01/01/2020 08:00"}, "Thời điểm kết thúc phải sau thời điểm bắt đầu."),
    ({"title": ""}, "Nhập tiêu đề."),
])
def test_bad_input_gets_a_clear_message(admin_client, db, data, message):
    start = utcnow() + timedelta(days=3)
    response = admin_client.post(PAGE, data={**form(start), **data})
    assert message in response.get_data(as_text=True)
    assert notices(db) == []


def test_the_banner_is_shown_to_anonymous_visitors_on_the_login_page(app, client, db):
    notice = add_notice(db, starts_in=timedelta(days=2), title="Bảo trì máy chủ")
    page = client.get("/login").get_data(as_text=True)
    assert "Bảo trì máy chủ" in page and "Hệ thống tạm ngừng để nâng cấp." in page
    assert format_datetime(notice.starts_at) in page and format_datetime(notice.ends_at) in page


def test_the_banner_is_shown_to_signed_in_users_on_the_home_page(app, client, db, make_unit, make_user, login_as):
    login_as(make_user("canbo", unit=make_unit("40", "Tỉnh Nghệ An"), role="officer"))
    add_notice(db, starts_in=timedelta(hours=1), lasts=None, urgent=True, title="Khắc phục sự cố")
    page = client.get("/").get_data(as_text=True)
    assert "Khắc phục sự cố" in page and "khẩn cấp" in page
    assert "thời điểm kết thúc sẽ được thông báo sau" in page


def test_the_banner_disappears_after_the_end(app, client, db):
    add_notice(db, starts_in=timedelta(hours=-3), lasts=timedelta(hours=2), title="Đã xong")
    add_notice(db, starts_in=-service.OPEN_ENDED_SHOWN - timedelta(minutes=1), lasts=None, title="Không hạn")
    add_notice(db, starts_in=timedelta(hours=-1), lasts=timedelta(hours=2), title="Đang bảo trì")
    page = client.get("/login").get_data(as_text=True)
    assert "Đang bảo trì" in page
    assert "Đã xong" not in page and "Không hạn" not in page


def test_a_cancelled_notice_disappears(admin_client, db):
    notice = add_notice(db, starts_in=timedelta(days=2), title="Sẽ bị huỷ")
    banner = f'id="maintenance-{notice.id}"'
    assert banner in admin_client.get("/").get_data(as_text=True)

    confirm = admin_client.get(f"{PAGE}{notice.id}/cancel").get_data(as_text=True)
    assert "Xác nhận huỷ" in confirm
    assert admin_client.post(f"{PAGE}{notice.id}/cancel").status_code == 302

    db.session.refresh(notice)
    assert notice.cancelled
    assert banner not in admin_client.get("/").get_data(as_text=True)
    listing = admin_client.get(PAGE).get_data(as_text=True)
    assert 'data-status="cancelled"' in listing


def test_the_admin_list_shows_local_times_and_states(admin_client, db):
    upcoming = add_notice(db, starts_in=timedelta(days=2), title="Sắp tới")
    add_notice(db, starts_in=timedelta(days=-2), title="Cũ")
    page = admin_client.get(PAGE).get_data(as_text=True)
    assert format_datetime(upcoming.starts_at) in page
    assert 'data-status="upcoming"' in page and 'data-status="ended"' in page


def test_only_holders_of_the_maintenance_permission_manage_notices(app, client, db, make_unit, make_user,
                                                                   login_as):
    notice = add_notice(db, starts_in=timedelta(days=2))
    assert client.get(PAGE).status_code == 302  # to the login page
    login_as(make_user("canbo", unit=make_unit("40", "Tỉnh Nghệ An"), role="unit_admin"))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, data=form(utcnow() + timedelta(days=3))).status_code == 403
    assert client.post(f"{PAGE}{notice.id}/cancel").status_code == 403
    assert len(notices(db)) == 1 and not notices(db)[0].cancelled
