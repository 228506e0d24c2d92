"""Ad-hoc requests (IT-05, Điều 14): the IT department asks chosen units for a report with its own content and
due date; each chosen unit owes it, answers it with the ad-hoc report, and a due date in the past is
refused."""
from datetime import timedelta

import pytest
import sqlalchemy as sa
from it_periodic_support import day_from_today, ministry

from platform_core.obligations import calendar
from platform_core.obligations.models import Obligation
from platform_core.timeutil import local_today

pytestmark = pytest.mark.req("IT-05")
CONTENT = "Báo cáo nhanh tình hình triển khai chữ ký số chuyên dùng"


@pytest.fixture
def tree(db, make_unit, make_user):
    return ministry(db, make_unit, make_user)


def _adhoc(db):
    return db.session.scalars(sa.select(Obligation).where(Obligation.rule_key == "it_reporting.adhoc")
                              .order_by(Obligation.unit_id)).all()


def _ask(client, tree, due, codes=("BTNMT-VP", "BTNMT-BDKH"), content=CONTENT):
    return client.post("/p/it_reporting/adhoc/new", data={
        "content": content, "due_date": due, "units": [tree["units"][c].id for c in codes]})


def test_a_request_creates_an_obligation_for_each_chosen_unit(db, client, login_as, tree):
    login_as(tree["officer"])
    form = client.get("/p/it_reporting/adhoc/new").get_data(as_text=True)
    assert "Cục Kiểm soát ô nhiễm môi trường" in form

    response = _ask(client, tree, day_from_today(7))
    assert response.status_code == 302
    created = _adhoc(db)
    assert {o.unit.code for o in created} == {"BTNMT-VP", "BTNMT-BDKH"}
    assert {o.title for o in created} == {CONTENT}
    assert {o.due_at for o in created} == {calendar.due_instant(local_today() + timedelta(days=7))}

    page = client.get("/p/it_reporting/adhoc").get_data(as_text=True)
    assert CONTENT in page and "Văn phòng Bộ" in page and "Cục Kiểm soát ô nhiễm môi trường" not in page


def test_the_unit_answers_the_request_with_the_adhoc_report(db, client, login_as, tree):
    login_as(tree["officer"])
    _ask(client, tree, day_from_today(3))
    obligation = next(o for o in _adhoc(db) if o.unit.code == "BTNMT-VP")

    login_as(tree["reporters"]["BTNMT-VP"])
    page = client.get("/p/it_reporting/adhoc").get_data(as_text=True)
    assert f"/reports/new?obligation={obligation.id}" in page
    response = client.post("/reports/new", data={"report_type": "it_reporting.adhoc", "unit": obligation.unit_id,
                                                  "obligation": obligation.id, "title": ""})
    assert response.status_code == 302
    from platform_core.workflow.models import Submission

    submission = db.session.scalar(sa.select(Submission).where(Submission.obligation_id == obligation.id))
    assert submission.report_type_key == "it_reporting.adhoc" and submission.unit.code == "BTNMT-VP"


def test_a_past_due_date_is_refused(db, client, login_as, tree):
    login_as(tree["officer"])
    response = _ask(client, tree, day_from_today(-1))
    assert response.status_code == 422
    assert "đã qua; chọn hạn nộp từ hôm nay trở đi" in response.get_data(as_text=True)
    assert _adhoc(db) == []


def test_a_date_that_does_not_exist_is_refused(db, client, login_as, tree):
    login_as(tree["officer"])
    response = _ask(client, tree, "31/02/2030")
    assert response.status_code == 422 and "Ngày không hợp lệ" in response.get_data(as_text=True)
    assert _adhoc(db) == []


def test_the_same_request_twice_is_refused_and_nothing_half_made(db, client, login_as, tree):
    login_as(tree["officer"])
    _ask(client, tree, day_from_today(5), codes=("BTNMT-BDKH",))
    response = _ask(client, tree, day_from_today(5), codes=("BTNMT-VP", "BTNMT-BDKH"))
    assert response.status_code == 422
    assert "đã có yêu cầu này" in response.get_data(as_text=True)
    assert [o.unit.code for o in _adhoc(db)] == ["BTNMT-BDKH"]


def test_a_unit_outside_the_issuers_reach_cannot_be_chosen(db, client, login_as, make_unit, make_user, tree):
    other = make_unit("BTNMT-X", "Cục Khác", parent=tree["bo"], type_code="department")
    issuer = make_user("yeucau.vp", unit=tree["units"]["BTNMT-VP"], role="it_reporting.officer")
    login_as(issuer)
    response = client.post("/p/it_reporting/adhoc/new", data={
        "content": CONTENT, "due_date": day_from_today(3), "units": [other.id]})
    assert response.status_code == 422
    assert _adhoc(db) == []


@pytest.mark.req("IT-06")
def test_without_the_adhoc_permission_the_form_is_forbidden(db, client, login_as, tree):
    login_as(tree["reporters"]["BTNMT-VP"])
    assert client.get("/p/it_reporting/adhoc/new").status_code == 403
    assert _ask(client, tree, day_from_today(3)).status_code == 403
    assert _adhoc(db) == []
