"""Submissions through the API: who sees which, and the workflow calls behind POST/PUT.

Every change goes through ``platform_core.workflow.service`` (permissions per report type, versions,
audit, optimistic locking); this module only reads the request and turns the service's refusals into
JSON answers: no permission → 403, someone saved first → 409, a report that can no longer change → 409,
any other refusal → 422, each with the service's Vietnamese message."""
from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy import false, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from platform_core.access.service import is_system_admin, visible_unit_ids
from platform_core.api import payload, scope
from platform_core.api.errors import ApiError, invalid
from platform_core.api.params import MAX_ID, text_problem
from platform_core.extensions import db
from platform_core.obligations.service import active_units_clause
from platform_core.units.models import Unit
from platform_core.workflow import service
from platform_core.workflow.models import Submission

CREATE_KEYS = ("obligation_id", "report_type", "unit", "period", "title", "data")
SAVE_KEYS = ("expected_version", "data")


def visible(user):
    """A SELECT of the submissions ``user`` may see, as ``workflow.service.may_view`` decides for one: any
    permission of the report type's workflow on the submission's unit, where its plugin is active."""
    stmt = select(Submission).options(joinedload(Submission.unit))
    parts = []
    for key, rt in scope.report_types(user).items():
        condition = Submission.report_type_key == key
        if not is_system_admin(user):
            condition &= or_(*[Submission.unit_id.in_(visible_unit_ids(user, name))
                               for name in service.viewing_permissions(rt)])
        active = active_units_clause(key.split(".", 1)[0], Submission.unit_id)
        parts.append(condition if active is None else condition & active)
    return stmt.where(or_(*parts) if parts else false())


def get(user, submission_id: int) -> Submission:
    """The submission, or a 404 when it does not exist or ``user`` may not see it."""
    found = db.session.get(Submission, submission_id)
    if found is None or not service.may_view(user, found):
        raise ApiError(404)
    return found


@contextmanager
def workflow_refusals():
    """The workflow's refusals as API errors; the session is rolled back so nothing half-done stays."""
    try:
        yield
    except service.StaleData as exc:
        db.session.rollback()
        raise ApiError(409, "stale_data", str(exc)) from None
    except StaleDataError:
        db.session.rollback()
        raise ApiError(409, "stale_data", _("Báo cáo vừa được người khác lưu trước; hãy tải lại rồi nhập lại "
                                            "thay đổi của bạn.")) from None
    except service.InvalidData as exc:
        db.session.rollback()
        raise invalid({f"data.{name}": message for name, message in exc.errors.items()}, str(exc)) from None
    except service.AlreadyExists as exc:
        existing_id = exc.submission.id
        db.session.rollback()
        raise ApiError(409, "already_exists", str(exc), extra={"submission_id": existing_id}) from None
    except service.Forbidden as exc:
        db.session.rollback()
        raise ApiError(403, "forbidden", str(exc)) from None
    except service.WorkflowError as exc:
        db.session.rollback()
        raise ApiError(422, "workflow_error", str(exc)) from None
    except IntegrityError:
        db.session.rollback()
        raise ApiError(409, "conflict", _("Báo cáo này đã có (ví dụ nghĩa vụ đã có báo cáo).")) from None


def _id(body, name) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise invalid({name: _("Phải là số nguyên dương.")})
    return value


def _text(body, name, max_length=200) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid({name: _("Phải là chuỗi văn bản.")})
    problem = text_problem(value, max_length) or (None if value.strip() else _("Không được để trống."))
    if problem:
        raise invalid({name: problem})
    return value.strip()


def _target(user, body):
    """``(report_type, unit, obligation, period)`` named by the body: an obligation the user sees, or a
    report type with a unit code (and optionally a period)."""
    report_types = scope.report_types(user)
    key = _text(body, "report_type", 120)
    if key is not None and key not in report_types:
        raise invalid({"report_type": _("Không có loại báo cáo này (xem GET /api/v1/report-types).")})
    obligation_id = _id(body, "obligation_id")
    if obligation_id is not None:
        obligation = scope.obligation(user, obligation_id)
        if obligation is None:
            raise invalid({"obligation_id": _("Không tìm thấy nghĩa vụ báo cáo này hoặc bạn không có quyền xem.")})
        answering = [k for k, rt in report_types.items() if obligation.rule_key in rt.rule_keys]
        if key is None and len(answering) == 1:
            key = answering[0]
        if key is None or key not in answering:
            raise invalid({"report_type": _("Chọn một loại báo cáo đáp ứng nghĩa vụ này: %(keys)s.",
                                            keys=", ".join(answering) or "—")})
        return report_types[key], obligation.unit, obligation, obligation.period_key
    problems = {}
    if key is None:
        problems["report_type"] = _("Nhập loại báo cáo, hoặc obligation_id của nghĩa vụ báo cáo.")
    code = _text(body, "unit", 40)
    unit = db.session.scalar(select(Unit).where(Unit.code == code)) if code else None
    if unit is None:
        problems["unit"] = _("Nhập mã một đơn vị có trong hệ thống.")
    if problems:
        raise invalid(problems)
    return report_types[key], unit, None, _text(body, "period", 40)


def create(user, body: dict) -> Submission:
    """A new draft (POST /submissions), with its data when the body carries some."""
    payload.only_keys(body, CREATE_KEYS)
    report_type, unit, obligation, period = _target(user, body)
    title = _text(body, "title", 255)
    data = payload.report_data(report_type, body["data"]) if "data" in body else None
    with workflow_refusals():
        draft = service.create_draft(report_type.key, unit, user, obligation=obligation, title=title,
                                     period_key=period)
        if data:
            draft = service.save_data(draft, user, data, draft.lock_version)
    return draft


def save(user, submission: Submission, body: dict) -> Submission:
    """PUT /submissions/<id>/data: replace the data (a field left out becomes empty), based on the version
    the client read."""
    payload.only_keys(body, SAVE_KEYS)
    problems = {}
    expected = body.get("expected_version")
    if isinstance(expected, bool) or not isinstance(expected, int) or not 1 <= expected <= MAX_ID:
        problems["expected_version"] = _("Bắt buộc: số phiên bản (version) của báo cáo mà bạn đã đọc.")
    if "data" not in body:
        problems["data"] = _("Bắt buộc: dữ liệu báo cáo {tên trường: giá trị}.")
    if problems:
        raise invalid(problems)
    with workflow_refusals():
        report_type = service.report_type_of(submission)
        if submission.status in service.FINAL:
            service.require_role(user, report_type, "enter", submission.unit_id, submission)
            raise ApiError(409, "read_only", _("Báo cáo đã được phê duyệt nên số liệu không sửa được; muốn thay "
                                               "đổi, hãy lập bản điều chỉnh."))
        data = payload.report_data(report_type, body["data"])
        return service.save_data(submission, user, data, expected)


def submit(user, submission: Submission) -> Submission:
    """POST /submissions/<id>/submit."""
    with workflow_refusals():
        service.submit(submission, user)
    return submission
