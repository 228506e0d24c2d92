"""The shared library (RPT-12): indicators and disaggregations, through the service and the pages. The same
code means the same figure everywhere, so what would break adding up is refused once a regime in force
uses it."""
import pytest

from tests.plugins.provincial_reports import pr_support as pr

BASE = "/p/provincial_reports"


@pytest.fixture
def admin(app, db, make_unit, make_user):
    pr.enable()
    units = pr.province(make_unit)
    return make_user("quantri", admin=True, unit=units["tinh"])


def _indicator(**extra):
    return {"code": "DS01", "name": "Dân số trung bình", "unit_of_measure": "người", "data_type": "integer",
            "aggregate": "sum", **extra}


# ---------------------------------------------------------------------------------------------- service


@pytest.mark.req("RPT-12")
def test_an_indicator_keeps_its_definition_and_plain_bounds(admin):
    from plugins.provincial_reports import library

    indicator = library.create_indicator(_indicator(code="ds02", plausible_min="1,5", plausible_max="1.250.000",
                                                    concept="Số người bình quân trong năm"), admin)
    assert indicator.code == "DS02"
    assert (indicator.plausible_min, indicator.plausible_max) == ("1.5", "1250000")
    assert indicator.active and not indicator.allow_negative


@pytest.mark.req("RPT-12")
def test_indicator_problems_are_all_listed(admin):
    from plugins.provincial_reports import library

    library.create_indicator(_indicator(), admin)
    with pytest.raises(library.LibraryError) as caught:
        library.create_indicator(_indicator(name="", data_type="so", plausible_min="mười",
                                            plausible_max="5"), admin)
    problems = caught.value.problems
    assert "Mã chỉ tiêu «DS01» đã có trong thư viện." in problems
    assert "Nhập tên chỉ tiêu." in problems
    assert "Kiểu dữ liệu «so» không có; chọn một trong các kiểu của danh sách." in problems
    assert any(p.startswith("«Giá trị thường gặp nhỏ nhất»: nhập một số") for p in problems)
    with pytest.raises(library.LibraryError) as caught:
        library.create_indicator(_indicator(code="1AB"), admin)
    assert caught.value.problems[0].startswith("Mã chỉ tiêu «1AB» không hợp lệ")
    with pytest.raises(library.LibraryError) as caught:
        library.create_indicator(_indicator(code="DS05", plausible_min="10", plausible_max="2"), admin)
    assert caught.value.problems == ["Giá trị thường gặp nhỏ nhất lớn hơn giá trị lớn nhất."]


@pytest.mark.req("RPT-12")
def test_an_indicator_used_by_a_regime_in_force_keeps_its_type_and_aggregation(admin):
    from plugins.provincial_reports import library

    indicators = pr.library()
    pr.regime()
    ld01 = indicators["LD01"]
    assert [r.code for r in library.indicator_usage(ld01)] == ["LDVL-QUY"]
    with pytest.raises(library.LibraryError) as caught:
        library.update_indicator(ld01, {"data_type": "decimal"}, admin)
    assert "đang dùng trong chế độ báo cáo LDVL-QUY đã áp dụng" in caught.value.problems[0]
    with pytest.raises(library.LibraryError):
        library.update_indicator(ld01, {"aggregate": "mean"}, admin)
    library.update_indicator(ld01, {"name": "Số người trong độ tuổi lao động (15 tuổi trở lên)",
                                    "plausible_max": "600000"}, admin)
    assert ld01.data_type == "integer" and ld01.plausible_max == "600000"
    assert ld01.name.endswith("(15 tuổi trở lên)")

    kt01 = indicators["KT01"]  # used by no regime: free to change
    library.update_indicator(kt01, {"data_type": "integer"}, admin)
    assert kt01.data_type == "integer"


@pytest.mark.req("RPT-12")
def test_a_dimension_in_use_keeps_its_categories_but_may_grow(admin):
    from plugins.provincial_reports import library

    pr.library()
    pr.regime()
    from plugins.provincial_reports.models import Dimension

    sex = pr._db.session.scalar(pr._db.select(Dimension).where(Dimension.code == "sex"))
    with pytest.raises(library.LibraryError) as caught:
        library.update_dimension(sex, "Giới tính", [{"key": "nam", "label": "Nam"}], admin)
    assert "Không bỏ được nhóm nu" in caught.value.problems[0]
    library.update_dimension(sex, "Giới tính", [{"key": "nam", "label": "Nam giới"}, {"key": "nu", "label": "Nữ giới"},
                                                {"key": "", "label": "Khác"}], admin)
    assert [c["key"] for c in sex.categories] == ["nam", "nu", "khac"]

    area = library.create_dimension("khu_vuc", "Khu vực", [{"label": "Thành thị"}, {"label": "Nông thôn"}], admin)
    assert area.categories == [{"key": "thanh_thi", "label": "Thành thị"}, {"key": "nong_thon", "label": "Nông thôn"}]
    with pytest.raises(library.LibraryError) as caught:
        library.create_dimension("Khu Vuc", "", [{"key": "total", "label": "Tổng"}], admin)
    problems = caught.value.problems
    assert problems[0].startswith("Mã phân tổ «Khu Vuc» không hợp lệ")
    assert "Nhập tên phân tổ." in problems
    assert any(p.startswith("Mã nhóm «total» không hợp lệ") for p in problems)


# ---------------------------------------------------------------------------------------------- pages


@pytest.mark.req("RPT-12")
def test_the_indicator_list_is_searched_without_accents(admin, login_as):
    pr.library()
    client = login_as(admin)
    page = client.get(f"{BASE}/indicators/?q=viec lam")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Số lao động có việc làm" in text and "Thu ngân sách" not in text
    empty = client.get(f"{BASE}/indicators/?q=khong co").get_data(as_text=True)
    assert "Không có chỉ tiêu nào khớp «khong co»." in empty


@pytest.mark.req("RPT-12")
def test_adding_and_editing_an_indicator_on_its_page(admin, login_as):
    from plugins.provincial_reports.models import Indicator

    client = login_as(admin)
    assert "Thêm chỉ tiêu" in client.get(f"{BASE}/indicators/new").get_data(as_text=True)
    form = {"code": "DS01", "name": "Dân số trung bình", "unit_of_measure": "người", "data_type": "integer",
            "aggregate": "sum", "plausible_min": "1,5", "active": "y"}
    answer = client.post(f"{BASE}/indicators/new", data=form, follow_redirects=True)
    assert answer.status_code == 200 and "Đã thêm chỉ tiêu DS01." in answer.get_data(as_text=True)
    indicator = pr._db.session.scalar(pr._db.select(Indicator).where(Indicator.code == "DS01"))
    assert indicator.plausible_min == "1.5"

    again = client.post(f"{BASE}/indicators/new", data={**form, "plausible_max": "1,2"})
    text = again.get_data(as_text=True)
    assert again.status_code == 400
    assert "Mã chỉ tiêu «DS01» đã có trong thư viện." in text
    assert "Giá trị thường gặp nhỏ nhất lớn hơn giá trị lớn nhất." in text

    edit = client.get(f"{BASE}/indicators/{indicator.id}/edit").get_data(as_text=True)
    assert 'value="1,5"' in edit
    saved = client.post(f"{BASE}/indicators/{indicator.id}/edit", data={**form, "name": "Dân số trung bình năm"},
                        follow_redirects=True)
    assert "Đã lưu chỉ tiêu DS01." in saved.get_data(as_text=True)


@pytest.mark.req("RPT-12")
def test_changing_the_type_of_an_indicator_in_use_is_refused_on_the_page(admin, login_as):
    indicators = pr.library()
    pr.regime()
    client = login_as(admin)
    ld01 = indicators["LD01"]
    answer = client.post(f"{BASE}/indicators/{ld01.id}/edit", data={
        "code": "LD01", "name": ld01.name, "unit_of_measure": "người", "data_type": "decimal", "aggregate": "sum",
        "active": "y"})
    assert answer.status_code == 400
    assert "không đổi được mã, kiểu dữ liệu hay cách tổng hợp" in answer.get_data(as_text=True)


@pytest.mark.req("RPT-12")
def test_dimensions_are_listed_created_and_edited_on_their_page(admin, login_as):
    pr.library()
    pr.regime()
    client = login_as(admin)
    page = client.get(f"{BASE}/dimensions/").get_data(as_text=True)
    assert "Giới tính" in page and "Thêm phân tổ" in page
    created = client.post(f"{BASE}/dimensions/", data={"code": "khu_vuc", "name": "Khu vực",
                                                       "categories": "thanh_thi: Thành thị\nNông thôn"},
                          follow_redirects=True)
    text = created.get_data(as_text=True)
    assert "Đã thêm phân tổ khu_vuc." in text and "nong_thon" in text
    bad = client.post(f"{BASE}/dimensions/", data={"code": "khu_vuc", "name": "Khu vực", "categories": "Thành thị"})
    assert bad.status_code == 400 and "Mã phân tổ «khu_vuc» đã có." in bad.get_data(as_text=True)

    from plugins.provincial_reports.models import Dimension

    sex = pr._db.session.scalar(pr._db.select(Dimension).where(Dimension.code == "sex"))
    refused = client.post(f"{BASE}/dimensions/{sex.id}/edit", data={"name": "Giới tính", "categories": "nam: Nam"})
    assert refused.status_code == 400 and "Không bỏ được nhóm nu" in refused.get_data(as_text=True)


@pytest.mark.req("RPT-12")
def test_the_library_needs_the_manage_permission(admin, make_user, login_as):
    from platform_core.units.models import Unit

    unit = pr._db.session.scalar(pr._db.select(Unit).where(Unit.code == "40-VINH-HB"))
    officer = make_user("nhaplieu", unit=unit, role="provincial_reports.entry")
    client = login_as(officer)
    assert client.get(f"{BASE}/indicators/").status_code == 403
    assert client.get(f"{BASE}/dimensions/").status_code == 403
