"""The JSON endpoints under ``/api/v1`` (blueprint ``api.v1``). Every one needs a bearer token
(:mod:`platform_core.api.auth`), answers JSON and is described in :mod:`platform_core.api.openapi`."""
from datetime import timedelta

from flask import Blueprint, jsonify, url_for
from sqlalchemy import select

from platform_core.api import errors, params, scope, serialize, submissions
from platform_core.api.auth import api_user, authenticate
from platform_core.extensions import db
from platform_core.obligations.calendar import due_instant
from platform_core.obligations.models import STATUSES, Obligation
from platform_core.units.models import Unit
from platform_core.workflow.models import STATES, Submission

v1 = Blueprint("v1", __name__, url_prefix="/v1")
v1.before_request(authenticate)
errors.register(v1)


def _with_submission_ids(rows: list[Obligation]) -> list[dict]:
    ids = [o.id for o in rows]
    linked = dict(db.session.execute(
        select(Submission.obligation_id, Submission.id).where(Submission.obligation_id.in_(ids or [-1]))).all())
    return [serialize.obligation(o, linked.get(o.id)) for o in rows]


def _submissions(rows) -> list[dict]:
    return [serialize.submission(s) for s in rows]


@v1.get("/report-types")
def report_types():
    return jsonify({"items": [serialize.report_type(rt) for rt in scope.report_types(api_user()).values()]})


@v1.get("/obligations")
def obligations():
    """Filters: ``unit`` (code), ``status``, ``plugin``, ``period`` (prefix of the period key),
    ``due_from``/``due_to`` (due day, ISO dates, inclusive)."""
    filters = {
        "unit": params.text_arg("unit"),
        "status": params.choice_arg("status", STATUSES),
        "plugin": params.text_arg("plugin"),
        "period": params.text_arg("period"),
        "due_from": params.date_arg("due_from"),
        "due_to": params.date_arg("due_to"),
    }
    stmt = scope.obligations(api_user())
    if filters["unit"]:
        stmt = stmt.where(Obligation.unit_id.in_(select(Unit.id).where(Unit.code == filters["unit"])))
    if filters["status"]:
        stmt = stmt.where(Obligation.status == filters["status"])
    if filters["plugin"]:
        stmt = stmt.where(Obligation.plugin_key == filters["plugin"])
    if filters["period"]:
        stmt = stmt.where(Obligation.period_key.startswith(filters["period"], autoescape=True))
    if filters["due_from"]:
        stmt = stmt.where(Obligation.due_at > due_instant(filters["due_from"] - timedelta(days=1)))
    if filters["due_to"]:
        stmt = stmt.where(Obligation.due_at <= due_instant(filters["due_to"]))
    stmt = stmt.order_by(Obligation.due_at, Obligation.id)
    return jsonify(params.page_of(stmt, _with_submission_ids, "api.v1.obligations", **filters))


@v1.get("/obligations/<int:obligation_id>")
def obligation(obligation_id):
    found = scope.obligation(api_user(), params.object_id(obligation_id))
    if found is None:
        raise errors.ApiError(404)
    return jsonify(_with_submission_ids([found])[0])


@v1.get("/submissions")
def submission_list():
    """Filters: ``unit`` (code), ``status``, ``report_type``, ``period``, ``obligation_id``."""
    filters = {
        "unit": params.text_arg("unit"),
        "status": params.choice_arg("status", STATES),
        "report_type": params.text_arg("report_type"),
        "period": params.text_arg("period"),
        "obligation_id": params.int_arg("obligation_id"),
    }
    stmt = submissions.visible(api_user())
    if filters["unit"]:
        stmt = stmt.where(Submission.unit_id.in_(select(Unit.id).where(Unit.code == filters["unit"])))
    if filters["status"]:
        stmt = stmt.where(Submission.status == filters["status"])
    if filters["report_type"]:
        stmt = stmt.where(Submission.report_type_key == filters["report_type"])
    if filters["period"]:
        stmt = stmt.where(Submission.period_key.startswith(filters["period"], autoescape=True))
    if filters["obligation_id"]:
        stmt = stmt.where(Submission.obligation_id == filters["obligation_id"])
    stmt = stmt.order_by(Submission.id)
    return jsonify(params.page_of(stmt, _submissions, "api.v1.submission_list", **filters))


@v1.get("/submissions/<int:submission_id>")
def submission(submission_id):
    return jsonify(serialize.submission(submissions.get(api_user(), params.object_id(submission_id))))


@v1.post("/submissions")
def create_submission():
    created = submissions.create(api_user(), params.json_object())
    response = jsonify(serialize.submission(created))
    response.status_code = 201
    response.headers["Location"] = url_for("api.v1.submission", submission_id=created.id, _external=True)
    return response


@v1.put("/submissions/<int:submission_id>/data")
def submission_data(submission_id):
    found = submissions.get(api_user(), params.object_id(submission_id))
    return jsonify(serialize.submission(submissions.save(api_user(), found, params.json_object())))


@v1.post("/submissions/<int:submission_id>/submit")
def submit_submission(submission_id):
    found = submissions.get(api_user(), params.object_id(submission_id))
    return jsonify(serialize.submission(submissions.submit(api_user(), found)))
