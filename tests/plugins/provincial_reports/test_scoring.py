"""The yearly compliance score (RPT-07, Đ15.2) and its Excel export."""
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from platform_core.timeutil import LOCAL_TZ
from tests.plugins.provincial_reports import pr_support as pr


def at(day, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ)


@pytest.fixture
def crafted(app, db, make_unit, make_user):
    """Year 2025. Sở KH&ĐT: periodic on time (1 × 1), periodic 4 working days late (1 × 0,5), central 8
    working days late (1,5 × 0,25), periodic never sent (1 × 0), one waived: 100 × 1,875 / 4,5 = 41,7.
    Hưng Bình: central on time; Lê Mao: periodic on time — both 100, ranked by code."""
    pr.enable()
    pr.library()
    units = pr.province(make_unit)
    _p, periodic = pr.regime(code="PERIODIC", frequency="calendar_month", due_day=18)
    _c, central = pr.regime(code="CENTRAL", kind="central", frequency="calendar_month", due_day=18)
    so, hb, lm = units["so"], units["hb"], units["lm"]
    pr.obligation(periodic, so, date(2025, 3, 18), at(date(2025, 3, 18), 23))
    pr.obligation(periodic, so, date(2025, 4, 18), at(date(2025, 4, 24)))      # Fri → Thu: 4 working days
    pr.obligation(central, so, date(2025, 6, 18), at(date(2025, 6, 30)))       # Wed → Mon: 8 working days
    pr.obligation(periodic, so, date(2025, 7, 18))
    pr.obligation(periodic, so, date(2025, 8, 18), status="waived")
    pr.obligation(periodic, so, date(2026, 1, 18), at(date(2026, 1, 1)))       # another year
    pr.obligation(central, hb, date(2025, 3, 18), at(date(2025, 3, 1)))
    pr.obligation(periodic, lm, date(2025, 3, 18), at(date(2025, 3, 2)))
    admin = make_user("quantri", admin=True)
    return {**units, "admin": admin, "periodic": periodic, "central": central}


@pytest.mark.req("RPT-07")
def test_scores_follow_the_method(crafted):
    from plugins.provincial_reports import scoring

    scores = scoring.compliance_scores(2025)
    assert [s.unit.code for s in scores] == ["40-VINH-HB", "40-VINH-LM", "40-SKHDT"]
    so = scores[-1]
    assert so.score == Decimal("41.7")
    assert (so.on_time, so.late, so.missing) == (1, 2, 1)
    assert so.total_weight == Decimal("4.5")
    assert scores[0].score == Decimal("100.0") and scores[0].total_weight == Decimal("1.5")
    only = scoring.compliance_scores(2025, unit_ids=[crafted["so"].id])
    assert [s.unit.code for s in only] == ["40-SKHDT"]


@pytest.mark.req("RPT-07")
def test_an_obligation_not_yet_due_does_not_count_against_the_unit(crafted):
    from plugins.provincial_reports import scoring

    early = scoring.compliance_scores(2025, now=at(date(2025, 7, 1)))
    so = next(s for s in early if s.unit.code == "40-SKHDT")
    assert so.missing == 0 and so.not_yet_due == 1
    assert so.score == Decimal("53.6")  # 100 × (1 + 0,5 + 0,375) / 3,5


@pytest.mark.req("RPT-07")
def test_compliance_page_ranks_units_and_explains_the_method(crafted, login_as):
    client = login_as(crafted["admin"])
    page = client.get("/p/provincial_reports/compliance?year=2025")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert text.index("Phường Hưng Bình") < text.index("Phường Lê Mao") < text.index("Sở Kế hoạch và Đầu tư")
    assert "41,7" in text and "Nguồn: Hệ thống thông tin báo cáo tỉnh Nghệ An" in text
    assert "0,5 điểm" in text
    assert client.get("/p/provincial_reports/compliance?year=abc").status_code == 400
    empty = client.get("/p/provincial_reports/compliance?year=2019").get_data(as_text=True)
    assert "Không có nghĩa vụ báo cáo nào" in empty


@pytest.mark.req("RPT-07")
def test_excel_export_reads_back_with_the_source_line(crafted, login_as, db):
    crafted["lm"].name = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    client = login_as(crafted["admin"])
    response = client.get("/p/provincial_reports/compliance/2025.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["Điểm chấp hành"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Điểm chấp hành chế độ báo cáo năm 2025"
    assert values[1][0].startswith("Nguồn: Hệ thống thông tin báo cáo tỉnh Nghệ An")
    header = values[3]
    assert header[:4] == ["STT", "Mã đơn vị", "Đơn vị", "Điểm"]
    assert [r[1] for r in values[4:]] == ["40-VINH-HB", "40-VINH-LM", "40-SKHDT"]
    rows = {r[1]: r for r in values[4:]}
    assert rows["40-SKHDT"][3] == pytest.approx(41.7) and rows["40-SKHDT"][4:7] == [1, 2, 1]
    assert rows["40-VINH-LM"][2] == "=HYPERLINK(\"http://x\")"
    assert sheet.cell(row=[r[1] for r in values].index("40-VINH-LM") + 1, column=3).data_type == "s"
    method = [row[0].value for row in book["Phương pháp"].iter_rows()]
    assert any("0,5 điểm" in (line or "") for line in method)
    assert any((line or "").startswith("Nguồn: Hệ thống thông tin báo cáo tỉnh Nghệ An") for line in method)


@pytest.mark.req("RPT-07")
def test_a_viewer_sees_only_the_units_they_may_see(crafted, make_user, login_as):
    officer = make_user("cb_vinh", unit=crafted["vinh"], role="provincial_reports.entry", scope="subtree")
    text = login_as(officer).get("/p/provincial_reports/compliance?year=2025").get_data(as_text=True)
    assert "Phường Hưng Bình" in text and "Sở Kế hoạch và Đầu tư" not in text
    book = load_workbook(io.BytesIO(login_as(officer).get("/p/provincial_reports/compliance/2025.xlsx").data))
    codes = [row[1].value for row in book["Điểm chấp hành"].iter_rows(min_row=5)]
    assert codes == ["40-VINH-HB", "40-VINH-LM"]
