"""CORE-11: the in-app side of notifications — the bell with its unread count, the inbox, marking read,
"what was sent to me", and the administrator's reminder schedule per regime."""
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from platform_core.notifications import inbox
from platform_core.notifications.jobs import send_reminders
from platform_core.notifications.models import Delivery, Notification, ReminderSetting
from platform_core.obligations.models import Obligation
from platform_core.plugins import activation

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 6, 10)


@pytest.fixture
def officer(make_unit, make_user):
    unit = make_unit("STTTT_HG", "Sở Thông tin và Truyền thông tỉnh Hà Giang")
    return make_user("lan.nt", unit=unit, role="it_reporting.reporter", full_name="Nguyễn Thị Lan")


def told(db, user, *titles):
    notes = [inbox.notify(user.id, title, body=f"Nội dung {title}") for title in titles]
    db.session.commit()
    return notes


def unread_badge(client):
    match = re.search(r'id="unread-count"[^>]*>(\d+)<', client.get("/").text)
    return int(match.group(1)) if match else 0


@pytest.mark.req("CORE-11")
def test_bell_counts_unread_and_marking_read_lowers_it(app, db, client, officer, login_as):
    notes = told(db, officer, "Nhắc hạn báo cáo quý I", "Nhắc hạn báo cáo quý II", "Nhắc hạn báo cáo năm")
    login_as(officer)
    page = client.get("/").text
    assert 'id="notification-bell"' in page and "Thông báo" in page
    assert unread_badge(client) == 3

    response = client.post(f"/notifications/{notes[1].id}/read")
    assert response.status_code == 302
    assert unread_badge(client) == 2
    assert client.post(f"/notifications/{notes[1].id}/read").status_code == 302, "a second click is harmless"
    assert unread_badge(client) == 2
    db.session.expire_all()
    assert db.session.get(Notification, notes[1].id).read_at is not None

    client.post("/notifications/read-all")
    assert unread_badge(client) == 0
    assert 'id="notification-bell"' in client.get("/").text


@pytest.mark.req("CORE-11")
def test_inbox_lists_newest_first_and_highlights_unread(app, db, client, officer, login_as):
    old, new = told(db, officer, "Thông báo cũ", "Thông báo mới")
    old.created_at = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
    old.read_at = datetime(2026, 1, 6, 2, 0, tzinfo=UTC)
    db.session.commit()
    page = login_as(officer).get("/notifications/").text
    assert page.index("Thông báo mới") < page.index("Thông báo cũ")
    assert re.search(rf'class="notification unread" id="notification-{new.id}"', page)
    assert re.search(rf'class="notification read" id="notification-{old.id}"', page)
    assert "05/01/2026 09:00" in page and "Đã đọc 06/01/2026 09:00" in page
    assert page.count("Đánh dấu đã đọc") == 1 and "Đánh dấu tất cả đã đọc" in page


@pytest.mark.req("CORE-11")
def test_inbox_is_paginated(app, db, client, officer, login_as):
    app.config["PAGE_SIZE"] = 5
    told(db, officer, *[f"Thông báo số {i:02d}" for i in range(12)])
    client = login_as(officer)
    first, third = client.get("/notifications/").text, client.get("/notifications/?page=3").text
    assert "Thông báo số 11" in first and "Thông báo số 06" not in first
    assert "Trang 1 / 3" in first
    assert "Thông báo số 01" in third and "Thông báo số 11" not in third


@pytest.mark.req("CORE-11")
def test_a_user_sees_and_marks_only_their_own(app, db, client, officer, make_user, login_as):
    neighbour = make_user("binh.pt")
    [theirs] = told(db, neighbour, "Thư riêng của người khác")
    told(db, officer, "Thư của tôi")
    client = login_as(officer)
    page = client.get("/notifications/").text
    assert "Thư của tôi" in page and "Thư riêng của người khác" not in page
    assert unread_badge(client) == 1

    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    client.post("/notifications/read-all")
    db.session.expire_all()
    assert db.session.get(Notification, theirs.id).read_at is None
    assert inbox.unread_count(neighbour.id) == 1


@pytest.mark.req("CORE-11")
def test_inbox_needs_sign_in_and_marking_needs_csrf(app, db, client, officer, login_as):
    assert client.get("/notifications/").status_code == 302
    [note] = told(db, officer, "Nhắc hạn")
    login_as(officer)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/notifications/{note.id}/read").status_code == 400
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is None
    page = client.get("/notifications/").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/notifications/{note.id}/read", data={"csrf_token": token}).status_code == 302
    assert unread_badge(client) == 0


@pytest.mark.req("CORE-11")
def test_what_was_sent_to_me(app, db, client, officer, make_user, login_as):
    """With no mail server the e-mail fails; the person still sees both attempts, and only theirs."""
    make_user("binh.pt", unit=officer.unit, role="it_reporting.reporter")
    activation.enable("it_reporting")
    due = TODAY + timedelta(days=3)
    db.session.add(Obligation(plugin_key="it_reporting", rule_key="it_reporting.test", unit_id=officer.unit_id,
                              title="Báo cáo ứng dụng CNTT 6 tháng", period_key="2026-H1",
                              due_at=datetime.combine(due, time(23, 59, 59), tzinfo=VN).astimezone(UTC)))
    db.session.commit()
    send_reminders(today=TODAY)
    mine = db.session.scalars(select(Delivery).where(Delivery.recipient_id == officer.id)).all()
    assert sorted((d.channel, d.status) for d in mine) == [("email", "failed"), ("inapp", "sent")]

    client = login_as(officer)
    for page in (client.get("/notifications/").text, client.get("/notifications/sent").text):
        rows = re.findall(r'<tr class="delivery" data-status="(\w+)">(.*?)</tr>', page, re.S)
        assert sorted(status for status, _ in rows) == ["failed", "sent"]
        assert all("Báo cáo ứng dụng CNTT 6 tháng" in row and "13/06/2026" in row and "Nhắc trước 3 ngày" in row
                   for _, row in rows)
        assert "Thư điện tử" in page and "Trong hệ thống" in page and "Gửi không thành công" in page
    inbox_page = client.get("/notifications/").text
    assert "[Nhắc hạn] Báo cáo ứng dụng CNTT 6 tháng – hạn nộp 13/06/2026, còn 3 ngày" in inbox_page


@pytest.mark.req("CORE-11")
def test_settings_page_is_for_system_administrators(app, client, officer, login_as):
    assert login_as(officer).get("/notifications/settings").status_code == 403


@pytest.mark.req("CORE-11")
def test_administrator_sets_offsets_per_regime(app, db, client, make_user, login_as):
    admin = login_as(make_user("quantri", admin=True))
    page = admin.get("/notifications/settings").text
    assert "Báo cáo thông tin dự án và ứng dụng CNTT" in page and "7, 3, 1, 0" in page

    response = admin.post("/notifications/settings",
                          data={"plugin_key": "it_reporting", "offsets": "10; 5, 5, 0", "escalate": ""})
    assert response.status_code == 302
    row = db.session.get(ReminderSetting, "it_reporting")
    assert row.offsets == [10, 5, 0] and row.escalate is False and row.updated_by_id is not None
    assert "10, 5, 0" in admin.get("/notifications/settings").text

    admin.post("/notifications/settings", data={"plugin_key": "it_reporting", "offsets": "", "escalate": "y"})
    db.session.expire_all()
    row = db.session.get(ReminderSetting, "it_reporting")
    assert row.offsets is None and row.escalate is True


@pytest.mark.req("CORE-11")
@pytest.mark.parametrize("text, message", [
    ("7, ba, 1", "“ba” không phải là số ngày"),
    ("7, 61", "Số ngày 61 nằm ngoài khoảng cho phép (từ 0 đến 60)"),
    ("-1", "Số ngày -1 nằm ngoài khoảng cho phép"),
    ("1.5", "“1.5” không phải là số ngày"),
])
def test_bad_offsets_are_refused_with_a_clear_message(app, db, client, make_user, login_as, text, message):
    admin = login_as(make_user("quantri", admin=True))
    response = admin.post("/notifications/settings", data={"plugin_key": "it_reporting", "offsets": text})
    assert response.status_code == 200
    assert message in response.text
    assert db.session.get(ReminderSetting, "it_reporting") is None


@pytest.mark.req("CORE-11")
def test_unknown_regime_is_refused(app, client, make_user, login_as):
    admin = login_as(make_user("quantri", admin=True))
    assert admin.post("/notifications/settings", data={"plugin_key": "khong_co", "offsets": "1"}).status_code == 404


@pytest.mark.req("CORE-11")
def test_failed_deliveries_are_listed_for_the_administrator(app, db, client, officer, make_user, login_as):
    activation.enable("it_reporting")
    db.session.add(Obligation(plugin_key="it_reporting", rule_key="it_reporting.test", unit_id=officer.unit_id,
                              title="Báo cáo năm 2026", period_key="2026",
                              due_at=datetime.combine(TODAY, time(23, 59, 59), tzinfo=VN).astimezone(UTC)))
    db.session.commit()
    send_reminders(today=TODAY)
    page = login_as(make_user("quantri", admin=True)).get("/notifications/settings").text
    rows = re.findall(r'<tr class="failed-delivery">(.*?)</tr>', page, re.S)
    assert len(rows) == 1
    assert "Nguyễn Thị Lan" in rows[0] and "Báo cáo năm 2026" in rows[0] and "10/06/2026" in rows[0]
    assert "chưa cấu hình máy chủ thư" in rows[0]
