"""The assignment page (RPT-03): choosing units, the 72-hour refusal as a page, removing an assignment."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from platform_core.timeutil import local_today
from tests.plugins.provincial_reports import pr_support as pr


@pytest.fixture
def setup(app, db, make_unit, make_user):
    pr.enable()
    pr.library()
    units = pr.province(make_unit)
    admin = make_user("quantri", admin=True)
    return {**units, "admin": admin}


def _obligations(db, regime):
    from platform_core.obligations.models import Obligation

    keys = [v.report_type_key for v in regime.versions]
    return db.session.scalars(select(Obligation).where(Obligation.rule_key.in_(keys))).all()


@pytest.mark.req("RPT-03")
def test_assigning_through_the_page(setup, db, login_as):
    regime, _v = pr.regime(code="KTXH-THANG", name="Báo cáo kinh tế - xã hội tháng", kind="central",
                           frequency="calendar_month", due_day=18, status="draft")
    client = login_as(setup["admin"])
    url = f"/p/provincial_reports/regimes/{regime.id}/assign"
    page = client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Chế độ báo cáo này chưa được giao cho đơn vị nào." in text
    assert "Phường Hưng Bình" in text and "Hằng tháng (theo tháng dương lịch)" in text
    found = client.get(url + "?q=hung binh").get_data(as_text=True)
    assert "Phường Hưng Bình" in found and "Phường Lê Mao" not in found

    done = client.post(url, data={"subtree_ids": [str(setup["vinh"].id)], "unit_type_codes": ["department"]})
    assert done.status_code == 302
    text = client.get(url).get_data(as_text=True)
    assert "Thành phố Vinh và các đơn vị trực thuộc" in text
    assert "Mọi đơn vị loại" in text
    db.session.expire_all()
    assert regime.status == "active"
    assert {ob.unit_id for ob in _obligations(db, regime)} == {
        setup["vinh"].id, setup["hb"].id, setup["lm"].id, setup["so"].id}


@pytest.mark.req("RPT-03")
def test_the_page_refuses_bad_input_and_the_72_hour_rule_with_400(setup, db, login_as):
    # Due at the end of tomorrow: less than 72 hours away whatever the time now.
    tomorrow = local_today() + timedelta(days=1)
    regime, _v = pr.regime(code="TH-ADHOC", name="Báo cáo chuyên đề", kind="periodic", frequency="adhoc",
                           due_day=None, adhoc_due_date=tomorrow, status="draft")
    client = login_as(setup["admin"])
    url = f"/p/provincial_reports/regimes/{regime.id}/assign"
    refused = client.post(url, data={"unit_ids": [str(setup["hb"].id)]})
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "ít nhất 72 giờ (Điều 8 khoản 3)" in text
    assert f"23:59 ngày {tomorrow:%d/%m/%Y}" in text
    assert _obligations(db, regime) == []

    assert client.post(url, data={}).status_code == 400
    assert "Chọn ít nhất một đơn vị" in client.post(url, data={}).get_data(as_text=True)
    assert client.post(url, data={"unit_ids": ["abc"]}).status_code == 400
    assert client.post(url, data={"unit_ids": ["999999"]}).status_code == 400
    assert client.get("/p/provincial_reports/regimes/999999/assign").status_code == 404


@pytest.mark.req("RPT-03")
def test_only_regime_managers_open_the_page(setup, make_user, login_as):
    regime, _v = pr.regime(status="draft")
    officer = make_user("cb_hb", unit=setup["hb"], role="provincial_reports.entry")
    assert login_as(officer).get(f"/p/provincial_reports/regimes/{regime.id}/assign").status_code == 403


@pytest.mark.req("RPT-03")
def test_unassigning_asks_for_confirmation_then_waives(setup, db, login_as):
    from plugins.provincial_reports import assignment

    regime, _v = pr.regime(code="KTXH-THANG", kind="central", frequency="calendar_month", due_day=18, status="draft")
    assignment.assign(regime, setup["admin"], unit_ids=[setup["hb"].id])
    row = regime.assignments[0]
    client = login_as(setup["admin"])
    url = f"/p/provincial_reports/assignments/{row.id}/unassign"
    confirm = client.get(url).get_data(as_text=True)
    pending = len(_obligations(db, regime))
    assert f"1 đơn vị sẽ không còn được giao; {pending} nghĩa vụ chưa thực hiện" in confirm
    assert client.post(url, data={}).status_code == 400
    assert db.session.get(type(row), row.id) is not None
    done = client.post(url, data={"confirm": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    assert regime.assignments == []
    assert {ob.status for ob in _obligations(db, regime)} == {"waived"}
    assert client.get(url).status_code == 404
