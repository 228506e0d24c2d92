"""A regime's lead unit consolidates every other assigned unit wherever it sits (Đ14: Sở Kế hoạch và Đầu
tư compiles the monthly figures of Finance, Tax, Statistics…), while without a lead unit a district
consolidates the assigned communes under it (RPT-05, RPT-09)."""
from datetime import datetime

import pytest

from platform_core.timeutil import LOCAL_TZ
from tests.plugins.provincial_reports import pr_support as pr

MONTHLY = {"outline": [], "tables": [{"key": "b1", "title": "Số liệu chủ yếu", "dimension": None,
                                      "rows": [{"indicator": "KT01", "required": False}], "formulas": []}],
           "published": ["KT01"]}


@pytest.fixture
def setting(db, make_unit, make_user):
    pr.enable()
    pr.library()
    units = pr.province(make_unit)
    units["stc"] = make_unit("40-STC", "Sở Tài chính", parent=units["tinh"], type_code="department")
    units["ct"] = make_unit("40-CT", "Cục Thuế tỉnh Nghệ An", parent=units["tinh"], type_code="agency")
    admin = make_user("quantri", admin=True)
    return units, admin


def _approved(make_user, unit, version, period, value, approver):
    from platform_core.workflow import service

    officer = make_user(f"nl.{unit.code.lower()}", unit=unit, role="provincial_reports.entry")
    submission = service.create_draft(version.report_type_key, unit, officer, period_key=period)
    service.save_data(submission, officer, {"KT01__total": value}, submission.lock_version)
    service.submit(submission, officer)
    service.approve(submission, approver)


@pytest.mark.req("RPT-09")
def test_the_lead_unit_consolidates_the_agencies_it_coordinates(setting, make_user, db):
    from plugins.provincial_reports import assignment, consolidation

    units, admin = setting
    regime, version = pr.regime(code="KTXH-THANG", name="Báo cáo kinh tế - xã hội tháng", definition=MONTHLY,
                                frequency="calendar_month", due_day=18, lead_unit_id=units["so"].id)
    assignment.assign(regime, admin, unit_ids=[units["so"].id, units["stc"].id, units["ct"].id],
                      now=datetime(2026, 10, 1, 9, tzinfo=LOCAL_TZ))
    assert [u.code for u in consolidation.contributors(regime, units["so"])] == ["40-CT", "40-STC"]
    assert consolidation.contributors(regime, units["stc"]) == []

    approver = make_user("lanhdao", unit=units["tinh"], role="provincial_reports.approver", scope="subtree")
    _approved(make_user, units["stc"], version, "2026-10", "1250,5", approver)
    _approved(make_user, units["ct"], version, "2026-10", "3000", approver)
    lead = make_user("tonghop.skhdt", unit=units["so"], role="provincial_reports.consolidator")
    report = consolidation.consolidate(regime, version.report_type_key, units["so"], "2026-10", lead)
    assert report.data["KT01__total"] == "4250.5"
    assert report.is_consolidated and report.unit_id == units["so"].id


@pytest.mark.req("RPT-05")
def test_without_a_lead_unit_a_district_consolidates_its_assigned_communes(setting, db):
    from plugins.provincial_reports import assignment, consolidation

    units, admin = setting
    regime, _version = pr.regime(code="LDVL-QUY")
    assignment.assign(regime, admin, subtree_ids=[units["vinh"].id], now=datetime(2026, 1, 2, 9, tzinfo=LOCAL_TZ))
    assert [u.code for u in consolidation.contributors(regime, units["vinh"])] == ["40-VINH-HB", "40-VINH-LM"]
    assert consolidation.contributors(regime, units["hb"]) == []


@pytest.mark.req("RPT-05")
def test_a_district_consolidator_starts_the_district_report_by_consolidating(setting, make_user, db, login_as):
    from sqlalchemy import select

    from platform_core.obligations.models import Obligation
    from plugins.provincial_reports import assignment

    units, admin = setting
    regime, version = pr.regime(code="KT-THANG", definition=MONTHLY, frequency="calendar_month", due_day=18)
    assignment.assign(regime, admin, subtree_ids=[units["vinh"].id], now=datetime(2026, 10, 1, 9, tzinfo=LOCAL_TZ))
    approver = make_user("lanhdao", unit=units["vinh"], role="provincial_reports.approver", scope="subtree")
    for commune, value in (("hb", "100"), ("lm", "50")):
        _approved(make_user, units[commune], version, "2026-10", value, approver)
    consolidator = make_user("tonghop.vinh", unit=units["vinh"], role="provincial_reports.consolidator")
    client = login_as(consolidator)
    page = client.get("/p/provincial_reports/my-reports?show=all").get_data(as_text=True)
    assert "Tổng hợp báo cáo" in page
    ob = db.session.scalar(select(Obligation).where(Obligation.rule_key == version.report_type_key,
                                                    Obligation.unit_id == units["vinh"].id,
                                                    Obligation.period_key == "2026-10"))
    response = client.post(f"/p/provincial_reports/my-reports/{ob.id}/start")
    assert response.status_code == 302 and "/entry" in response.headers["Location"]
    entry = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Phường Hưng Bình" in entry and "150" in entry
