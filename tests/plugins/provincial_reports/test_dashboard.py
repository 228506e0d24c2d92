"""Province figures, trends, extracts and the public page (RPT-08; QĐ 09/2024 Đ6.2, Đ12)."""
import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.fixtures_documents.support import needs_poppler, pdf_text
from tests.plugins.provincial_reports import pr_support as pr

Q1, Q4 = "2026-Q1", "2025-Q4"
SOURCE = "Nguồn: Hệ thống thông tin báo cáo tỉnh Nghệ An"


@pytest.fixture
def world(app, db, make_unit, make_user):
    pr.enable()
    pr.library()
    regime, version = pr.regime()
    units = pr.province(make_unit)
    users = {
        "entry_hb": make_user("nhaplieu_hb", unit=units["hb"], role="provincial_reports.entry"),
        "entry_lm": make_user("nhaplieu_lm", unit=units["lm"], role="provincial_reports.entry"),
        "entry_so": make_user("nhaplieu_so", unit=units["so"], role="provincial_reports.entry"),
        "approver": make_user("pheduyet", unit=units["tinh"], role="provincial_reports.approver", scope="subtree"),
        "consolidator": make_user("tonghop", unit=units["vinh"], role="provincial_reports.consolidator"),
        "viewer": make_user("lanhdao", unit=units["tinh"], role="provincial_reports.approver", scope="subtree"),
        "stranger": make_user("nguoingoai", unit=units["tinh"]),
    }
    return {"regime": regime, "version": version, "key": version.report_type_key, **units, **users}


def oblige(world, *unit_names, first=date(2026, 4, 1), last=date(2026, 4, 30)):
    from platform_core.obligations.rules import Periodic
    from platform_core.obligations.service import generate_for_units

    rule = Periodic(world["key"], "Báo cáo lao động, việc làm quý", "calendar_quarter", due_day=20)
    generate_for_units(rule, [world[n].id for n in unit_names], first, last)


def report(world, unit, numbers, period=Q1, approve=True):
    """A unit's report with LD01/LD02 by sex, submitted and (by default) approved."""
    from platform_core.workflow import service

    user = world[f"entry_{unit}"]
    sub = service.create_draft(world["key"], world[unit], user, period_key=period)
    ld01_nam, ld01_nu, ld02_nam, ld02_nu = numbers
    service.save_data(sub, user, {"section__s1": "Ổn định.", "LD01__nam": ld01_nam, "LD01__nu": ld01_nu,
                                  "LD02__nam": ld02_nam, "LD02__nu": ld02_nu}, sub.lock_version)
    service.submit(sub, user)
    if approve:
        service.approve(sub, world["approver"])
    return sub


def consolidated_district(world, period=Q1):
    from platform_core.workflow import service

    parent = service.consolidate(world["vinh"], world["key"], period, world["consolidator"])
    parent.data = {**parent.data, "section__s1": "Tổng hợp."}
    service.submit(parent, world["consolidator"])
    service.approve(parent, world["approver"])
    return parent


def _page(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.req("RPT-08")
def test_the_public_page_shows_a_period_only_once_every_unit_completed(db, client, world):
    oblige(world, "hb", "lm")
    report(world, "hb", ("60", "40", "30", "20"))
    lm = report(world, "lm", ("100", "80", "90", "70"), approve=False)

    page = _page(client.get("/public"))
    assert "Báo cáo lao động, việc làm quý — kỳ quý I/2026" not in page
    assert "Số người trong độ tuổi lao động" not in page

    from platform_core.workflow import service

    service.approve(lm, world["approver"])
    response = client.get("/public")
    assert response.status_code == 200
    page = _page(response)
    assert "Báo cáo lao động, việc làm quý — kỳ quý I/2026" in page
    assert re.search(r"Số người trong độ tuổi lao động \(người\)</th><td class=\"num\">280<", page)
    assert re.search(r"Số lao động có việc làm \(người\)</th><td class=\"num\">210<", page)
    assert "Tỷ lệ lao động có việc làm" not in page  # not in the version's published list
    assert SOURCE in page and "Nguồn: Nguồn:" not in page


@pytest.mark.req("RPT-08")
def test_province_totals_count_a_consolidated_district_once(db, world):
    from plugins.provincial_reports import dashboard

    oblige(world, "hb", "lm", "vinh", "so")
    report(world, "hb", ("60", "40", "30", "20"))
    report(world, "lm", ("100", "80", "90", "70"))
    consolidated_district(world)
    report(world, "so", ("5", "5", "4", "4"))

    figures = dashboard.province_figures(world["regime"], Q1)
    totals = {f["code"]: f["text"] for f in figures["figures"]}
    assert totals["LD01"] == "290" and totals["LD02"] == "218"
    assert totals["LD03"] == "75,1724"  # 218 / 290 × 100 from the province's totals, not a mean of rates
    assert sorted(r.unit.code for r in figures["reports"]) == ["40-SKHDT", "40-VINH"]
    completion = figures["completion"]
    assert (completion.obligated, completion.completed, completion.rate_text) == (4, 4, "100 %")

    by_sex = {row["code"]: row["texts"] for t in figures["tables"] for row in t["rows"]}
    assert by_sex["LD01"] == ["165", "125", "290"]


@pytest.mark.req("RPT-08")
def test_the_dashboard_page_shows_totals_completion_trend_and_extract_links(db, client, login_as, world):
    oblige(world, "hb", "lm", first=date(2026, 1, 1), last=date(2026, 4, 30))
    report(world, "hb", ("50", "50", "20", "20"), period=Q4)
    report(world, "hb", ("60", "40", "30", "20"))
    report(world, "lm", ("100", "80", "90", "70"), approve=False)

    login_as(world["viewer"])
    response = client.get(f"/p/provincial_reports/dashboard?regime={world['regime'].id}&period={Q1}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = _page(response)
    assert "Báo cáo lao động, việc làm quý" in page and "quý I/2026" in page
    assert "1/2 — 50 %" in page and "đã nộp: 2" in page
    assert re.search(r"Chưa hoàn thành:\s*Phường Lê Mao", page)
    row = re.search(r'data-indicator="LD01">(.*?)</tr>', page, re.S).group(1)
    assert ">60<" in row and ">40<" in row and ">100<" in row and "công bố" in row
    svg = re.search(r'<svg[^>]*chart-trend.*?</svg>', page, re.S).group(0)
    assert 'role="img"' in svg and "quý IV/2025: 100" in svg and "quý I/2026: 100" in svg
    assert f"/p/provincial_reports/dashboard/extract/{world['regime'].id}/{Q1}.xlsx" in page
    assert SOURCE in page

    assert client.get("/p/provincial_reports/dashboard?period=Q1-2026").status_code == 400
    assert "không hợp lệ" in _page(client.get("/p/provincial_reports/dashboard?period=Q1-2026"))
    assert client.get("/p/provincial_reports/dashboard?regime=99999").status_code == 404
    assert client.get("/p/provincial_reports/dashboard?regime=99999999999").status_code == 404
    assert client.get(f"/p/provincial_reports/dashboard/extract/99999999999/{Q1}.csv").status_code == 404
    assert client.get(f"/p/provincial_reports/dashboard/extract/{world['regime'].id}/Q1.csv").status_code == 404


@pytest.mark.req("RPT-08")
def test_the_dashboard_needs_the_view_permission(client, login_as, world):
    assert client.get("/p/provincial_reports/dashboard").status_code in (302, 401)
    login_as(world["stranger"])
    assert client.get("/p/provincial_reports/dashboard").status_code == 403
    assert client.get(f"/p/provincial_reports/dashboard/extract/{world['regime'].id}/{Q1}.csv").status_code == 403


@pytest.mark.req("RPT-08")
def test_a_trend_follows_the_province_total_period_by_period(db, world):
    from plugins.provincial_reports import dashboard

    report(world, "hb", ("50", "50", "20", "20"), period=Q4)
    report(world, "hb", ("60", "40", "30", "20"))
    report(world, "lm", ("10", "10", "5", "5"))
    points = dashboard.trend(world["regime"], "LD01", [Q1, Q4, "2025-Q3"])
    assert [(key, value) for key, _text, value in points] == [("2025-Q3", None), (Q4, 100), (Q1, 120)]


@pytest.mark.req("RPT-08")
def test_extracts_cite_the_source_and_keep_text_as_text(db, client, login_as, world, make_unit):
    from plugins.provincial_reports import extracts

    oblige(world, "hb", "lm")
    report(world, "hb", ("1250", "40", "30", "20"))
    login_as(world["viewer"])
    base = f"/p/provincial_reports/dashboard/extract/{world['regime'].id}/{Q1}"

    response = client.get(base + ".csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\r\n" in text.rstrip("\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0].startswith(SOURCE) and "Báo cáo lao động, việc làm quý — kỳ quý I/2026" in rows[0][0]
    assert rows[-1][0] == rows[0][0]
    header = rows[1]
    assert header[:3] == ["Mã đơn vị", "Đơn vị", "Ghi chú"]
    hb = next(r for r in rows if r[0] == "40-VINH-HB")
    assert hb[header.index("LD01. Số người trong độ tuổi lao động (người) — Nam")] == "1250"
    lm = next(r for r in rows if r[0] == "40-VINH-LM")
    assert lm[2] == "Chưa có báo cáo được duyệt"

    response = client.get(base + ".xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "Báo cáo lao động, việc làm quý" and values[2][0] == "Kỳ báo cáo: quý I/2026"
    hb_row = next(r for r in values if r[0] == "40-VINH-HB")
    assert hb_row[3] == 1250 and isinstance(hb_row[3], int)
    assert values[-1][0].startswith(SOURCE) and "kỳ quý I/2026" in values[-1][0]

    # Text that a spreadsheet would run stays text, in both formats.
    rogue = make_unit("40-VINH-X", "=HYPERLINK(\"http://x\")", parent=world["vinh"], type_code="commune")
    oblige(world, "hb", "lm")
    from platform_core.obligations.models import Obligation

    db.session.add(Obligation(plugin_key="provincial_reports", rule_key=world["key"], unit_id=rogue.id,
                              title="x", subject_ref="", period_key=Q1,
                              due_at=db.session.query(Obligation).first().due_at))
    db.session.commit()
    data = extracts.build(world["regime"], Q1)
    assert '"\'=HYPERLINK(""http://x"")"' in extracts.to_csv(data).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(extracts.to_xlsx(data))).active
    cell = next(row[1] for row in sheet.iter_rows() if row[0].value == "40-VINH-X")
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


@pytest.mark.req("RPT-08")
def test_an_extract_lists_only_the_units_the_user_may_see(db, client, login_as, world):
    oblige(world, "hb", "lm")
    report(world, "hb", ("60", "40", "30", "20"))
    report(world, "lm", ("100", "80", "90", "70"))
    login_as(world["entry_hb"])
    text = client.get(f"/p/provincial_reports/dashboard/extract/{world['regime'].id}/{Q1}.csv").data.decode("utf-8-sig")
    assert "Phường Hưng Bình" in text and "Phường Lê Mao" not in text
    assert client.get(f"/p/provincial_reports/dashboard/extract/{world['regime'].id}/{Q1}.doc").status_code == 404


@needs_poppler
@pytest.mark.req("RPT-08")
def test_the_pdf_extract_names_regime_period_units_and_source(db, client, login_as, world):
    oblige(world, "hb", "lm")
    report(world, "hb", ("1250", "40", "30", "20"))
    login_as(world["viewer"])
    response = client.get(f"/p/provincial_reports/dashboard/extract/{world['regime'].id}/{Q1}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data).split())
    for expected in ("BẢNG SỐ LIỆU", "Báo cáo lao động, việc làm quý", "quý I/2026", "Phường Hưng Bình",
                     "Phường Lê Mao", "Chưa có báo cáo được duyệt", "LD01. Số người trong độ tuổi lao động",
                     "1.250", "1.290", SOURCE):
        assert expected in text, expected
