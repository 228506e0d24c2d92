"""The plugin administration page ``/admin/plugins`` (CORE-08)."""
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from platform_core.audit.models import AuditEvent
from platform_core.plugins.models import PluginActivation

FIXTURES = Path(__file__).parent / "fixtures"
INDEX = "/admin/plugins/"


@pytest.fixture
def fixtures_on_path(monkeypatch):
    """Request it before ``app``: the fake plugins must be importable when the app starts."""
    monkeypatch.syspath_prepend(str(FIXTURES))


@pytest.fixture
def admin_client(make_user, login_as):
    return login_as(make_user("quantri", admin=True))


def activations(db, key):
    return db.session.scalars(sa.select(PluginActivation).where(PluginActivation.plugin_key == key)).all()


def section(html, key):
    match = re.search(rf'<section class="plugin" id="plugin-{key}">(.*?)</section>', html, re.DOTALL)
    assert match, f"no section for {key}"
    return match.group(1)


@pytest.mark.req("CORE-08")
def test_only_system_administrators_reach_the_page(client, make_user, make_unit, login_as):
    assert client.get(INDEX).status_code == 302  # to the login page
    unit = make_unit("A", "Đơn vị A")
    login_as(make_user("qt.donvi", unit=unit, role="unit_admin", scope="subtree"))

    assert client.get(INDEX).status_code == 403
    assert client.post(f"{INDEX}it_reporting/enable").status_code == 403
    assert client.post(f"{INDEX}it_reporting/disable").status_code == 403


@pytest.mark.req("CORE-08")
def test_the_page_lists_every_installed_plugin_with_its_state(admin_client):
    html = admin_client.get(INDEX).get_data(as_text=True)

    it = section(html, "it_reporting")
    assert "Báo cáo thông tin dự án và ứng dụng CNTT" in it
    assert "phiên bản 0.1.0" in it
    assert "QĐ 1676/QĐ-BTNMT" in it
    assert "Đã nạp" in it and "Chưa bật" in it
    assert "Bật toàn hệ thống" in it
    assert "không được xoá" in section(html, "civil_servants")


@pytest.mark.req("CORE-08")
@pytest.mark.parametrize("app_overrides", [{"PLUGIN_MODULES": "fake_broken=pcfake_import_error"}])
def test_a_plugin_that_failed_to_load_shows_its_error(fixtures_on_path, admin_client):
    broken = section(admin_client.get(INDEX).get_data(as_text=True), "fake_broken")

    assert "Lỗi khi nạp" in broken
    assert "ModuleNotFoundError: No module named &#39;platform_core_missing_dependency&#39;" in broken
    assert "Bật toàn hệ thống" not in broken


@pytest.mark.req("CORE-08")
@pytest.mark.req("CORE-16")
def test_enable_everywhere_then_disable_after_confirmation(admin_client, db):
    response = admin_client.post(f"{INDEX}it_reporting/enable", data={}, follow_redirects=True,
                                 environ_base={"REMOTE_ADDR": "10.0.0.7"})
    html = response.get_data(as_text=True)
    assert "Đã bật Báo cáo thông tin dự án và ứng dụng CNTT cho toàn hệ thống." in html
    assert "Toàn hệ thống" in section(html, "it_reporting")
    assert [r.unit_id for r in activations(db, "it_reporting")] == [None]

    confirm = admin_client.get(f"{INDEX}it_reporting/disable").get_data(as_text=True)
    assert "Tắt Báo cáo thông tin dự án và ứng dụng CNTT trên toàn hệ thống" in confirm
    assert "Xác nhận tắt" in confirm
    assert len(activations(db, "it_reporting")) == 1  # asking is not doing

    html = admin_client.post(f"{INDEX}it_reporting/disable", data={"unit_id": ""},
                             follow_redirects=True).get_data(as_text=True)
    assert "Đã tắt Báo cáo thông tin dự án và ứng dụng CNTT cho toàn hệ thống. Dữ liệu được giữ nguyên." in html
    assert "Chưa bật" in section(html, "it_reporting")
    assert activations(db, "it_reporting") == []

    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.object_type == "plugin")
                                .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_username) for e in events] == [("plugin.enable", "quantri"),
                                                               ("plugin.disable", "quantri")]
    assert events[0].ip == "10.0.0.7"


@pytest.mark.req("CORE-08")
def test_enable_for_a_unit_and_remove_that_unit_only(admin_client, db, make_unit):
    a, b = make_unit("40", "Tỉnh Nghệ An"), make_unit("22", "Tỉnh Quảng Ninh")
    admin_client.post(f"{INDEX}provincial_reports/enable", data={"unit_code": "40"})
    html = admin_client.post(f"{INDEX}provincial_reports/enable", data={"unit_code": "22"},
                             follow_redirects=True).get_data(as_text=True)
    part = section(html, "provincial_reports")
    assert "Theo đơn vị" in part
    assert "40 – Tỉnh Nghệ An" in part and "22 – Tỉnh Quảng Ninh" in part

    confirm = admin_client.get(f"{INDEX}provincial_reports/disable?unit={a.id}").get_data(as_text=True)
    assert "cho đơn vị 40 – Tỉnh Nghệ An và các đơn vị trực thuộc?" in confirm
    admin_client.post(f"{INDEX}provincial_reports/disable", data={"unit_id": str(a.id)})

    assert [r.unit_id for r in activations(db, "provincial_reports")] == [b.id]


@pytest.mark.req("CORE-08")
def test_an_unknown_unit_code_is_refused_with_a_message(admin_client, db):
    html = admin_client.post(f"{INDEX}provincial_reports/enable", data={"unit_code": "99"},
                             follow_redirects=True).get_data(as_text=True)

    assert "Không có đơn vị đang hoạt động mã 99." in html
    assert activations(db, "provincial_reports") == []


@pytest.mark.req("CORE-08")
def test_an_unknown_plugin_is_404(admin_client):
    assert admin_client.post(f"{INDEX}no_such_plugin/enable").status_code == 404
    assert admin_client.get(f"{INDEX}no_such_plugin/disable").status_code == 404


@pytest.mark.req("CORE-08")
@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_changes_without_the_csrf_token_are_refused(admin_client, db):
    html = admin_client.get(INDEX).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    refused = admin_client.post(f"{INDEX}it_reporting/enable", data={})
    assert refused.status_code == 400
    assert activations(db, "it_reporting") == []

    admin_client.post(f"{INDEX}it_reporting/enable", data={"csrf_token": token})
    assert len(activations(db, "it_reporting")) == 1
