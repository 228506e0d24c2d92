"""The audit log page ``/admin/audit``: filters, paging, who may read what (CORE-16)."""
import re
from datetime import UTC, datetime, timedelta

import pytest

from platform_core.access.models import Role, RolePermission
from platform_core.audit.models import AuditEvent
from platform_core.core_hooks import AUDIT_VIEW

PAGE = "/admin/audit/"


def add_event(db, action, *, actor="nguoi.a", object_type="report", summary="", unit=None, when=None,
              changes=None):
    db.session.add(AuditEvent(occurred_at=when or datetime.now(UTC), action=action,
                              actor_username=actor, object_type=object_type, object_id="1", summary=summary,
                              unit_id=unit.id if unit else None, changes=changes, ip="10.0.0.1"))
    db.session.commit()


def shown(html):
    """The summaries of the listed events, in page order."""
    return re.findall(r'<tr class="audit-event"[^>]*>.*?<td>\s*<div>(.*?)</div>', html, re.DOTALL)


@pytest.fixture
def admin_client(make_user, login_as):
    return login_as(make_user("quantri", admin=True))


@pytest.fixture
def log(db):
    """Four events: different actors, actions, object types and days (10/3/2025 20:00 UTC is the 11th in
    Viet Nam)."""
    utc = UTC
    add_event(db, "report.submit", actor="vinh.nhaplieu", summary="Nộp báo cáo quý I",
              when=datetime(2025, 3, 1, 2, 0, tzinfo=utc))
    add_event(db, "report.approve", actor="nghean.lanhdao", summary="Phê duyệt báo cáo quý I",
              when=datetime(2025, 3, 5, 2, 0, tzinfo=utc))
    add_event(db, "update", actor="quantri", object_type="units", summary="Đổi tên đơn vị",
              when=datetime(2025, 3, 10, 20, 0, tzinfo=utc), changes={"name": ["Cũ", "Mới"]})
    add_event(db, "login.failed", actor="khach", object_type=None, summary="Đăng nhập sai mật khẩu",
              when=datetime(2025, 3, 12, 2, 0, tzinfo=utc))


@pytest.mark.req("CORE-16")
def test_events_are_listed_newest_first_with_local_time_and_compact_changes(admin_client, log):
    html = admin_client.get(PAGE).get_data(as_text=True)

    assert shown(html) == ["Đăng nhập sai mật khẩu", "Đổi tên đơn vị", "Phê duyệt báo cáo quý I",
                           "Nộp báo cáo quý I"]
    assert "11/03/2025 03:00" in html  # 20:00 UTC shown in Asia/Ho_Chi_Minh
    assert "name: Cũ → Mới" in html
    assert "10.0.0.1" in html


@pytest.mark.req("CORE-16")
@pytest.mark.parametrize("query, expected", [
    ({"actor": "nghean"}, ["Phê duyệt báo cáo quý I"]),
    ({"action": "report"}, ["Phê duyệt báo cáo quý I", "Nộp báo cáo quý I"]),
    ({"action": "report.submit"}, ["Nộp báo cáo quý I"]),
    ({"object_type": "units"}, ["Đổi tên đơn vị"]),
    ({"q": "quý i"}, ["Phê duyệt báo cáo quý I", "Nộp báo cáo quý I"]),
    ({"date_from": "11/03/2025"}, ["Đăng nhập sai mật khẩu", "Đổi tên đơn vị"]),
    ({"date_to": "10/03/2025"}, ["Phê duyệt báo cáo quý I", "Nộp báo cáo quý I"]),
    ({"date_from": "05/03/2025", "date_to": "11/03/2025"}, ["Đổi tên đơn vị", "Phê duyệt báo cáo quý I"]),
    ({"actor": "ai.do"}, []),
])
def test_filters(admin_client, log, query, expected):
    response = admin_client.get(PAGE, query_string=query)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert shown(html) == expected
    if not expected:
        assert "Không có sự kiện nào khớp bộ lọc." in html


@pytest.mark.req("CORE-16")
@pytest.mark.parametrize("query, message", [
    ({"date_from": "31/02/2025"}, "Ngày không hợp lệ: nhập ngày có thật theo dạng dd/mm/yyyy"),
    ({"date_to": "hôm qua"}, "Ngày không hợp lệ: nhập ngày có thật theo dạng dd/mm/yyyy"),
    ({"date_from": "12/03/2025", "date_to": "01/03/2025"}, "“Đến ngày” phải sau hoặc bằng “Từ ngày”."),
])
def test_a_bad_date_is_explained_in_vietnamese(admin_client, log, query, message):
    response = admin_client.get(PAGE, query_string=query)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert "Bộ lọc chưa hợp lệ" in html
    assert shown(html) == []


@pytest.mark.req("CORE-16")
@pytest.mark.parametrize("app_overrides", [{"PAGE_SIZE": 2}])
def test_pages_keep_the_filter(admin_client, db):
    base = datetime(2025, 1, 1, tzinfo=UTC)
    for i in range(5):
        add_event(db, "report.submit", summary=f"Báo cáo số {i}", when=base + timedelta(days=i))
    add_event(db, "login", summary="Không thuộc bộ lọc", when=base + timedelta(days=9))

    first = admin_client.get(PAGE, query_string={"action": "report.submit"}).get_data(as_text=True)
    assert shown(first) == ["Báo cáo số 4", "Báo cáo số 3"]
    assert "Trang 1 / 3" in first
    next_link = re.search(r'<a href="([^"]+)">Sau', first).group(1).replace("&amp;", "&")
    assert "action=report.submit" in next_link

    second = admin_client.get(next_link).get_data(as_text=True)
    assert shown(second) == ["Báo cáo số 2", "Báo cáo số 1"]


@pytest.mark.req("CORE-16")
def test_without_the_permission_the_page_is_forbidden(client, make_user, make_unit, login_as, log):
    assert client.get(PAGE).status_code == 302  # anonymous: to the login page
    unit = make_unit("A", "Đơn vị A")
    login_as(make_user("canbo", unit=unit, role="unit_admin", scope="subtree"))

    response = client.get(PAGE)

    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in response.get_data(as_text=True)


@pytest.mark.req("CORE-16")
def test_a_unit_auditor_sees_only_events_of_the_units_in_their_subtree(db, client, make_user, make_unit,
                                                                      login_as):
    province = make_unit("40", "Tỉnh Nghệ An", type_code="province")
    district = make_unit("40-VINH", "Thành phố Vinh", parent=province, type_code="district")
    other = make_unit("22", "Tỉnh Quảng Ninh", type_code="province")
    role = Role(key="auditor", name="Kiểm tra nhật ký", permissions=[RolePermission(permission=AUDIT_VIEW)])
    db.session.add(role)
    db.session.commit()
    add_event(db, "report.submit", summary="Sự kiện của Vinh", unit=district)
    add_event(db, "report.submit", summary="Sự kiện của Quảng Ninh", unit=other)
    add_event(db, "plugin.enable", summary="Sự kiện toàn hệ thống")
    login_as(make_user("thanhtra", unit=province, role="auditor", scope="subtree"))

    html = client.get(PAGE).get_data(as_text=True)

    assert shown(html) == ["Sự kiện của Vinh"]
    assert "40-VINH" in html
    assert "Quảng Ninh" not in html


@pytest.mark.req("CORE-16")
def test_plugin_changes_made_on_the_admin_page_appear_in_the_log(admin_client):
    admin_client.post("/admin/plugins/it_reporting/enable", data={})
    admin_client.post("/admin/plugins/it_reporting/disable", data={"unit_id": ""})

    html = admin_client.get(PAGE, query_string={"action": "plugin"}).get_data(as_text=True)

    assert shown(html) == ["Tắt plugin it_reporting toàn hệ thống", "Bật plugin it_reporting toàn hệ thống"]
    assert "Tắt plugin</td>" not in html  # labels come with the raw action for searching
    assert "Bật plugin <small class=\"muted\">plugin.enable</small>" in html
