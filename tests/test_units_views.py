"""The unit admin pages: who sees what, and what changing the tree looks like (CORE-05)."""
import re

import pytest

from platform_core.access.custom_roles import create_role
from platform_core.units import service
from platform_core.units.models import Unit

pytestmark = pytest.mark.req("CORE-05")


@pytest.fixture
def tree(make_unit):
    bo = make_unit("BTNMT", "Bộ Tài nguyên và Môi trường", type_code="ministry")
    cuc = make_unit("BTNMT-CNTT", "Cục Chuyển đổi số", parent=bo)
    vu = make_unit("BTNMT-TCCB", "Vụ Tổ chức cán bộ", parent=bo)
    phong = make_unit("CNTT-HT", "Phòng Hạ tầng", parent=cuc)
    tinh = make_unit("40", "Tỉnh Nghệ An", type_code="province")
    return {u.code: u for u in (bo, cuc, vu, phong, tinh)}


@pytest.fixture
def manager_role(db):
    return create_role("quan_ly_don_vi", "Quản lý đơn vị", ["core.units.view", "core.units.manage"])


def text(response):
    return response.get_data(as_text=True)


def test_tree_page_lists_units_in_vietnamese_and_marks_dissolved(db, client, login_as, make_user, tree):
    service.dissolve_unit(tree["BTNMT-TCCB"])
    login_as(make_user("quantri", admin=True))
    page = text(client.get("/units"))
    assert "Cây đơn vị" in page
    for name in ("Bộ Tài nguyên và Môi trường", "Cục Chuyển đổi số", "Phòng Hạ tầng", "Tỉnh Nghệ An"):
        assert name in page
    dissolved = page.split('data-code="BTNMT-TCCB"', 1)[1].split("</li>", 1)[0]
    assert "Đã giải thể" in dissolved
    assert "Đã giải thể" not in page.split('data-code="BTNMT-CNTT"', 1)[1].split("</li>", 1)[0]


def test_search_filters_by_name_and_code(db, client, login_as, make_user, tree):
    login_as(make_user("quantri", admin=True))
    page = text(client.get("/units", query_string={"q": "Hạ tầng"}))
    assert "Phòng Hạ tầng" in page and "Tỉnh Nghệ An" not in page
    page = text(client.get("/units", query_string={"q": "40"}))
    assert "Tỉnh Nghệ An" in page and "Phòng Hạ tầng" not in page


def test_without_units_view_the_tree_is_forbidden(db, client, login_as, make_user, tree):
    login_as(make_user("nguoidung", unit=tree["40"], role="guest"))
    assert client.get("/units").status_code == 403
    assert client.get(f"/units/{tree['40'].id}").status_code == 403


def test_anonymous_is_sent_to_login(db, client, tree):
    response = client.get("/units")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_officer_sees_only_own_subtree(db, client, login_as, make_user, tree):
    login_as(make_user("canbo", unit=tree["BTNMT-CNTT"], role="officer", scope="subtree"))
    page = text(client.get("/units"))
    assert "Cục Chuyển đổi số" in page and "Phòng Hạ tầng" in page
    assert "Vụ Tổ chức cán bộ" not in page and "Tỉnh Nghệ An" not in page
    assert "Vụ Tổ chức cán bộ" not in text(client.get("/units", query_string={"q": "Vụ"}))
    assert client.get(f"/units/{tree['BTNMT-TCCB'].id}").status_code == 403
    assert client.get(f"/units/{tree['CNTT-HT'].id}").status_code == 200


def test_viewing_is_not_managing(db, client, login_as, make_user, tree):
    login_as(make_user("canbo", unit=tree["BTNMT"], role="officer", scope="subtree"))
    unit = tree["BTNMT-CNTT"]
    assert client.post(f"/units/{unit.id}/edit", data={"name": "Đổi tên", "unit_type": "department"}).status_code == 403
    assert client.post(f"/units/{unit.id}/dissolve").status_code == 403
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).name == "Cục Chuyển đổi số"


def test_manager_renames_inside_own_subtree_only(db, client, login_as, make_user, tree, manager_role):
    login_as(make_user("qlcntt", unit=tree["BTNMT-CNTT"], role="quan_ly_don_vi", scope="subtree"))
    response = client.post(f"/units/{tree['CNTT-HT'].id}/edit", follow_redirects=True,
                           data={"name": "Phòng Hạ tầng số", "abbreviation": "HTS", "unit_type": "department"})
    assert "Đã lưu đơn vị Phòng Hạ tầng số" in text(response)
    outside = client.post(f"/units/{tree['BTNMT-TCCB'].id}/edit",
                          data={"name": "Vụ khác", "unit_type": "department"})
    assert outside.status_code == 403
    db.session.expire_all()
    assert db.session.get(Unit, tree["BTNMT-TCCB"].id).name == "Vụ Tổ chức cán bộ"


def test_create_child_and_refuse_top_level_for_non_admin(db, client, login_as, make_user, tree, manager_role):
    login_as(make_user("qlcntt", unit=tree["BTNMT-CNTT"], role="quan_ly_don_vi", scope="subtree"))
    ok = client.post("/units/new", follow_redirects=True, data={
        "code": "CNTT-DL", "name": "Phòng Dữ liệu", "unit_type": "department", "parent_code": "BTNMT-CNTT"})
    assert "Đã tạo đơn vị Phòng Dữ liệu" in text(ok)
    assert service.get_by_code("CNTT-DL").parent.code == "BTNMT-CNTT"

    top = client.post("/units/new", data={"code": "MOI", "name": "Bộ mới", "unit_type": "ministry"})
    assert "Chỉ quản trị hệ thống được tạo đơn vị cấp cao nhất" in text(top)
    elsewhere = client.post("/units/new", data={
        "code": "TCCB-1", "name": "Phòng 1", "unit_type": "department", "parent_code": "BTNMT-TCCB"})
    assert "Bạn không có quyền quản lý đơn vị" in text(elsewhere)
    dup = client.post("/units/new", data={
        "code": "CNTT-HT", "name": "Trùng", "unit_type": "department", "parent_code": "BTNMT-CNTT"})
    assert "Mã đơn vị &#39;CNTT-HT&#39; đã tồn tại" in text(dup)
    assert service.get_by_code("MOI") is None and service.get_by_code("TCCB-1") is None


def test_move_page_moves_subtree_and_refuses_a_cycle(db, client, login_as, make_user, tree):
    login_as(make_user("quantri", admin=True))
    refused = client.post(f"/units/{tree['BTNMT-CNTT'].id}/move", data={"parent_code": "CNTT-HT"})
    assert "Không thể chuyển đơn vị" in text(refused) and "trực thuộc của chính nó" in text(refused)
    db.session.expire_all()
    assert db.session.get(Unit, tree["BTNMT-CNTT"].id).parent_id == tree["BTNMT"].id

    moved = client.post(f"/units/{tree['BTNMT-CNTT'].id}/move", data={"parent_code": "40"}, follow_redirects=True)
    assert "Đã chuyển đơn vị Cục Chuyển đổi số" in text(moved)
    assert [u.code for u in service.ancestors(tree["CNTT-HT"])] == ["40", "BTNMT-CNTT"]


def test_dissolve_asks_for_confirmation_first(db, client, login_as, make_user, tree):
    login_as(make_user("quantri", admin=True))
    unit = tree["CNTT-HT"]
    confirm = client.get(f"/units/{unit.id}/dissolve")
    assert "Thao tác này không thể hoàn tác" in text(confirm) and "Xác nhận giải thể" in text(confirm)
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).is_active

    done = client.post(f"/units/{unit.id}/dissolve", follow_redirects=True)
    assert "Đã giải thể đơn vị Phòng Hạ tầng" in text(done)
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).status == "dissolved"

    parent_page = text(client.get(f"/units/{tree['BTNMT'].id}/dissolve"))
    assert "đơn vị trực thuộc đang hoạt động" in parent_page and "Xác nhận giải thể" not in parent_page


def test_detail_page_shows_path_children_and_dates(db, client, login_as, make_user, tree):
    login_as(make_user("quantri", admin=True))
    page = text(client.get(f"/units/{tree['BTNMT-CNTT'].id}"))
    assert "Bộ Tài nguyên và Môi trường" in page and "Phòng Hạ tầng" in page
    assert re.search(r"\d{2}/\d{2}/\d{4}", page)
