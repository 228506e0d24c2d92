"""Entering a regime's report (RPT-05): the outline and the tables as a grid, saving through the core
workflow with the message at the cell, unusual values confirmed before submitting, the read-only view,
and a district's consolidated report showing its communes' values."""
import re
from datetime import date

import pytest

from tests.plugins.provincial_reports import pr_support as pr

PERIOD = "2026-Q1"


@pytest.fixture
def world(app, db, make_unit, make_user):
    pr.enable()
    pr.library()
    regime, version = pr.regime()
    units = pr.province(make_unit)
    users = {
        "entry": make_user("nhaplieu", unit=units["hb"], role="provincial_reports.entry"),
        "approver": make_user("pheduyet", unit=units["hb"], role="provincial_reports.approver"),
        "other": make_user("xakhac", unit=units["lm"], role="provincial_reports.entry"),
        "consolidator": make_user("tonghop", unit=units["vinh"], role="provincial_reports.consolidator"),
    }
    return {"regime": regime, "key": version.report_type_key, **units, **users}


def _draft(world, unit="hb", user="entry"):
    from platform_core.workflow import service

    return service.create_draft(world["key"], world[unit], world[user], period_key=PERIOD)


def _page(response) -> str:
    return response.get_data(as_text=True)


def _cell(page: str, name: str) -> str:
    match = re.search(rf'data-cell="{name}">(.*?)</td>', page, re.S)
    assert match, f"no cell {name}"
    return match.group(1)


def _stored(db, submission_id):
    from platform_core.workflow.models import Submission

    db.session.expire_all()
    return db.session.get(Submission, submission_id)


FILLED = {"v_section__s1": "Lao động ổn định.", "v_LD01__nam": "60", "v_LD01__nu": "40", "v_LD02__nam": "30",
          "v_LD02__nu": "20", "v_LD02__total": ""}


def _post(client, sub, **extra):
    return client.post(f"/p/provincial_reports/submissions/{sub.id}/entry",
                       data={"lock_version": str(sub.lock_version), **FILLED, **extra})


@pytest.mark.req("RPT-05")
def test_the_page_shows_the_outline_and_each_table_as_a_grid(client, login_as, world):
    sub = _draft(world)
    login_as(world["entry"])
    page = _page(client.get(f"/p/provincial_reports/submissions/{sub.id}/entry"))
    for text in ("Báo cáo lao động, việc làm quý", "Phường Hưng Bình", "Quý I/2026", "1. Tình hình chung",
                 "Đánh giá chung trong kỳ.", "Biểu 01. Lao động, việc làm", "Số người trong độ tuổi lao động",
                 "người", "Nam", "Nữ", "Tổng số", "Lưu và nộp báo cáo"):
        assert text in page
    assert 'name="v_LD01__nam"' in page and 'name="v_section__s1"' in page
    # The percentage a formula computes is no input: its formula is the hint.
    computed = _cell(page, "LD03__total")
    assert "<input" not in computed and "LD03.total = LD02.total / LD01.total * 100" in computed
    assert 'class="pr-req"' in _cell(page, "LD01__nam")
    assert f'href="/reports/{sub.id}"' in page


@pytest.mark.req("RPT-05")
def test_saving_fills_totals_and_formulas(db, client, login_as, world):
    sub = _draft(world)
    login_as(world["entry"])
    response = _post(client, sub)
    assert response.status_code == 302
    stored = _stored(db, sub.id)
    assert stored.data["LD01__total"] == 100 and stored.data["LD03__total"] == "50"
    page = _page(client.get(response.headers["Location"]))
    assert "Đã lưu số liệu." in page
    assert ">50<" in _cell(page, "LD03__total") and 'value="100"' in _cell(page, "LD01__total")


@pytest.mark.req("RPT-05")
def test_a_wrong_value_is_refused_at_its_cell_keeping_what_was_typed(db, client, login_as, world):
    sub = _draft(world)
    login_as(world["entry"])
    response = _post(client, sub, v_LD01__nam="nhiều", v_LD02__nu="-4")
    assert response.status_code == 400
    page = _page(response)
    assert "nhập một số nguyên" in _cell(page, "LD01__nam") and 'value="nhiều"' in _cell(page, "LD01__nam")
    assert "không được là số âm" in _cell(page, "LD02__nu")
    assert "Lao động ổn định." in page
    assert _stored(db, sub.id).data == {} and _stored(db, sub.id).lock_version == sub.lock_version

    response = _post(client, sub, v_LD02__total="55")
    assert response.status_code == 400
    assert "không bằng tổng các cột (50)" in _cell(_page(response), "LD02__total")


@pytest.mark.req("RPT-05")
def test_a_save_on_a_stale_page_is_refused_with_409(db, client, login_as, world):
    from platform_core.workflow import service

    sub = _draft(world)
    old_version = sub.lock_version
    service.save_data(sub, world["entry"], {"LD01__nam": "70"}, old_version)
    login_as(world["entry"])
    response = client.post(f"/p/provincial_reports/submissions/{sub.id}/entry",
                           data={"lock_version": str(old_version), **FILLED})
    assert response.status_code == 409
    page = _page(response)
    assert "đã được người khác lưu" in page and 'value="60"' in _cell(page, "LD01__nam")
    assert "Vừa được lưu: 70" in _cell(page, "LD01__nam")
    assert _stored(db, sub.id).data["LD01__nam"] == 70


@pytest.mark.req("RPT-05")
def test_unusual_values_are_shown_and_must_be_confirmed_before_submitting(db, client, login_as, world):
    sub = _draft(world)
    login_as(world["entry"])
    response = _post(client, sub, v_LD01__nam="600000", v_LD01__nu="40", action="submit")
    assert response.status_code == 400
    page = _page(response)
    assert "nằm ngoài khoảng thường gặp" in _cell(page, "LD01__nam")
    assert "Tôi xác nhận các giá trị bất thường là đúng" in page
    assert _stored(db, sub.id).status == "draft"

    sub = _stored(db, sub.id)
    response = _post(client, sub, v_LD01__nam="600000", action="submit", confirm_warnings="y")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/reports/{sub.id}")
    assert _stored(db, sub.id).status == "submitted"


@pytest.mark.req("RPT-05")
def test_submitting_without_a_required_cell_names_it(db, client, login_as, world):
    sub = _draft(world)
    login_as(world["entry"])
    response = _post(client, sub, v_section__s1="", action="submit")
    assert response.status_code == 400
    assert "là bắt buộc" in _page(response)
    assert _stored(db, sub.id).status == "draft"


@pytest.mark.req("RPT-05")
def test_who_may_see_and_who_may_type(db, client, login_as, world):
    from platform_core.workflow import service

    sub = _draft(world)
    url = f"/p/provincial_reports/submissions/{sub.id}/entry"
    login_as(world["other"])
    assert client.get(url).status_code == 403
    assert client.get("/p/provincial_reports/submissions/999999/entry").status_code == 404

    login_as(world["approver"])
    page = _page(client.get(url))
    assert "<input type=\"text\"" not in page and "Bạn chỉ được xem báo cáo này" in page
    assert client.post(url, data={"lock_version": str(sub.lock_version), **FILLED}).status_code == 403

    service.save_data(sub, world["entry"], {k[2:]: v for k, v in FILLED.items()}, sub.lock_version)
    service.submit(sub, world["entry"])
    login_as(world["entry"])
    page = _page(client.get(url))
    assert "<input type=\"text\"" not in page and "Báo cáo đã nộp" in page
    assert ">100<" in _cell(page, "LD01__total")
    response = client.post(url, data={"lock_version": str(_stored(db, sub.id).lock_version), **FILLED})
    assert response.status_code == 302
    assert _stored(db, sub.id).status == "submitted"


@pytest.mark.req("RPT-05")
def test_a_consolidated_report_shows_each_commune_and_those_missing(db, client, login_as, world):
    from platform_core.obligations.rules import Periodic
    from platform_core.obligations.service import generate_for_units
    from platform_core.workflow import service

    rule = Periodic(world["key"], "Báo cáo lao động, việc làm quý", "calendar_quarter", due_day=20)
    generate_for_units(rule, [world["hb"].id, world["lm"].id, world["vinh"].id], date(2026, 4, 1), date(2026, 4, 30))
    sub = _draft(world)
    service.save_data(sub, world["entry"], {k[2:]: v for k, v in FILLED.items()}, sub.lock_version)
    service.submit(sub, world["entry"])
    service.approve(sub, world["approver"])
    parent = service.consolidate(world["vinh"], world["key"], PERIOD, world["consolidator"])

    login_as(world["consolidator"])
    page = _page(client.get(f"/p/provincial_reports/submissions/{parent.id}/entry"))
    assert "Báo cáo tổng hợp từ đơn vị cấp dưới" in page
    assert "Phường Hưng Bình: 60" in _cell(page, "LD01__nam")
    assert re.search(r'class="pr-missing">.*Phường Lê Mao', page, re.S)
    assert "Tổng hợp lại" in page and f"/reports/{parent.id}/consolidate" in page
    assert 'value="60"' in _cell(page, "LD01__nam")


@pytest.mark.req("RPT-05")
@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_the_form_carries_a_csrf_token_and_a_post_without_one_saves_nothing(db, client, login_as, world):
    sub = _draft(world)
    login_as(world["entry"])
    page = _page(client.get(f"/p/provincial_reports/submissions/{sub.id}/entry"))
    forms = re.findall(r'<form method="post".*?</form>', page, re.S)
    assert forms and all('name="csrf_token"' in f for f in forms)
    assert _post(client, sub).status_code == 400
    assert _stored(db, sub.id).data == {}


@pytest.mark.req("RPT-05")
def test_an_impossible_id_is_not_found(client, login_as, world):
    login_as(world["entry"])
    assert client.get("/p/provincial_reports/submissions/99999999999/entry").status_code == 404
