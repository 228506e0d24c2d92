"""CSV import of units, all or nothing, from the CLI and the admin page (CORE-05)."""
import io

import pytest
from sqlalchemy import func, select

from platform_core.access.custom_roles import create_role
from platform_core.units import service
from platform_core.units.models import Unit

pytestmark = pytest.mark.req("CORE-05")

GOOD = (
    "code,name,type,parent_code,abbreviation\n"
    "412,Huyện Diễn Châu,district,40,dienchau\n"  # parent already in the database
    "17011,Xã Diễn Ngọc,commune,412,\n"
    "BO-VP,Văn phòng Bộ,department,BO,vp\n"  # parent further down the file
    "BO,Bộ Tài nguyên và Môi trường,ministry,,btnmt\n"
)

BAD = (
    "code,name,type,parent_code,abbreviation\n"
    "A1,Đơn vị A1,department,,\n"  # line 2: fine
    "A2,,department,A1,\n"  # line 3: no name
    "40,Tỉnh trùng,province,,\n"  # line 4: code already stored
    "A1,Đơn vị lặp,department,,\n"  # line 5: duplicate of line 2
    "A5,Đơn vị A5,department,KHONGCO,\n"  # line 6: unknown parent
    "A6,Đơn vị A6,hanh_tinh,A1,\n"  # line 7: bad type
    "C1,Vòng 1,department,C2,\n"  # line 8: cycle with line 9
    "C2,Vòng 2,department,C1,\n"  # line 9
)


@pytest.fixture
def province(make_unit):
    return make_unit("40", "Tỉnh Nghệ An", type_code="province")


def unit_count(db):
    return db.session.scalar(select(func.count()).select_from(Unit))


def write(tmp_path, text, bom=False):
    path = tmp_path / "units.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


@pytest.mark.parametrize("bom", [False, True], ids=["utf8", "utf8-bom"])
def test_cli_import_of_a_good_file_creates_every_unit(db, runner, tmp_path, province, bom):
    result = runner.invoke(args=["units", "import", str(write(tmp_path, GOOD, bom))])

    assert result.exit_code == 0, result.output
    assert "Đã nhập 4 đơn vị." in result.output
    assert unit_count(db) == 5
    xa = service.get_by_code("17011")
    assert xa.name == "Xã Diễn Ngọc" and xa.unit_type.code == "commune"
    assert [u.code for u in service.ancestors(xa)] == ["40", "412"]
    assert service.get_by_code("BO-VP").parent.code == "BO"
    assert service.get_by_code("BO").abbreviation == "btnmt"


def test_cli_import_with_bad_rows_commits_nothing_and_names_each_line(db, runner, tmp_path, province):
    result = runner.invoke(args=["units", "import", str(write(tmp_path, BAD))])

    assert result.exit_code != 0
    assert unit_count(db) == 1  # only the province that was there before; A1 (a good row) is not stored
    assert service.get_by_code("A1") is None
    out = result.output
    assert "Không nhập đơn vị nào" in out
    assert "Dòng 2:" not in out
    assert "Dòng 3: Thiếu tên đơn vị" in out
    assert "Dòng 4: Mã '40' đã có trong hệ thống" in out
    assert "Dòng 5: Mã 'A1' trùng với dòng 2" in out
    assert "Dòng 6: Không tìm thấy đơn vị cấp trên có mã 'KHONGCO'" in out
    assert "Dòng 7: Loại đơn vị 'hanh_tinh' không hợp lệ" in out
    assert "Dòng 8: Quan hệ cấp trên tạo thành vòng lặp" in out
    assert "Dòng 9: Quan hệ cấp trên tạo thành vòng lặp" in out


def test_cli_import_refuses_a_file_without_the_header(db, runner, tmp_path):
    result = runner.invoke(args=["units", "import", str(write(tmp_path, "40,Tỉnh Nghệ An,province,,\n"))])
    assert result.exit_code != 0
    assert "Dòng 1: Dòng tiêu đề thiếu cột" in result.output
    assert unit_count(db) == 0


def test_cli_import_reports_a_file_that_is_not_utf8(db, runner, tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes(b"code,name,type\nX,Huy\xean Di\xean Ch\xe2u,district\n")  # Windows-1258 bytes
    result = runner.invoke(args=["units", "import", str(path)])
    assert result.exit_code != 0
    assert "UTF-8" in result.output
    assert unit_count(db) == 0


def upload(client, text):
    data = {"file": (io.BytesIO(text.encode("utf-8")), "donvi.csv")}
    return client.post("/units/import", data=data, content_type="multipart/form-data", follow_redirects=True)


def test_upload_form_uses_the_same_all_or_nothing_import(db, client, login_as, make_user, province):
    login_as(make_user("quantri", admin=True))

    bad = upload(client, BAD)
    assert bad.status_code == 200
    page = bad.get_data(as_text=True)
    assert "Không nhập đơn vị nào: tệp có" in page
    assert "Thiếu tên đơn vị" in page and "trùng với dòng 2" in page
    assert unit_count(db) == 1

    good = upload(client, GOOD)
    assert "Đã nhập 4 đơn vị." in good.get_data(as_text=True)
    assert unit_count(db) == 5


def test_upload_refuses_rows_outside_the_importers_units(db, client, login_as, make_user, make_unit, province):
    other = make_unit("22", "Tỉnh Quảng Ninh", type_code="province")
    create_role("quan_ly_don_vi", "Quản lý đơn vị", ["core.units.view", "core.units.manage"])
    login_as(make_user("qt.nghean", unit=province, role="quan_ly_don_vi", scope="subtree"))

    text = ("code,name,type,parent_code\n"
            "412,Huyện Diễn Châu,district,40\n"
            "193,Thành phố Hạ Long,district,22\n"
            "99,Tỉnh mới,province,\n")
    page = upload(client, text).get_data(as_text=True)
    assert "Bạn không có quyền thêm đơn vị vào" in page and other.name in page
    assert "Bạn không có quyền tạo đơn vị cấp cao nhất" in page
    assert service.get_by_code("412") is None
