"""Tracking who has reported (RPT-07), reports received through the document system (RPT-10) and the
"my reports" list."""
from datetime import date, datetime, timedelta

import pytest

from platform_core.timeutil import LOCAL_TZ
from tests.plugins.provincial_reports import pr_support as pr

DUE = date(2025, 11, 18)
PERIOD = "2025-10"


def at(day, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ)


@pytest.fixture
def period(app, db, make_unit, make_user):
    """October 2025 of a monthly regime due 18/11/2025: the district late, Hưng Bình on time, Lê Mao never,
    the department waived, and a fifth unit whose report came through the document system."""
    from platform_core.obligations import service

    pr.enable()
    pr.library()
    units = pr.province(make_unit)
    units["dl"] = make_unit("40-VINH-DL", "Phường Đội Cung", parent=units["vinh"], type_code="commune")
    regime, version = pr.regime(code="KTXH-THANG", frequency="calendar_month", due_day=18)
    admin = make_user("quantri", admin=True)
    obs = {
        "vinh": pr.obligation(version, units["vinh"], DUE, at(DUE + timedelta(days=2)), period_key=PERIOD),
        "hb": pr.obligation(version, units["hb"], DUE, at(DUE - timedelta(days=1)), period_key=PERIOD),
        "lm": pr.obligation(version, units["lm"], DUE, period_key=PERIOD),
        "so": pr.obligation(version, units["so"], DUE, period_key=PERIOD),
        "dl": pr.obligation(version, units["dl"], DUE, period_key=PERIOD),
    }
    service.waive(obs["so"], admin, "Sở không có số liệu phát sinh")
    service.record_out_of_band(obs["dl"], "125/BC-UBND", date(2025, 11, 17), at(date(2025, 11, 17), 15), by=admin)
    return {**units, "regime": regime, "version": version, "admin": admin, "obs": obs}


@pytest.mark.req("RPT-07")
def test_every_obligated_unit_has_its_status(period):
    from plugins.provincial_reports import tracking

    rows = {r.unit.code: r for r in tracking.period_status(period["regime"], PERIOD)}
    assert {code: r.status for code, r in rows.items()} == {
        "40-VINH": "late", "40-VINH-HB": "on_time", "40-VINH-LM": "overdue", "40-SKHDT": "waived",
        "40-VINH-DL": "on_time"}
    assert rows["40-VINH-LM"].status_label == "Quá hạn chưa gửi"
    assert rows["40-VINH-DL"].receipt.document_number == "125/BC-UBND"
    before = tracking.period_status(period["regime"], PERIOD, now=at(date(2025, 11, 1)))
    assert next(r for r in before if r.unit.code == "40-VINH-LM").status == "pending"
    assert tracking.counts(before)["pending"] == 1
    assert tracking.periods_of(period["regime"]) == [PERIOD]
    scoped = tracking.period_status(period["regime"], PERIOD, unit_ids=[period["hb"].id])
    assert [r.unit.code for r in scoped] == ["40-VINH-HB"]


@pytest.mark.req("RPT-10")
def test_a_report_received_through_the_document_system_before_the_deadline_counts_on_time(period):
    from plugins.provincial_reports import scoring

    dl = next(s for s in scoring.compliance_scores(2025) if s.unit.code == "40-VINH-DL")
    assert (dl.on_time, dl.late, dl.missing, str(dl.score)) == (1, 0, 0, "100.0")


@pytest.mark.req("RPT-07")
def test_tracking_page_shows_statuses_counts_and_a_chart(period, login_as, make_user):
    unit_admin = make_user("qt_vinh", unit=period["vinh"], role="unit_admin", scope="subtree")
    pr.member(unit_admin, period["vinh"], "provincial_reports.entry", scope="subtree")
    client = login_as(unit_admin)
    response = client.get(f"/p/provincial_reports/tracking?regime={period['regime'].id}&period={PERIOD}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    for label in ("Gửi muộn", "Đã gửi đúng hạn", "Quá hạn chưa gửi"):
        assert label in text
    assert "Sở Kế hoạch và Đầu tư" not in text  # outside the district
    assert "Nhận qua hệ thống văn bản: số 125/BC-UBND ngày 17/11/2025" in text
    assert f"/obligations/{period['obs']['lm'].id}/receipt" in text
    assert "<svg" in text and "Tháng 10/2025" in text
    assert "18/11/2025 23:59" in text


@pytest.mark.req("RPT-05")
def test_the_receiving_body_follows_every_unit_of_its_regime(period, db, login_as, make_user):
    """The regime's receiving body (Văn phòng UBND tỉnh) sees the reports arrive from every assigned unit,
    though its officers hold no role over those units."""
    from platform_core.units import service

    vp = service.create_unit("40-VP", "Văn phòng Ủy ban nhân dân tỉnh", "department", parent=period["tinh"])
    clerk = make_user("vp.theodoi", unit=vp, role="provincial_reports.entry")
    url = f"/p/provincial_reports/tracking?regime={period['regime'].id}&period={PERIOD}"
    before = login_as(clerk).get(url).get_data(as_text=True)
    assert "Phường Hưng Bình" not in before, "not the receiving body yet: only its own units"
    period["regime"].receiving_unit_id = vp.id
    db.session.commit()
    after = login_as(clerk).get(url).get_data(as_text=True)
    for unit in ("Thành phố Vinh", "Phường Hưng Bình", "Phường Lê Mao"):
        assert unit in after


@pytest.mark.req("RPT-07")
def test_tracking_page_answers_bad_input_clearly(period, login_as):
    client = login_as(period["admin"])
    assert client.get("/p/provincial_reports/tracking").status_code == 200
    assert client.get("/p/provincial_reports/tracking?regime=abc").status_code == 400
    assert client.get("/p/provincial_reports/tracking?regime=9999").status_code == 404
    missing = client.get(f"/p/provincial_reports/tracking?regime={period['regime'].id}&period=2031-01")
    assert missing.status_code == 404 and "không có kỳ 2031-01" in missing.get_data(as_text=True)


@pytest.mark.req("RPT-07")
def test_tracking_without_regimes_shows_an_empty_state(app, db, make_user, login_as):
    pr.enable()
    admin = make_user("quantri", admin=True)
    text = login_as(admin).get("/p/provincial_reports/tracking").get_data(as_text=True)
    assert "Chưa có chế độ báo cáo nào được giao." in text


@pytest.mark.req("RPT-03")
def test_my_reports_lists_the_units_obligations_and_starts_a_draft(app, db, make_unit, make_user, login_as):
    from platform_core.workflow.models import Submission
    from plugins.provincial_reports import assignment

    pr.enable()
    pr.library()
    units = pr.province(make_unit)
    admin = make_user("quantri", admin=True)
    regime, _v = pr.regime(code="KTXH-THANG", name="Báo cáo kinh tế - xã hội tháng", kind="central",
                           frequency="calendar_month", due_day=18, status="draft")
    assignment.assign(regime, admin, subtree_ids=[units["vinh"].id])
    officer = make_user("cb_hb", unit=units["hb"], role="provincial_reports.entry")
    client = login_as(officer)
    text = client.get("/p/provincial_reports/my-reports").get_data(as_text=True)
    assert "Báo cáo kinh tế - xã hội tháng" in text and "Phường Hưng Bình" in text
    assert "Phường Lê Mao" not in text and "Lập báo cáo" in text

    from sqlalchemy import select

    from platform_core.obligations.models import Obligation
    first = db.session.scalar(select(Obligation).where(Obligation.unit_id == units["hb"].id)
                              .order_by(Obligation.due_at).limit(1))
    started = client.post(f"/p/provincial_reports/my-reports/{first.id}/start")
    assert started.status_code == 302
    submission = db.session.scalar(select(Submission).where(Submission.obligation_id == first.id))
    assert submission is not None and submission.status == "draft"
    assert str(submission.id) in started.headers["Location"]
    again = client.post(f"/p/provincial_reports/my-reports/{first.id}/start")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/reports/{submission.id}")
    listed = client.get("/p/provincial_reports/my-reports").get_data(as_text=True)
    assert f"/reports/{submission.id}" in listed and "Nháp" in listed

    last = db.session.scalar(select(Obligation).where(Obligation.unit_id == units["hb"].id)
                             .order_by(Obligation.due_at.desc()).limit(1))
    assert f'data-obligation="{last.id}"' not in listed  # a period not begun yet is not to send now
    assert f'data-obligation="{last.id}"' in client.get("/p/provincial_reports/my-reports?show=all").get_data(
        as_text=True)

    other = db.session.scalar(select(Obligation).where(Obligation.unit_id == units["lm"].id).limit(1))
    assert client.post(f"/p/provincial_reports/my-reports/{other.id}/start").status_code == 403


@pytest.mark.req("RPT-03")
def test_my_reports_empty_state(app, db, make_unit, make_user, login_as):
    pr.enable()
    units = pr.province(make_unit)
    officer = make_user("cb_hb", unit=units["hb"], role="provincial_reports.entry")
    text = login_as(officer).get("/p/provincial_reports/my-reports").get_data(as_text=True)
    assert "Đơn vị chưa có báo cáo nào phải gửi." in text
