"""The OpenAPI document (CORE-19): valid OpenAPI 3, in step with the routes, and true of the running API —
schemathesis generates requests from it and checks every answer against it."""
import copy
import re
from datetime import date

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks
from test_api_support import OVERRIDES, REPORT, add_obligation, bearer, enable, token_for

pytestmark = pytest.mark.req("CORE-19")

CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance, checks.response_headers_conformance]
EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def app_overrides():
    return dict(OVERRIDES)


@pytest.fixture
def document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def test_document_is_valid_openapi_3(document):
    assert document["openapi"].startswith("3.0")
    schemathesis.openapi.from_dict(copy.deepcopy(document)).validate()
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": "Khoá API cá nhân, dạng pct_…"}
    assert document["security"] == [{"bearerAuth": []}]

    broken = copy.deepcopy(document)
    broken["paths"]["/api/v1/obligations"]["get"]["responses"]["200"].pop("description")
    with pytest.raises(jsonschema_rs.ValidationError, match="responses"):
        schemathesis.openapi.from_dict(broken).validate()


def _routes(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            found |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def test_document_describes_exactly_the_routes(app, document):
    described = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    assert described == _routes(app)
    assert len(described) == 8


@pytest.fixture
def populated(make_unit, make_user, runner, client):
    """Obligations and reports the generated requests can find (small ids come up often), and a token."""
    enable(runner)
    unit = make_unit("A01", "Sở Tài chính")
    user = make_user("nhaplieu", unit=unit, role="pcapi.reporter")
    secret = token_for(user)
    for month in range(1, 4):
        obligation = add_obligation(unit, f"2026-{month:02d}", date(2026, month + 1, 18))
        response = client.post("/api/v1/submissions", headers=bearer(secret),
                               json={"obligation_id": obligation.id, "data": {"population": month * 100}})
        assert response.status_code == 201
    return secret


def test_generated_requests_get_documented_answers(app, populated):
    """Every operation, with a valid token: no 5xx, and status, content type, headers and body as
    documented. Operations on one record run twice: with generated ids (mostly unknown) and pinned to a
    real draft, so generated bodies reach the data checks. Bounded: a dozen cases per run."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    auth = bearer(populated)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8
    pinned = {"obligation_id": 1, "submission_id": 1}
    runs = [(op, None) for op in operations] + [
        (op, {name: pinned[name] for name in re.findall(r"{(\w+)}", op.path)}) for op in operations if "{" in op.path]
    answers = {}

    for operation, path_parameters in runs:
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(headers=auth, path_parameters=path_parameters))
        def exercise(case):
            response = case.call()
            case.validate_response(response, checks=CHECKS)
            answers.setdefault(case.operation.label, set()).add(response.status_code)

        exercise()
    assert set(answers) == {op.label for op in operations}
    assert 200 in answers["GET /api/v1/report-types"] and 200 in answers["GET /api/v1/obligations"]
    assert 200 in answers["GET /api/v1/submissions/{submission_id}"]
    assert answers["PUT /api/v1/submissions/{submission_id}/data"] & {409, 422}


def test_documented_success_answers_match_the_schema(app, populated):
    """The examples a generator rarely reaches: reading, creating, saving and submitting a real report."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    auth = bearer(populated)

    def run(path, method, expected, **parts):
        case = schema[path][method].Case(headers=auth, **parts)
        response = case.call()
        case.validate_response(response, checks=CHECKS)
        assert response.status_code == expected, response.text
        return response.json()

    listing = run("/api/v1/submissions", "GET", 200, query={"per_page": 2})
    assert listing["total"] == 3 and listing["next"]
    first = listing["items"][0]
    run("/api/v1/obligations/{obligation_id}", "GET", 200, path_parameters={"obligation_id": first["obligation_id"]})
    run("/api/v1/submissions/{submission_id}", "GET", 200, path_parameters={"submission_id": first["id"]})
    created = run("/api/v1/submissions", "POST", 201,
                  body={"report_type": REPORT, "unit": "A01", "period": "2026-09", "data": {"budget": "12.5"}})
    data_of_created = {"submission_id": created["id"]}
    saved = run("/api/v1/submissions/{submission_id}/data", "PUT", 200, path_parameters=data_of_created,
                body={"expected_version": created["version"], "data": {"population": 7, "surveyed_on": "2026-09-30"}})
    run("/api/v1/submissions/{submission_id}/data", "PUT", 409, path_parameters=data_of_created,
        body={"expected_version": created["version"], "data": {"population": 8}})
    submitted = run("/api/v1/submissions/{submission_id}/submit", "POST", 200,
                    path_parameters={"submission_id": saved["id"]})
    assert submitted["status"] == "submitted"
