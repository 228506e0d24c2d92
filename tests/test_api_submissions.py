"""Submissions through the API (CORE-19): create a draft with data, read it back, change it with optimistic
locking, submit it; bad input is a JSON 4xx, never a page or a 500; another unit's reports stay invisible."""
from datetime import date

import pytest
import sqlalchemy as sa
from test_api_support import OVERRIDES, REPORT, add_obligation, bearer, enable, token_for

from platform_core.extensions import db as _db

pytestmark = pytest.mark.req("CORE-19")

VALUES = {"population": 15230, "budget": "1250.75", "note": "Số liệu ước tính <b>đến</b> 14/06",
          "surveyed_on": "2026-06-10"}


@pytest.fixture
def app_overrides():
    return dict(OVERRIDES)


@pytest.fixture
def world(make_unit, make_user, runner):
    enable(runner)
    province = make_unit("P40", "Tỉnh Nghệ An", type_code="province")
    a = make_unit("A01", "Sở Tài chính", parent=province)
    b = make_unit("B01", "Sở Xây dựng", parent=province)
    reporter = make_user("nhaplieu_a", unit=a, role="pcapi.reporter")
    return {
        "a": a, "b": b,
        "reporter": token_for(reporter),
        "leader_user": make_user("lanhdao_a", unit=a, role="pcapi.leader"),
        "other": token_for(make_user("nhaplieu_b", unit=b, role="pcapi.reporter")),
        "obligation": add_obligation(a, "2026-06", date(2026, 7, 18)),
    }


def _call(client, method, url, secret, **kwargs):
    response = client.open(url, method=method, headers=bearer(secret), **kwargs)
    assert response.is_json, f"{method} {url}: {response.status_code} {response.get_data(as_text=True)[:300]}"
    return response


def _create(client, world, **body):
    body = {"obligation_id": world["obligation"].id, "data": VALUES, **body}
    response = _call(client, "POST", "/api/v1/submissions", world["reporter"], json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_round_trip_create_read_update_submit(db, client, world):
    created = _create(client, world)
    assert created["status"] == "draft" and created["unit"]["code"] == "A01"
    assert created["report_type"] == REPORT and created["period_key"] == "2026-06"
    assert created["obligation_id"] == world["obligation"].id
    assert created["data"] == VALUES

    read = _call(client, "GET", f"/api/v1/submissions/{created['id']}", world["reporter"]).get_json()
    assert read["data"] == VALUES and read["version"] == created["version"]
    obligation = _call(client, "GET", f"/api/v1/obligations/{world['obligation'].id}", world["reporter"]).get_json()
    assert obligation["submission_id"] == created["id"]

    update = {"expected_version": read["version"], "data": {"population": 15300, "budget": 980.5}}
    saved = _call(client, "PUT", f"/api/v1/submissions/{created['id']}/data", world["reporter"], json=update)
    assert saved.status_code == 200
    assert saved.get_json()["data"] == {"population": 15300, "budget": "980.5"}
    assert saved.get_json()["version"] > read["version"]

    submitted = _call(client, "POST", f"/api/v1/submissions/{created['id']}/submit", world["reporter"])
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "submitted"
    listed = _call(client, "GET", "/api/v1/submissions", world["reporter"], query_string={"status": "submitted"})
    assert [s["id"] for s in listed.get_json()["items"]] == [created["id"]]
    again = _call(client, "GET", f"/api/v1/obligations/{world['obligation'].id}", world["reporter"]).get_json()
    assert again["status"] == "submitted"

    from platform_core.audit.models import AuditEvent

    actors = db.session.scalars(sa.select(AuditEvent.actor_username).where(
        AuditEvent.object_type == "submissions", AuditEvent.object_id == str(created["id"]))).all()
    assert actors and set(actors) == {"nhaplieu_a"}, "the token's owner is the actor of what the API did"


def test_create_by_report_type_unit_and_period(client, world):
    created = _create(client, world, obligation_id=None, report_type=REPORT, unit="A01", period="2026-05",
                      title="Báo cáo tháng 5")
    assert created["title"] == "Báo cáo tháng 5" and created["period_key"] == "2026-05"
    assert created["obligation_id"] is None
    duplicate = _call(client, "POST", "/api/v1/submissions", world["reporter"],
                      json={"report_type": REPORT, "unit": "A01", "period": "2026-05"})
    assert duplicate.status_code == 409 and duplicate.get_json()["submission_id"] == created["id"]


def test_stale_expected_version_is_409_with_a_message_and_nothing_changes(client, world):
    created = _create(client, world)
    url = f"/api/v1/submissions/{created['id']}/data"
    first = _call(client, "PUT", url, world["reporter"],
                  json={"expected_version": created["version"], "data": {**VALUES, "population": 1}})
    assert first.status_code == 200
    second = _call(client, "PUT", url, world["reporter"],
                   json={"expected_version": created["version"], "data": {**VALUES, "population": 2}})
    assert second.status_code == 409
    assert second.get_json()["error"] == "stale_data"
    assert "người khác lưu trước" in second.get_json()["message"]
    assert _call(client, "GET", f"/api/v1/submissions/{created['id']}", world["reporter"]).get_json()["data"][
        "population"] == 1


def test_approved_report_cannot_be_changed(client, world):
    from platform_core.workflow import service
    from platform_core.workflow.models import Submission

    created = _create(client, world)
    _call(client, "POST", f"/api/v1/submissions/{created['id']}/submit", world["reporter"])
    submission = _db.session.get(Submission, created["id"])
    service.approve(submission, world["leader_user"])
    current = _call(client, "GET", f"/api/v1/submissions/{created['id']}", world["reporter"]).get_json()
    assert current["status"] == "approved"

    response = _call(client, "PUT", f"/api/v1/submissions/{created['id']}/data", world["reporter"],
                     json={"expected_version": current["version"], "data": {"population": 0}})
    assert response.status_code == 409 and response.get_json()["error"] == "read_only"
    assert "phê duyệt" in response.get_json()["message"]
    after = _call(client, "GET", f"/api/v1/submissions/{created['id']}", world["reporter"]).get_json()
    assert after["data"] == VALUES and after["version"] == current["version"]


@pytest.mark.parametrize("raw", ["{", "{\"data\": }", "không phải json", "{\"a\": NaN"])
def test_malformed_json_is_400_json(client, world, raw):
    response = _call(client, "POST", "/api/v1/submissions", world["reporter"], data=raw,
                     content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_json" and response.get_json()["message"]


@pytest.mark.parametrize("data, field", [
    ({"population": "nhiều"}, "data.population"), ({"population": True}, "data.population"),
    ({"population": 1.5}, "data.population"), ({"budget": "1.250,5"}, "data.budget"),
    ({"budget": float("inf")}, "data.budget"), ({"note": 12}, "data.note"), ({"note": "a\x00b"}, "data.note"),
    ({"surveyed_on": "10/06/2026"}, "data.surveyed_on"), ({"khong_co": 1}, "data.khong_co"),
])
def test_wrong_types_are_422_naming_the_field(client, world, data, field):
    response = _call(client, "POST", "/api/v1/submissions", world["reporter"],
                     json={"obligation_id": world["obligation"].id, "data": data})
    assert response.status_code == 422
    assert field in response.get_json()["fields"]
    assert _call(client, "GET", "/api/v1/submissions", world["reporter"]).get_json()["total"] == 0


@pytest.mark.parametrize("body, field", [
    ([1, 2], "body"), ({"obligation_id": "1"}, "obligation_id"), ({"obligation_id": 999999}, "obligation_id"),
    ({"report_type": "pcapi.khong_co", "unit": "A01"}, "report_type"), ({"report_type": REPORT}, "unit"),
    ({"report_type": REPORT, "unit": "A01", "them": 1}, "them"),
])
def test_bad_creation_requests_are_422(client, world, body, field):
    response = _call(client, "POST", "/api/v1/submissions", world["reporter"], json=body)
    assert response.status_code == 422 and field in response.get_json()["fields"]


def test_update_needs_expected_version_and_data(client, world):
    created = _create(client, world)
    response = _call(client, "PUT", f"/api/v1/submissions/{created['id']}/data", world["reporter"], json={})
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"expected_version", "data"}


def test_submit_without_required_field_is_422_naming_it(client, world):
    created = _create(client, world, data={"note": "thiếu dân số"})
    response = _call(client, "POST", f"/api/v1/submissions/{created['id']}/submit", world["reporter"])
    assert response.status_code == 422 and "data.population" in response.get_json()["fields"]


def test_other_units_reports_stay_invisible(client, world):
    created = _create(client, world)
    for method, url, kwargs in [
        ("GET", f"/api/v1/submissions/{created['id']}", {}),
        ("PUT", f"/api/v1/submissions/{created['id']}/data", {"json": {"expected_version": 1, "data": {}}}),
        ("POST", f"/api/v1/submissions/{created['id']}/submit", {}),
    ]:
        response = _call(client, method, url, world["other"], **kwargs)
        assert response.status_code == 404, (method, url)
    assert _call(client, "GET", "/api/v1/submissions", world["other"]).get_json()["items"] == []
    unit_b = _call(client, "GET", "/api/v1/submissions", world["other"], query_string={"unit": "A01"})
    assert unit_b.get_json()["total"] == 0


def test_creating_for_a_unit_without_the_role_is_403(client, world):
    response = _call(client, "POST", "/api/v1/submissions", world["other"],
                     json={"report_type": REPORT, "unit": "A01", "period": "2026-06"})
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"
    assert "không có quyền" in response.get_json()["message"]


def test_leader_may_read_but_not_enter(client, world):
    created = _create(client, world)
    leader = token_for(world["leader_user"])
    assert _call(client, "GET", f"/api/v1/submissions/{created['id']}", leader).status_code == 200
    response = _call(client, "PUT", f"/api/v1/submissions/{created['id']}/data", leader,
                     json={"expected_version": created["version"], "data": {"population": 3}})
    assert response.status_code == 403
