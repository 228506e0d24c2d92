"""Holiday overrides stored in the database: the calendar reads them, the page and the CLI manage them
(CORE-09)."""
from datetime import date

import pytest
import sqlalchemy as sa

from platform_core.audit.models import AuditEvent
from platform_core.obligations import calendar
from platform_core.obligations.models import CalendarOverride

D = date
PAGE = "/obligations/holidays"
pytestmark = pytest.mark.req("CORE-09")


@pytest.fixture
def admin_client(app, make_user, login_as):
    return login_as(make_user("quantri", admin=True))


def overrides(db):
    return {row.day: (row.kind, row.name) for row in db.session.scalars(sa.select(CalendarOverride))}


def test_stored_overrides_change_the_calendar_at_once(app, db):
    friday, saturday = D(2026, 6, 5), D(2026, 6, 13)
    assert calendar.is_working_day(friday) and not calendar.is_working_day(saturday)  # the year is now cached

    calendar.add_override(friday, "off", "Nghỉ thêm của tỉnh")
    calendar.add_override(saturday, "working", "Làm bù cho ngày 05/06")
    db.session.commit()

    assert not calendar.is_working_day(friday) and calendar.is_working_day(saturday)
    assert calendar.add_working_days(D(2026, 6, 4), 1) == D(2026, 6, 8)
    assert calendar.add_working_days(D(2026, 6, 12), 1) == D(2026, 6, 13)
    assert calendar.deadline_after(D(2026, 5, 26), days=10) == D(2026, 6, 8)
    assert calendar.is_working_day(friday, overrides={}), "an explicit mapping replaces the stored rows"

    calendar.delete_override(db.session.scalar(sa.select(CalendarOverride).where(CalendarOverride.day == friday)))
    db.session.commit()
    assert calendar.is_working_day(friday)


def test_overrides_are_read_once_per_year_not_once_per_day(app, db):
    calendar.add_override(D(2026, 12, 31), "off", "Nghỉ cuối năm")
    db.session.commit()
    statements = []

    def count(conn, cursor, statement, *args):
        if "calendar_overrides" in statement:
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        result = calendar.add_working_days(D(2026, 11, 2), 60)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert result.year == 2027
    assert len(statements) == 2  # 2026 and 2027


def test_one_override_per_day_and_clear_messages(app, db):
    calendar.add_override(D(2026, 6, 5), "off", "Nghỉ thêm")
    with pytest.raises(calendar.OverrideError, match="05/06/2026 đã có điều chỉnh"):
        calendar.add_override(D(2026, 6, 5), "working", "Làm bù")
    with pytest.raises(calendar.OverrideError, match="off"):
        calendar.add_override(D(2026, 6, 6), "holiday", "Nghỉ")
    with pytest.raises(calendar.OverrideError, match="Không đọc được ngày “31/02/2026”"):
        calendar.parse_override_day("31/02/2026")


def test_page_lists_the_years_holidays_in_vietnamese_and_the_make_up_saturday(admin_client):
    page = admin_client.get(PAGE + "?year=2025").get_data(as_text=True)
    assert "Lịch nghỉ năm 2025" in page
    assert "29/01/2025" in page and "Tết Nguyên Đán" in page
    assert "07/04/2025" in page and "Ngày Giỗ Tổ Hùng Vương" in page
    assert "02/05/2025" in page and "26/04/2025" in page
    assert "Chưa có điều chỉnh nào trong năm này." in page


def test_adding_an_override_through_the_page(admin_client, db):
    response = admin_client.post(PAGE + "?year=2026", data={"day": "05/06/2026", "kind": "off",
                                                            "name": "Nghỉ theo quyết định của UBND tỉnh"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(PAGE + "?year=2026")
    assert overrides(db) == {D(2026, 6, 5): ("off", "Nghỉ theo quyết định của UBND tỉnh")}
    row = db.session.scalar(sa.select(CalendarOverride))
    assert row.created_by_id is not None
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.object_type == "calendar_overrides",
                                                         AuditEvent.action == "create")) is not None
    page = admin_client.get(PAGE + "?year=2026").get_data(as_text=True)
    assert "Nghỉ theo quyết định của UBND tỉnh" in page and "Ngày nghỉ thêm" in page


@pytest.mark.parametrize("typed", ["31/02/2026", "2026/06/05", "5 tháng 6"])
def test_an_unparseable_date_gets_a_clear_message(admin_client, db, typed):
    response = admin_client.post(PAGE, data={"day": typed, "kind": "off", "name": "Nghỉ"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Không đọc được ngày “{typed}”" in page
    assert "dd/mm/yyyy" in page
    assert overrides(db) == {}


def test_a_second_override_for_the_same_day_is_refused_on_the_page(admin_client, db):
    admin_client.post(PAGE, data={"day": "13/06/2026", "kind": "working", "name": "Làm bù"})
    page = admin_client.post(PAGE, data={"day": "13/06/2026", "kind": "off", "name": "Nghỉ"}).get_data(as_text=True)
    assert "13/06/2026 đã có điều chỉnh" in page
    assert overrides(db) == {D(2026, 6, 13): ("working", "Làm bù")}


def test_deleting_asks_for_confirmation_then_deletes(admin_client, db):
    calendar.add_override(D(2026, 6, 5), "off", "Nghỉ thêm")
    db.session.commit()
    row_id = db.session.scalar(sa.select(CalendarOverride.id))

    confirm = admin_client.get(f"{PAGE}/{row_id}/delete").get_data(as_text=True)
    assert "Xoá điều chỉnh ngày 05/06/2026" in confirm and "Xác nhận xoá" in confirm
    assert overrides(db) != {}

    response = admin_client.post(f"{PAGE}/{row_id}/delete")
    assert response.status_code == 302
    assert overrides(db) == {}
    assert calendar.is_working_day(D(2026, 6, 5))
    assert admin_client.post(f"{PAGE}/{row_id}/delete").status_code == 404


def test_only_holders_of_the_calendar_permission_reach_the_page(app, client, make_unit, make_user, login_as):
    assert client.get(PAGE).status_code == 302  # to the login page
    unit = make_unit("40", "Tỉnh Nghệ An")
    login_as(make_user("canbo", unit=unit, role="officer"))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, data={"day": "05/06/2026", "kind": "off", "name": "Nghỉ"}).status_code == 403


def test_a_bad_year_is_not_found(admin_client):
    assert admin_client.get(PAGE + "?year=abc").status_code == 404


def test_cli_lists_holidays_and_adds_overrides(app, runner, db):
    result = runner.invoke(args=["calendar", "add-override", "13/06/2026", "working", "Làm bù thứ Bảy"])
    assert result.exit_code == 0, result.output
    assert overrides(db) == {D(2026, 6, 13): ("working", "Làm bù thứ Bảy")}

    result = runner.invoke(args=["calendar", "holidays", "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "17/02/2026  T3  Tết Nguyên Đán" in result.output
    assert "22/08/2026  T7" in result.output
    assert "13/06/2026  T7  [làm việc] Làm bù thứ Bảy" in result.output


def test_cli_refuses_an_unparseable_date_with_a_clear_message(app, runner, db):
    result = runner.invoke(args=["calendar", "add-override", "31/02/2026", "off", "Nghỉ"])
    assert result.exit_code != 0
    assert "Không đọc được ngày “31/02/2026”" in result.output
    assert overrides(db) == {}
    result = runner.invoke(args=["calendar", "add-override", "05/06/2026", "nghi", "Nghỉ"])
    assert result.exit_code != 0
    assert overrides(db) == {}
