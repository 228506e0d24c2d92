"""The roles and memberships pages (CORE-06)."""
import pytest
from sqlalchemy import func, select

from platform_core.access.models import Membership, Role
from platform_core.access.service import can

pytestmark = pytest.mark.req("CORE-06")


@pytest.fixture
def tree(make_unit):
    tinh = make_unit("40", "Tỉnh Nghệ An", type_code="province")
    huyen = make_unit("412", "Huyện Diễn Châu", parent=tinh, type_code="district")
    other = make_unit("22", "Tỉnh Quảng Ninh", type_code="province")
    return {"tinh": tinh, "huyen": huyen, "other": other}


def text(response):
    return response.get_data(as_text=True)


def test_roles_page_is_forbidden_without_permission(db, client, login_as, make_user, tree):
    login_as(make_user("canbo", unit=tree["tinh"], role="officer", scope="subtree"))
    assert client.get("/access/roles").status_code == 403


def test_unit_admin_sees_roles_with_permission_titles(db, client, login_as, make_user, tree):
    login_as(make_user("qt", unit=tree["tinh"], role="unit_admin", scope="subtree"))
    page = text(client.get("/access/roles"))
    assert "Vai trò và quyền" in page
    assert "Quản trị đơn vị" in page and "Cán bộ báo cáo CNTT" in page
    assert "Phân quyền (cấp vai trò) trong đơn vị" in page  # a permission's title
    assert "Thêm vai trò" not in page  # custom roles are for system administrators


def test_grant_and_revoke_through_the_pages(db, client, login_as, make_user, tree):
    login_as(make_user("qt", unit=tree["tinh"], role="unit_admin", scope="subtree"))
    staff = make_user("canbo.dc", unit=tree["huyen"], full_name="Phan Văn Đức")
    officer = db.session.scalar(select(Role).where(Role.key == "officer"))

    form = text(client.get(f"/access/units/{tree['huyen'].id}/memberships"))
    assert "Cán bộ (officer)" in form
    assert "it_reporting.reporter" not in form  # only roles the granter could give are offered

    done = client.post(f"/access/units/{tree['huyen'].id}/memberships", follow_redirects=True, data={
        "username": "canbo.dc", "role": officer.id, "scope": "unit", "valid_from": "01/01/2025",
        "valid_to": "31/12/2099"})
    page = text(done)
    assert "Đã cấp vai trò Cán bộ cho Phan Văn Đức" in page
    assert "01/01/2025" in page and "31/12/2099" in page
    assert can(staff, "core.units.view", tree["huyen"])

    membership = db.session.scalar(select(Membership).where(Membership.user_id == staff.id))
    confirm = client.get(f"/access/memberships/{membership.id}/revoke")
    assert "Xác nhận thu hồi" in text(confirm)
    db.session.expire_all()
    assert not db.session.get(Membership, membership.id).revoked

    client.post(f"/access/memberships/{membership.id}/revoke")
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).revoked
    assert not can(staff, "core.units.view", tree["huyen"])


def test_grant_form_reports_bad_dates_and_unknown_user(db, client, login_as, make_user, tree):
    login_as(make_user("qt", unit=tree["tinh"], role="unit_admin", scope="subtree"))
    officer = db.session.scalar(select(Role).where(Role.key == "officer"))
    url = f"/access/units/{tree['huyen'].id}/memberships"
    bad_date = text(client.post(url, data={"username": "qt", "role": officer.id, "scope": "unit",
                                           "valid_from": "2025-13-45"}))
    assert "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy." in bad_date
    nobody = text(client.post(url, data={"username": "khongco", "role": officer.id, "scope": "unit"}))
    assert "Không có tài khoản" in nobody
    assert db.session.scalar(select(func.count()).select_from(Membership)) == 1


def test_memberships_of_a_unit_outside_the_subtree_are_forbidden(db, client, login_as, make_user, tree):
    login_as(make_user("qt", unit=tree["tinh"], role="unit_admin", scope="subtree"))
    officer = db.session.scalar(select(Role).where(Role.key == "officer"))
    url = f"/access/units/{tree['other'].id}/memberships"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"username": "qt", "role": officer.id, "scope": "unit"}).status_code == 403


def test_admin_creates_custom_role_and_cannot_edit_declared_ones(db, client, login_as, make_user):
    login_as(make_user("quantri", admin=True))
    created = client.post("/access/roles/new", follow_redirects=True, data={
        "key": "thu_ky", "name": "Thư ký", "permissions": ["core.units.view", "core.published.view"]})
    assert "Đã tạo vai trò Thư ký" in text(created)
    role = db.session.scalar(select(Role).where(Role.key == "thu_ky"))
    assert role.plugin_key is None and role.permission_names == {"core.units.view", "core.published.view"}

    dotted = client.post("/access/roles/new", data={"key": "x.thu_ky", "name": "X",
                                                     "permissions": ["core.units.view"]})
    assert "không có dấu chấm" in text(dotted)
    assert db.session.scalar(select(Role).where(Role.key == "x.thu_ky")) is None

    officer = db.session.scalar(select(Role).where(Role.key == "officer"))
    refused = client.post(f"/access/roles/{officer.id}/edit", follow_redirects=True, data={
        "key": "officer", "name": "Đổi tên", "permissions": ["core.audit.view"]})
    assert "không sửa được" in text(refused)
    db.session.expire_all()
    assert db.session.get(Role, officer.id).name == "Cán bộ"


def test_non_admin_cannot_create_roles(db, client, login_as, make_user, tree):
    login_as(make_user("qt", unit=tree["tinh"], role="unit_admin", scope="subtree"))
    response = client.post("/access/roles/new", data={"key": "tu_tao", "name": "Tự tạo",
                                                      "permissions": ["core.units.manage"]})
    assert response.status_code == 403
    assert db.session.scalar(select(Role).where(Role.key == "tu_tao")) is None
