"""Search (CORE-21): one box across the core's records and every active plugin's, within the user's
permissions, without caring for case or diacritics."""
from datetime import timedelta

import pytest
from fixtures_dashboard.support import PLUGINS, obligation

from platform_core.plugins import activation
from platform_core.search.matching import fold
from platform_core.timeutil import local_today


@pytest.fixture
def app_overrides():
    return dict(PLUGINS)


@pytest.fixture
def world(app, db, make_unit, make_user):
    """Sibling departments Nghệ An and Hà Tĩnh under one ministry, each with an obligation and a person."""
    bo = make_unit("BO", "Bộ Thử nghiệm", type_code="ministry")
    na = make_unit("SNA", "Sở Nghệ An", parent=bo, abbreviation="SNA")
    ward = make_unit("PDD", "Phường Đống Đa", parent=na, type_code="ward")
    ht = make_unit("SHT", "Sở Hà Tĩnh", parent=bo)
    activation.enable("pcdash")
    db.session.commit()
    due = local_today() + timedelta(days=5)
    obligation(db, na, "Báo cáo tình hình Nghệ An", due)
    obligation(db, ht, "Báo cáo tình hình Hà Tĩnh", due)
    return {
        "na": na, "ward": ward, "ht": ht,
        "officer": make_user("canbo", unit=na, role="officer", scope="subtree", full_name="Trần Thị An"),
        "manager": make_user("quanly", unit=na, role="unit_admin", scope="subtree", full_name="Lê Văn Quản"),
        "stranger": make_user("nguoiha", unit=ht, role="officer", full_name="Nguyễn Văn Bê"),
    }


def groups(page: str) -> set[str]:
    import re

    return set(re.findall(r'data-kind="([^"]+)"', page))


@pytest.mark.req("CORE-21")
def test_finds_units_obligations_and_plugin_hits_without_diacritics(client, login_as, world):
    login_as(world["officer"])
    page = client.get("/search", query_string={"q": "nghe an"}).get_data(as_text=True)
    assert "Sở Nghệ An" in page and f"/units/{world['na'].id}" in page
    assert "Báo cáo tình hình Nghệ An" in page
    assert "Dự án cấp nước Nghệ An" in page and "/p/pcdash/projects/0" in page
    assert "Chế độ báo cáo bảng điều khiển" in page  # the plugin's hits carry its title
    assert "Hồ sơ ẩn Nghệ An" not in page  # an inactive plugin is not asked
    assert groups(page) == {"units", "obligations", "pcdash:Dự án"}

    upper = client.get("/search", query_string={"q": "ĐỐNG ĐA"}).get_data(as_text=True)
    plain = client.get("/search", query_string={"q": "dong da"}).get_data(as_text=True)
    assert "Phường Đống Đa" in upper and "Phường Đống Đa" in plain


@pytest.mark.req("CORE-21")
def test_records_of_a_sibling_unit_are_never_found(client, login_as, world):
    login_as(world["officer"])
    page = client.get("/search", query_string={"q": "Hà Tĩnh"}).get_data(as_text=True)
    assert "Sở Hà Tĩnh" not in page and "Báo cáo tình hình Hà Tĩnh" not in page
    assert "Không tìm thấy kết quả nào cho «Hà Tĩnh»." in page

    page = client.get("/search", query_string={"q": "tình hình"}).get_data(as_text=True)
    assert "Báo cáo tình hình Nghệ An" in page and "Hà Tĩnh" not in page


@pytest.mark.req("CORE-21")
def test_accounts_only_for_holders_of_the_users_permission(client, login_as, world):
    login_as(world["officer"])  # an officer may not list accounts
    assert "users" not in groups(client.get("/search", query_string={"q": "tran thi"}).get_data(as_text=True))

    login_as(world["manager"])
    page = client.get("/search", query_string={"q": "tran thi"}).get_data(as_text=True)
    assert "Trần Thị An" in page and f"/admin/users/{world['officer'].id}" in page
    assert "Nguyễn Văn Bê" not in client.get("/search", query_string={"q": "Nguyễn"}).get_data(as_text=True)


@pytest.mark.req("CORE-21")
def test_short_query_asks_for_more(client, login_as, world):
    login_as(world["officer"])
    page = client.get("/search", query_string={"q": " a "}).get_data(as_text=True)
    assert "Nhập ít nhất 2 ký tự để tìm kiếm." in page and "data-kind" not in page


@pytest.mark.req("CORE-21")
def test_each_group_is_capped_with_a_link_to_see_more(client, login_as, world, make_unit):
    for n in range(12):
        make_unit(f"PX{n:02d}", f"Phường Xuân {n:02d}", parent=world["na"], type_code="ward")
    login_as(world["officer"])
    page = client.get("/search", query_string={"q": "phuong xuan"}).get_data(as_text=True)
    assert page.count("Phường Xuân") == 10 and "Xem thêm" in page and "kind=units" in page
    more = client.get("/search", query_string={"q": "phuong xuan", "kind": "units"}).get_data(as_text=True)
    assert more.count("Phường Xuân") == 12 and "Xem thêm" not in more


@pytest.mark.req("CORE-21")
def test_search_needs_sign_in_and_the_box_is_in_the_top_bar(client, login_as, world):
    assert client.get("/search", query_string={"q": "nghe an"}).status_code == 302
    assert 'class="topsearch"' not in client.get("/public").get_data(as_text=True)
    login_as(world["officer"])
    page = client.get("/public").get_data(as_text=True)
    assert 'class="topsearch"' in page and 'action="/search"' in page


@pytest.mark.req("CORE-21")
def test_like_wildcards_in_the_query_are_literal(client, login_as, world):
    login_as(world["officer"])
    page = client.get("/search", query_string={"q": "%%"}).get_data(as_text=True)
    assert "Không tìm thấy kết quả nào cho «%%»." in page


@pytest.mark.req("CORE-21")
def test_fold_drops_case_and_vietnamese_marks():
    assert fold("Nghệ An") == "nghe an"
    assert fold("ĐƯỜNG Ở HUẾ") == "duong o hue"
    assert fold("Thừa Thiên Huế") == fold("thua thien hue")


@pytest.mark.req("CORE-21")
def test_a_failing_plugin_is_named_and_the_rest_still_found(client, login_as, world, monkeypatch):
    def broken(query, user):
        raise RuntimeError("boom")

    impl = [i for i in client.application.extensions["plugins"].pm.hook.search.get_hookimpls()
            if i.plugin_name == "pcdash"][0]
    monkeypatch.setattr(impl, "function", broken)
    login_as(world["officer"])
    page = client.get("/search", query_string={"q": "nghe an"}).get_data(as_text=True)
    assert "Sở Nghệ An" in page
    assert "Không tìm được trong: Chế độ báo cáo bảng điều khiển." in page
