"""Units carry optional validity dates, so the tree of a period can be told from today's (RPT-01).

Nghệ An's tree changed on 01/07/2025: districts ended on 30/06/2025 and communes now sit directly under
the province. Each unit says from and to which day it exists; an empty bound is open.
"""
import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from platform_core.units import importer, service
from platform_core.units.models import Unit

pytestmark = pytest.mark.req("RPT-01")

JUNE_30, JULY_1 = date(2025, 6, 30), date(2025, 7, 1)


@pytest.fixture
def province(make_unit):
    return make_unit("40", "Tỉnh Nghệ An", type_code="province")


def unit_count(db):
    return db.session.scalar(select(func.count()).select_from(Unit))


def text(response):
    return response.get_data(as_text=True)


# ---------------------------------------------------------------- model and service

def test_valid_on_treats_missing_bounds_as_open():
    district = Unit(code="412", name="Huyện Diễn Châu", valid_to=JUNE_30)
    commune = Unit(code="17011", name="Xã Diễn Châu", valid_from=JULY_1)
    forever = Unit(code="40", name="Tỉnh Nghệ An")

    assert district.valid_on(date(1990, 1, 1)) and district.valid_on(JUNE_30)
    assert not district.valid_on(JULY_1)
    assert not commune.valid_on(JUNE_30) and commune.valid_on(JULY_1) and commune.valid_on(date(2100, 1, 1))
    assert forever.valid_on(date(1900, 1, 1)) and forever.valid_on(date(2100, 1, 1))


def test_create_and_update_store_the_validity(db, province):
    district = service.create_unit("412", "Huyện Diễn Châu", "district", parent=province,
                                   valid_from=date(1963, 4, 19), valid_to=JUNE_30)
    db.session.expire_all()
    district = service.get_by_code("412")
    assert (district.valid_from, district.valid_to) == (date(1963, 4, 19), JUNE_30)

    service.update_unit(district, name="Huyện Diễn Châu (cũ)")  # dates left out: kept
    assert (district.valid_from, district.valid_to) == (date(1963, 4, 19), JUNE_30)
    service.update_unit(district, valid_from=None)  # None opens the bound
    db.session.expire_all()
    assert service.get_by_code("412").valid_from is None
    assert service.get_by_code("412").valid_to == JUNE_30


def test_an_end_before_the_start_is_refused_in_vietnamese(db, province):
    with pytest.raises(service.UnitError, match="Ngày hết hiệu lực \\(30/06/2025\\) không được trước ngày bắt đầu "
                                                "hiệu lực \\(01/07/2025\\)"):
        service.create_unit("17011", "Xã Diễn Châu", "commune", parent=province, valid_from=JULY_1, valid_to=JUNE_30)
    assert service.get_by_code("17011") is None

    with pytest.raises(service.UnitError, match="Ngày hết hiệu lực"):
        service.update_unit(province, valid_from=JULY_1, valid_to=JUNE_30)
    db.session.expire_all()
    assert service.get_by_code("40").valid_from is None

    one_day = service.update_unit(province, valid_from=JULY_1, valid_to=JULY_1)
    assert one_day.valid_on(JULY_1)


@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2025, 1, 1), date(2025, 6, 30), True),     # H1 2025: wholly inside
    (date(2025, 1, 1), date(2025, 12, 31), True),    # the year 2025: one half is enough
    (date(2025, 6, 30), date(2025, 6, 30), True),    # the last day itself
    (date(2025, 7, 1), date(2025, 12, 31), False),   # H2 2025: after its end
    (date(1960, 1, 1), date(1963, 4, 18), False),    # before it existed
    (date(1963, 4, 19), date(1963, 4, 19), True),    # its first day
])
def test_valid_during_needs_one_shared_day(start, end, expected):
    district = Unit(code="412", name="Huyện Diễn Châu", valid_from=date(1963, 4, 19), valid_to=JUNE_30)
    assert service.valid_during(district, start, end) is expected


def test_valid_during_leaves_out_a_unit_dissolved_before_the_period():
    # 30/06/2025 18:00 UTC is already 01/07/2025 01:00 in Viet Nam.
    unit = Unit(code="A", name="A", dissolved_at=datetime(2025, 6, 30, 18, 0, tzinfo=UTC))
    assert service.valid_during(unit, date(2025, 7, 1), date(2025, 7, 31))  # dissolved on the first day: in
    assert not service.valid_during(unit, date(2025, 7, 2), date(2025, 7, 31))
    assert service.valid_during(unit, date(2025, 6, 1), date(2025, 6, 30))
    with pytest.raises(ValueError):
        service.valid_during(unit, date(2025, 7, 31), date(2025, 7, 1))


# ---------------------------------------------------------------- CSV import

GOOD = (
    "code,name,type,parent_code,abbreviation,valid_from,valid_to\n"
    "412,Huyện Diễn Châu,district,40,,19/04/1963,30/06/2025\n"
    "17011,Xã Diễn Châu,commune,40,,2025-07-01,\n"
    "17012,Xã Đức Châu,commune,40,,,\n"
)


def test_import_reads_both_date_forms_and_leaves_empty_bounds_open(db, province):
    result = importer.import_units(GOOD)

    assert result.ok, result.problems
    assert result.created == 3
    district, commune, other = (service.get_by_code(c) for c in ("412", "17011", "17012"))
    assert (district.valid_from, district.valid_to) == (date(1963, 4, 19), JUNE_30)
    assert (commune.valid_from, commune.valid_to) == (JULY_1, None)
    assert (other.valid_from, other.valid_to) == (None, None)


def test_a_file_with_only_one_of_the_columns_imports(db, province):
    result = importer.import_units("code,name,type,parent_code,valid_to\n412,Huyện Diễn Châu,district,40,30/06/2025\n")
    assert result.ok, result.problems
    assert service.get_by_code("412").valid_to == JUNE_30


def test_a_file_without_the_columns_still_imports(db, province):
    result = importer.import_units("code,name,type,parent_code\n412,Huyện Diễn Châu,district,40\n")
    assert result.ok, result.problems
    assert service.get_by_code("412").valid_from is None


def test_a_bad_date_names_its_row_and_nothing_is_imported(db, runner, tmp_path, province):
    path = tmp_path / "units.csv"
    path.write_text(
        "code,name,type,parent_code,valid_from,valid_to\n"
        "412,Huyện Diễn Châu,district,40,,30/06/2025\n"     # line 2: fine
        "17011,Xã Diễn Châu,commune,40,31/02/2025,\n"       # line 3: no such day
        "17012,Xã Đức Châu,commune,40,,07/2025\n"           # line 4: not a date
        "17013,Xã Hùng Châu,commune,40,01/07/2025,30/06/2025\n",  # line 5: ends before it starts
        encoding="utf-8")

    result = runner.invoke(args=["units", "import", str(path)])

    assert result.exit_code != 0
    out = result.output
    assert "Dòng 2:" not in out
    assert "Dòng 3: Ngày '31/02/2025' ở cột valid_from không hợp lệ" in out
    assert "Dòng 4: Ngày '07/2025' ở cột valid_to không hợp lệ" in out
    assert ("Dòng 5: Ngày hết hiệu lực (30/06/2025) không được trước ngày bắt đầu hiệu lực (01/07/2025)."
            in out)
    assert unit_count(db) == 1  # the province only: line 2 is good but nothing is stored


def test_the_header_still_refuses_unknown_columns(db, province):
    rows, problems = importer.check("code,name,type,valid_until\n412,Huyện,district,30/06/2025\n")
    assert [p.line for p in problems] == [1]
    assert "valid_until" in problems[0].message and "valid_from,valid_to" in problems[0].message


# ---------------------------------------------------------------- pages

def test_form_and_pages_show_the_validity_as_dd_mm_yyyy(db, client, login_as, make_user, province):
    login_as(make_user("quantri", admin=True))

    response = client.post("/units/new", data={
        "code": "412", "name": "Huyện Diễn Châu", "unit_type": "district", "parent_code": "40",
        "valid_from": "19/04/1963", "valid_to": "2025-06-30"}, follow_redirects=True)

    assert response.status_code == 200
    page = text(response)
    assert "Đã tạo đơn vị Huyện Diễn Châu." in page
    assert "Hiệu lực từ" in page and "19/04/1963" in page
    assert "Hiệu lực đến" in page and "30/06/2025" in page
    district = service.get_by_code("412")
    assert (district.valid_from, district.valid_to) == (date(1963, 4, 19), JUNE_30)

    edit = text(client.get(f"/units/{district.id}/edit"))
    assert 'value="19/04/1963"' in edit and 'value="30/06/2025"' in edit and "dd/mm/yyyy" in edit
    assert "hiệu lực 19/04/1963 – 30/06/2025" in text(client.get(f"/units/{province.id}"))  # the children list
    assert "hiệu lực 19/04/1963 – 30/06/2025" in text(client.get("/units", query_string={"q": "Diễn"}))


def test_edit_form_refuses_an_end_before_the_start_and_a_bad_date(db, client, login_as, make_user, province):
    login_as(make_user("quantri", admin=True))
    base = {"name": "Tỉnh Nghệ An", "unit_type": "province"}

    page = text(client.post(f"/units/{province.id}/edit", data={**base, "valid_from": "01/07/2025",
                                                                 "valid_to": "30/06/2025"}))
    assert "Ngày hết hiệu lực (30/06/2025) không được trước ngày bắt đầu hiệu lực (01/07/2025)." in page
    page = text(client.post(f"/units/{province.id}/edit", data={**base, "valid_from": "32/01/2025"}))
    assert "Ngày không hợp lệ" in page

    db.session.expire_all()
    assert service.get_by_code("40").valid_from is None

    client.post(f"/units/{province.id}/edit", data={**base, "valid_from": "01/07/2025"})
    db.session.expire_all()
    assert service.get_by_code("40").valid_from == JULY_1
    client.post(f"/units/{province.id}/edit", data={**base, "valid_from": ""})  # emptied: open again
    db.session.expire_all()
    assert service.get_by_code("40").valid_from is None


def test_upload_page_names_the_optional_columns(db, client, login_as, make_user, province):
    login_as(make_user("quantri", admin=True))
    assert "valid_from,valid_to" in text(client.get("/units/import"))
    data = {"file": (io.BytesIO(GOOD.encode("utf-8")), "donvi.csv")}
    page = text(client.post("/units/import", data=data, content_type="multipart/form-data", follow_redirects=True))
    assert "Đã nhập 3 đơn vị." in page
