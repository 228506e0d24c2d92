"""The compliance dashboard (CORE-15): figures per unit and regime for the user's subtree, drill-down,
the SVG chart and the CSV export."""
import csv
import io
from datetime import date, timedelta

import pytest
from fixtures_dashboard.support import PLUGINS, obligation

from platform_core.dashboard import compliance
from platform_core.obligations.models import STATUS_WAIVED
from platform_core.plugins import activation
from platform_core.timeutil import format_date, local_today


@pytest.fixture
def app_overrides():
    return dict(PLUGINS)


@pytest.fixture
def world(app, db, make_unit, make_user):
    """BO above two sibling departments; Sở Alpha has two wards. Obligations of every kind, due around
    today, and one long ago (outside the period)."""
    today = local_today()
    ago, soon = (lambda n: today - timedelta(days=n)), (lambda n: today + timedelta(days=n))
    bo = make_unit("BO", "Bộ Thử nghiệm", type_code="ministry")
    alpha = make_unit("SA", "Sở Alpha", parent=bo)
    ward1 = make_unit("P1", "Phường Một", parent=alpha, type_code="ward")
    ward2 = make_unit("P2", "Phường Hai", parent=alpha, type_code="ward")
    beta = make_unit("SB", "Sở Beta", parent=bo)
    activation.enable("pcdash")
    db.session.commit()

    obligation(db, ward1, "Đúng hạn", ago(10), submitted=ago(12))
    obligation(db, ward1, "Trễ hạn", ago(10), submitted=ago(5))
    obligation(db, ward1, "Thiếu", ago(10))
    obligation(db, ward1, "Chưa đến hạn", soon(10))
    obligation(db, ward1, "Được miễn", ago(10), status=STATUS_WAIVED)
    obligation(db, ward1, "Ngoài kỳ", ago(200))
    obligation(db, ward2, "Đúng hạn 2", ago(20), submitted=ago(21))
    obligation(db, ward2, "Trễ chế độ khác", ago(15), submitted=ago(14), plugin_key="pcdashoff")
    obligation(db, alpha, "Thiếu của Sở", ago(5))
    obligation(db, beta, "Beta đúng hạn", ago(10), submitted=ago(11))
    obligation(db, beta, "Beta đúng hạn 2", ago(10), submitted=ago(11))
    obligation(db, beta, "Beta thiếu", ago(10))
    return {
        "bo": bo, "alpha": alpha, "ward1": ward1, "ward2": ward2, "beta": beta,
        "period": {"date_from": format_date(ago(60)), "date_to": format_date(soon(60))},
        "officer": make_user("canbo", unit=alpha, role="officer", scope="subtree"),
        "admin": make_user("quantri", admin=True),
    }


def regrant(db, user, *grants):
    """Replace ``user``'s memberships with the officer role on each (unit, scope)."""
    from sqlalchemy import select

    from platform_core.access.models import Membership, Role

    role = db.session.scalar(select(Role).where(Role.key == "officer"))
    db.session.query(Membership).filter_by(user_id=user.id).delete()
    db.session.add_all([Membership(user_id=user.id, unit_id=unit.id, role_id=role.id, scope=scope)
                        for unit, scope in grants])
    db.session.commit()
    return user


def counts_of(row):
    c = row.counts
    return (c.expected, c.on_time, c.late, c.missing, c.not_yet_due, c.rate_text)


@pytest.mark.req("CORE-15")
def test_counts_and_rate_per_unit_and_regime(app, world):
    today = local_today()
    period = compliance.Period(today - timedelta(days=60), today + timedelta(days=60))
    report = compliance.report(world["officer"], period)

    assert report.focus.id == world["alpha"].id  # one unit at the top: its children are shown at once
    rows = {row.unit.code: row for row in report.rows}
    assert list(rows) == ["SA", "P2", "P1"]  # the unit itself first, then its children by name
    assert rows["SA"].own and counts_of(rows["SA"]) == (1, 0, 0, 1, 0, "0,0 %")
    assert counts_of(rows["P1"]) == (4, 1, 1, 1, 1, "33,3 %")  # waived and out-of-period left out
    assert counts_of(rows["P2"]) == (2, 1, 1, 0, 0, "50,0 %")
    t = report.total
    assert (t.expected, t.on_time, t.late, t.missing, t.not_yet_due, t.rate_text) == (7, 2, 2, 2, 1, "33,3 %")
    regimes = {key: (title, c.expected, c.rate_text) for key, title, c in report.regimes}
    assert regimes == {"pcdash": ("Chế độ báo cáo bảng điều khiển", 6, "40,0 %"),
                       "pcdashoff": ("Chế độ chưa bật", 1, "0,0 %")}

    only = compliance.report(world["officer"], period, regime="pcdashoff")
    assert only.total.expected == 1 and only.total.late == 1


@pytest.mark.req("CORE-15")
def test_rate_is_formatted_with_a_decimal_comma():
    assert compliance.Counts(expected=8, on_time=7, missing=1).rate_text == "87,5 %"
    assert compliance.Counts(expected=3, not_yet_due=3).rate_text == "—"


@pytest.mark.req("CORE-15")
def test_page_shows_the_users_subtree_only(client, login_as, world):
    login_as(world["officer"])
    response = client.get("/dashboard", query_string=world["period"])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Phường Một" in page and "Phường Hai" in page and "Sở Alpha" in page
    assert "Sở Beta" not in page and "Bộ Thử nghiệm" not in page
    assert "33,3 %" in page and "Tổng cộng" in page
    assert client.get("/dashboard", query_string={**world["period"], "unit": world["beta"].id}).status_code == 403


@pytest.mark.req("CORE-15")
def test_drill_down_from_the_top_to_a_units_children(client, login_as, world):
    login_as(world["admin"])
    top = client.get("/dashboard", query_string=world["period"]).get_data(as_text=True)
    assert "Sở Alpha" in top and "Sở Beta" in top and "Phường Một" not in top
    assert f"unit={world['alpha'].id}" in top  # the row links to its subtree

    down = client.get("/dashboard", query_string={**world["period"], "unit": world["alpha"].id})
    page = down.get_data(as_text=True)
    assert "Phường Một" in page and "Phường Hai" in page and "Sở Beta" not in page
    assert "/obligations?unit=P1" in page  # a leaf unit links to its obligations


@pytest.mark.req("CORE-15")
def test_chart_is_inline_svg_naming_the_units(client, login_as, world):
    login_as(world["officer"])
    page = client.get("/dashboard", query_string=world["period"]).get_data(as_text=True)
    start = page.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-compliance"')
    svg = page[start:page.index("</svg>", start)]
    assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
    for text in ("Phường Một", "Phường Hai", "Đúng hạn", "Trễ hạn", "Chưa nộp (quá hạn)", "Chưa đến hạn"):
        assert text in svg
    assert 'class="chart chart-rate"' in page  # and the rate-by-regime chart
    assert "<script" not in page and "cdn" not in page.lower()


@pytest.mark.req("CORE-15")
def test_empty_period_says_nothing_is_due(client, login_as, world):
    login_as(world["officer"])
    page = client.get("/dashboard", query_string={"date_from": "01/01/2001", "date_to": "31/12/2001"})
    text = page.get_data(as_text=True)
    assert "Không có nghĩa vụ báo cáo nào đến hạn trong kỳ đã chọn." in text and 'class="chart ' not in text


@pytest.mark.req("CORE-15")
def test_bad_filter_is_explained(client, login_as, world):
    login_as(world["officer"])
    text = client.get("/dashboard", query_string={"date_from": "31/02/2026", "period": "26"}).get_data(as_text=True)
    assert "Ngày không hợp lệ" in text and "Kỳ báo cáo có dạng" in text


@pytest.mark.req("CORE-15")
def test_csv_export_has_the_table_and_the_source(client, db, login_as, world, make_unit):
    make_unit("P3", "=HYPERLINK(\"http://x\")", parent=world["alpha"], type_code="ward")
    login_as(world["officer"])
    response = client.get("/dashboard/export.csv", query_string=world["period"])
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.data.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    by_code = {row[0]: row for row in rows if row}
    assert by_code["P1"][1:] == ["Phường Một", "4", "1", "1", "1", "1", "33,3 %"]
    assert by_code["P3"][1].startswith("'=")  # never a formula in a spreadsheet
    assert any(row and row[1] == "Tổng cộng" and row[2] == "7" for row in rows)
    assert rows[-1][0].startswith("Nguồn: Hệ thống thông tin báo cáo, cập nhật ")
    assert "SB" not in by_code
    from platform_core.audit.models import AuditEvent

    assert db.session.query(AuditEvent).filter_by(action="export", object_type="dashboard").count() == 1


@pytest.mark.req("CORE-15")
def test_dashboard_needs_the_permission(client, login_as, world, make_user):
    assert client.get("/dashboard").status_code == 302
    login_as(make_user("khach", unit=world["alpha"], role="guest"))
    assert client.get("/dashboard").status_code == 403


@pytest.mark.req("CORE-15")
def test_default_period_is_the_current_year_so_far(app, world):
    period = compliance.Period.year_so_far(date(2026, 5, 3))
    assert (period.start, period.end) == (date(2026, 1, 1), date(2026, 5, 3))


@pytest.mark.req("CORE-15")
def test_period_key_alone_replaces_the_default_year(client, login_as, world):
    login_as(world["officer"])
    month = (local_today() - timedelta(days=200)).strftime("%Y-%m")
    response = client.get("/dashboard", query_string={"period": month})
    page = response.get_data(as_text=True)
    assert f"kỳ báo cáo {month}" in page and "hạn nộp từ" not in page
    row = page[page.index('data-unit="P1"'):]
    assert '<td class="num expected">1</td>' in row[:row.index("</tr>")]


@pytest.mark.req("CORE-15")
def test_units_from_several_memberships_add_up_without_overlap(app, db, world):
    user = regrant(db, world["officer"], (world["ward1"], "subtree"), (world["beta"], "unit"))
    today = local_today()
    period = compliance.Period(today - timedelta(days=60), today + timedelta(days=60))
    report = compliance.report(user, period)
    assert report.focus is None and report.several_roots
    assert {row.unit.code: row.counts.expected for row in report.rows} == {"P1": 4, "SB": 3}
    assert report.total.expected == 7


@pytest.mark.req("CORE-15")
def test_a_unit_seen_alone_still_leads_to_the_subtree_seen_below_it(app, db, world):
    user = regrant(db, world["officer"], (world["alpha"], "unit"), (world["ward1"], "subtree"))
    today = local_today()
    report = compliance.report(user, compliance.Period(today - timedelta(days=60), today + timedelta(days=60)))
    assert [(row.unit.code, row.counts.expected) for row in report.rows] == [("SA", 1), ("P1", 4)]
