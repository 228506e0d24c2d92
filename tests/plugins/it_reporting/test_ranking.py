"""The ranking of the units' IT application (IT-09, Điều 20.2.c): scored as the plugin README says, from the
approved reports of the period, shown as a table and a chart, exported, and public only once published."""
from decimal import Decimal

import pytest
from it_periodic_support import docx_text, figures, generate, ministry, pdf_text, send

from plugins.it_reporting.ranking import indicator_values, score

pytestmark = pytest.mark.req("IT-09")
PERIOD = "2025"
RULE = "it_reporting.periodic_year"

# KSONMT: online services (3 + 2) / 10 = 0.5 ×30, e-mail 40/50 = 0.8 ×20, security 4/5 = 0.8 ×20,
# computers 60/50 capped to 1 ×15, on time 1 ×15 → 77.0.
KSONMT = figures()
# BDKH: no administrative procedure (online services do not apply), e-mail 20/20 ×20, security 5/5 ×20,
# computers 10/20 = 0.5 ×15, late 0.5 ×15 → 100 × 55 / 70 = 78.571… → 78.6.
BDKH = figures(staff_total="20", staff_with_email="20", computers="10", services_total="0", services_level_3="",
               services_level_4="", security_measures="5")


def test_score_follows_the_documented_weights():
    assert score(indicator_values({k: v for k, v in KSONMT.items()}, "on_time")) == Decimal("77.0")
    values = indicator_values(BDKH, "late")
    assert values["online_services"] is None and values["timeliness"] == Decimal("0.5")
    assert score(values) == Decimal("78.6")
    assert score(indicator_values({}, None)) is None


def test_shares_are_capped_and_bad_figures_do_not_break_the_score():
    values = indicator_values(figures(staff_with_email="70", security_measures="9", services_level_3="-4"),
                              "on_time")
    assert values["email"] == 1 and values["security"] == 1 and values["online_services"] == 0


@pytest.fixture
def year(db, runner, make_unit, make_user):
    """2025 (units due 09/12/2025): KSONMT on time, BDKH two days late, VP submitted but not approved,
    the IT department nothing."""
    tree = ministry(db, make_unit, make_user)
    generate(runner, "01/06/2025")
    units, reporters, officer = tree["units"], tree["reporters"], tree["officer"]
    send(db, units["BTNMT-KSONMT"], reporters["BTNMT-KSONMT"], officer, PERIOD, KSONMT, -1, RULE)
    send(db, units["BTNMT-BDKH"], reporters["BTNMT-BDKH"], officer, PERIOD, BDKH, 2, RULE)
    send(db, units["BTNMT-VP"], reporters["BTNMT-VP"], None, PERIOD, figures(staff_with_email="50"), -1, RULE)
    return tree


def _row(page: str, code: str) -> str:
    start = page.index(f'data-unit="{code}"')
    return page[start:page.index("</tr>", start)]


def test_the_ranking_page_orders_units_by_score(client, login_as, year):
    login_as(year["officer"])
    page = client.get(f"/p/it_reporting/ranking?period={PERIOD}").get_data(as_text=True)
    assert page.index('data-unit="BTNMT-BDKH"') < page.index('data-unit="BTNMT-KSONMT"')
    assert ">1<" in _row(page, "BTNMT-BDKH") and "78,6" in _row(page, "BTNMT-BDKH")
    assert ">2<" in _row(page, "BTNMT-KSONMT") and "77,0" in _row(page, "BTNMT-KSONMT")
    for unranked in ("BTNMT-VP", "BTNMT-CNTT"):
        assert "Chưa có báo cáo được duyệt" in _row(page, unranked)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-ranking"' in page
    assert "1. Cục Biến đổi khí hậu: 78,6" in page  # the chart's text description


def test_equal_scores_share_a_rank(db, client, login_as, year):
    send(db, year["units"]["BTNMT-CNTT"], year["reporters"]["BTNMT-CNTT"], year["officer"], PERIOD, KSONMT, -3, RULE)
    login_as(year["officer"])
    page = client.get(f"/p/it_reporting/ranking?period={PERIOD}").get_data(as_text=True)
    assert ">2<" in _row(page, "BTNMT-CNTT") and ">2<" in _row(page, "BTNMT-KSONMT")


def test_the_ranking_exports_to_pdf_and_word(client, login_as, year):
    login_as(year["officer"])
    text = pdf_text(client.get(f"/p/it_reporting/ranking/{PERIOD}.pdf").data)
    assert "1 Cục Biến đổi khí hậu 78,6" in text and "2 Cục Kiểm soát ô nhiễm môi trường 77,0" in text
    text = docx_text(client.get(f"/p/it_reporting/ranking/{PERIOD}.docx").data)
    assert "Cục Biến đổi khí hậu" in text and "78,6" in text and "Văn phòng Bộ" in text


def test_figures_are_public_only_once_published(client, login_as, year):
    title = "Xếp hạng mức độ ứng dụng CNTT của các đơn vị — Năm 2025"
    assert title not in client.get("/public").get_data(as_text=True)

    login_as(year["reporters"]["BTNMT-BDKH"])
    assert client.post(f"/p/it_reporting/ranking/{PERIOD}/publish").status_code == 403

    login_as(year["officer"])
    page = client.post(f"/p/it_reporting/ranking/{PERIOD}/publish", follow_redirects=True).get_data(as_text=True)
    assert "Đã công bố" in page
    client.get("/logout")
    with client.session_transaction() as session:
        session.clear()
    public = client.get("/public").get_data(as_text=True)
    assert title in public and "1. Cục Biến đổi khí hậu" in public and "78,6" in public
    assert "Văn phòng Bộ" not in public  # no approved report, not ranked

    login_as(year["officer"])
    client.post(f"/p/it_reporting/ranking/{PERIOD}/withdraw")
    assert title not in client.get("/public").get_data(as_text=True)


def test_the_published_ranking_is_the_one_at_publication(db, client, login_as, year):
    login_as(year["officer"])
    client.post(f"/p/it_reporting/ranking/{PERIOD}/publish")
    send(db, year["units"]["BTNMT-CNTT"], year["reporters"]["BTNMT-CNTT"], year["officer"], PERIOD,
         figures(staff_with_email="50", security_measures="5"), -3, RULE)
    assert "85,0" in client.get(f"/p/it_reporting/ranking?period={PERIOD}").get_data(as_text=True)
    public = client.get("/public").get_data(as_text=True)
    assert "1. Cục Biến đổi khí hậu" in public and ". Cục Công nghệ thông tin" not in public
