"""Report pages (``/reports``): the list, a new report, one report with its data, workflow buttons and
history, and consolidation.

Seeing a report needs any permission of its report type's workflow on its unit; each button checks the
permission of its step (``service``), and a refused step answers 403 with nothing written. A save based
on a stale copy answers 409 with the officer's input kept in the form.
"""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import and_, false, or_, select

from platform_core.access.service import can, visible_unit_ids
from platform_core.extensions import db
from platform_core.obligations.models import Obligation
from platform_core.obligations.service import active_units_clause
from platform_core.pagination import paginate
from platform_core.units.models import UNIT_ACTIVE, Unit
from platform_core.workflow import consolidation, display, service, values
from platform_core.workflow.forms import (
    ConfirmForm,
    ConsolidateForm,
    NewSubmissionForm,
    ReturnForm,
    SubmissionFilterForm,
    data_form,
)
from platform_core.workflow.models import APPROVED, SENT, SIGNED, Submission
from platform_core.workflow.registry import get_report_type, report_types

bp = Blueprint("workflow", __name__, url_prefix="/reports")

EXPORT_ENDPOINT = "documents.submission_export"
SIGN_ENDPOINT = "signatures.sign"
EXPORT_FORMATS = (("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel"), ("csv", "CSV"))
# action → (role whose permission it needs, needs the confirmation box)
ACTIONS = {
    "submit": ("enter", False),
    "return": ("approve", False),
    "approve": ("approve", True),
    "send": ("send", True),
    "amend": ("enter", False),
    "consolidate": ("consolidate", True),
}
UNITS_IN_LISTS = 500


# ---------------------------------------------------------------- helpers

def visible_submissions(user):
    """A SELECT of the submissions ``user`` may see: per report type, units where they hold any of its
    workflow permissions, where the type's plugin is active."""
    conditions = []
    for rt in report_types().values():
        held = [p for p in service.viewing_permissions(rt) if can(user, p)]
        if not held:
            continue
        condition = and_(Submission.report_type_key == rt.key,
                         or_(*[Submission.unit_id.in_(visible_unit_ids(user, p)) for p in held]))
        active = active_units_clause(rt.key.split(".", 1)[0], Submission.unit_id)
        conditions.append(condition if active is None else and_(condition, active))
    return select(Submission).where(or_(*conditions) if conditions else false())


def _types_for(user, role: str) -> list:
    return [rt for rt in report_types().values()
            if any(can(user, p) for p in service.role_permissions(rt, role))]


def _units_for(user, report_types_, role: str) -> list[tuple[int, str]]:
    permissions = {p for rt in report_types_ for p in service.role_permissions(rt, role)}
    if not permissions:
        return []
    stmt = (select(Unit).where(Unit.status == UNIT_ACTIVE,
                               or_(*[Unit.id.in_(visible_unit_ids(user, p)) for p in sorted(permissions)]))
            .order_by(Unit.code).limit(UNITS_IN_LISTS))
    return [(u.id, f"{u.code} — {u.name}") for u in db.session.scalars(stmt)]


def _load(submission_id: int) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        abort(404)
    try:
        get_report_type(submission.report_type_key)
    except KeyError:
        abort(404)
    if not service.may_view(current_user, submission):
        abort(403)
    return submission


def _detail_url(submission) -> str:
    return url_for(".detail", submission_id=submission.id)


def _links(submission, report_type) -> dict:
    functions = current_app.view_functions
    links = {}
    if EXPORT_ENDPOINT in functions:
        links["exports"] = [(label, url_for(EXPORT_ENDPOINT, submission_id=submission.id, fmt=fmt))
                            for fmt, label in EXPORT_FORMATS]
    if SIGN_ENDPOINT in functions and service.holds(current_user, report_type, "send", submission.unit_id) \
            and submission.status in (APPROVED, SIGNED, SENT):
        links["sign"] = url_for(SIGN_ENDPOINT, submission_id=submission.id)
    if report_type.entry_endpoint and report_type.entry_endpoint in functions:
        links["entry"] = url_for(report_type.entry_endpoint, submission_id=submission.id)
    return links


def _after_create_url(submission) -> str:
    """The plugin's own entry page when its report type has one, else the report page."""
    report_type = service.report_type_of(submission)
    if report_type.entry_endpoint and report_type.entry_endpoint in current_app.view_functions:
        return url_for(report_type.entry_endpoint, submission_id=submission.id)
    return _detail_url(submission)


def _render_detail(submission, form=None, status=200, conflict=None, return_form=None):
    report_type = service.report_type_of(submission)
    actions = service.allowed_actions(current_user, submission)
    links = _links(submission, report_type)
    if "entry" in links and "save" not in actions:
        del links["entry"]
    if "entry" in links:
        form = None
        actions = actions - {"save"}
    elif form is None and "save" in actions:
        form = data_form(report_type, submission)
    final = service.last_final_version(submission) if submission.status in service.EDITABLE else None
    sources = consolidation.latest_sources(submission) if submission.is_consolidated else None
    return render_template(
        "workflow/detail.html", submission=submission, report_type=report_type, actions=actions,
        form=form if "save" in actions else None, conflict=conflict,
        history=display.history(report_type, service.versions(submission)),
        final=final, final_changes=values.diff(report_type, final.data, submission.data) if final else [],
        sources=sources, links=links, obligation=submission.obligation,
        return_form=return_form or ReturnForm(formdata=None), confirm_form=ConfirmForm(formdata=None),
        users=_actors(submission),
    ), status


def _actors(submission) -> dict:
    from platform_core.accounts.models import User

    ids = {v.actor_id for v in submission.versions if v.actor_id}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


# ---------------------------------------------------------------- list

@bp.route("")
@login_required
def index():
    form = SubmissionFilterForm(formdata=request.args)
    visible_types = [(rt.key, rt.title) for rt in report_types().values()
                     if any(can(current_user, p) for p in service.viewing_permissions(rt))]
    form.set_choices(display.STATUS_LABELS, visible_types)
    page = None
    if form.validate():
        stmt = visible_submissions(current_user)
        if form.status.data:
            stmt = stmt.where(Submission.status == form.status.data)
        if form.report_type.data:
            stmt = stmt.where(Submission.report_type_key == form.report_type.data)
        if form.unit.data:
            text = form.unit.data
            stmt = stmt.where(Submission.unit_id.in_(select(Unit.id).where(or_(
                Unit.code.icontains(text, autoescape=True), Unit.name.icontains(text, autoescape=True)))))
        if form.period.data:
            stmt = stmt.where(Submission.period_key.startswith(form.period.data, autoescape=True))
        page = paginate(stmt.order_by(Submission.updated_at.desc(), Submission.id.desc()))
    consolidate_form = None
    consolidatable = _types_for(current_user, "consolidate")
    if consolidatable:
        consolidate_form = ConsolidateForm(formdata=None)
        consolidate_form.report_type.choices = [(rt.key, rt.title) for rt in consolidatable]
        consolidate_form.unit.choices = _units_for(current_user, consolidatable, "consolidate")
    return render_template("workflow/index.html", form=form, page=page, consolidate_form=consolidate_form,
                           may_create=bool(_types_for(current_user, "enter")),
                           type_titles=dict(visible_types))


# ---------------------------------------------------------------- new report

def _obligation_for_new(obligation_id) -> tuple[Obligation | None, object | None]:
    if not obligation_id:
        return None, None
    try:
        obligation = db.session.get(Obligation, int(obligation_id))
    except (TypeError, ValueError):
        abort(404)
    if obligation is None:
        abort(404)
    matching = [rt for rt in report_types().values() if obligation.rule_key in rt.rule_keys]
    if not matching:
        abort(404)
    report_type = matching[0]
    if not service.holds(current_user, report_type, "enter", obligation.unit_id):
        abort(403)
    return obligation, report_type


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    enterable = _types_for(current_user, "enter")
    if not enterable:
        abort(403)
    form = NewSubmissionForm()
    obligation, from_obligation = _obligation_for_new(request.values.get("obligation"))
    if obligation is not None:
        existing = service.existing_submission(from_obligation.key, obligation.unit_id, obligation.period_key,
                                               obligation)
        if existing is not None:
            return redirect(_detail_url(existing))
        if not form.is_submitted():
            form.obligation.data = str(obligation.id)
            form.report_type.data, form.unit.data, form.period.data = (
                from_obligation.key, obligation.unit_id, obligation.period_key)
    if obligation is not None:
        form.report_type.choices = [(from_obligation.key, from_obligation.title)]
        form.unit.choices = [(obligation.unit_id, obligation.unit.name)]
    else:
        form.report_type.choices = [(rt.key, rt.title) for rt in enterable]
        form.unit.choices = _units_for(current_user, enterable, "enter")
    status = 200
    if form.validate_on_submit():
        unit = db.session.get(Unit, form.unit.data)
        try:
            submission = service.create_draft(
                form.report_type.data, unit, current_user, obligation=obligation, title=form.title.data,
                period_key=None if obligation is not None else form.period.data)
        except service.AlreadyExists as exc:
            flash(_("Đơn vị đã có báo cáo này cho kỳ này; mở báo cáo đã có."), "info")
            return redirect(_detail_url(exc.submission))
        except service.Forbidden:
            abort(403)
        except service.WorkflowError as exc:
            form.period.errors = [*form.period.errors, str(exc)]
            status = 400
        else:
            flash(_("Đã lập báo cáo nháp; nhập số liệu rồi lưu."), "success")
            return redirect(_after_create_url(submission))
    elif form.is_submitted():
        status = 400
    return render_template("workflow/new.html", form=form, obligation=obligation), status


# ---------------------------------------------------------------- one report

@bp.route("/<int:submission_id>", methods=["GET", "POST"])
@login_required
def detail(submission_id):
    submission = _load(submission_id)
    if request.method == "GET":
        return _render_detail(submission)
    report_type = service.report_type_of(submission)
    if not service.holds(current_user, report_type, "enter", submission.unit_id, submission):
        abort(403)
    form = data_form(report_type, submission, formdata=request.form)
    if not form.validate_on_submit():
        return _render_detail(submission, form=form, status=400)
    try:
        service.save_data(submission, current_user, form.values(), form.lock_version.data)
    except service.Forbidden:
        abort(403)
    except service.InvalidData as exc:
        form.set_errors(exc.errors)
        flash(str(exc), "error")
        return _render_detail(submission, form=form, status=400)
    except service.StaleData as exc:
        db.session.expire_all()
        submission = db.session.get(Submission, submission_id)
        form.lock_version.data = str(submission.lock_version)
        flash(str(exc), "error")
        return _render_detail(submission, form=form, status=409, conflict=submission.data or {})
    except service.WorkflowError as exc:
        flash(str(exc), "error")
        return redirect(_detail_url(submission))
    flash(_("Đã lưu số liệu."), "success")
    return redirect(_detail_url(submission))


_DONE = {
    "submit": _l("Đã nộp báo cáo."),
    "return": _l("Đã trả lại báo cáo cho đơn vị."),
    "approve": _l("Đã phê duyệt báo cáo."),
    "send": _l("Đã gửi báo cáo."),
    "amend": _l("Đã tạo phiên bản điều chỉnh; sửa số liệu rồi nộp lại."),
    "consolidate": _l("Đã tổng hợp lại số liệu từ các đơn vị cấp dưới."),
}


def _run(action, submission, report_type):
    if action == "submit":
        return service.submit(submission, current_user)
    if action == "return":
        return service.return_for_correction(submission, current_user, request.form.get("reason", ""))
    if action == "approve":
        return service.approve(submission, current_user)
    if action == "send":
        return service.send(submission, current_user)
    if action == "amend":
        return service.amend(submission, current_user)
    return service.consolidate(submission.unit, report_type.key, submission.period_key, current_user)


@bp.route("/<int:submission_id>/<action>", methods=["POST"])
@login_required
def transition(submission_id, action):
    if action not in ACTIONS:
        abort(404)
    submission = _load(submission_id)
    report_type = service.report_type_of(submission)
    role, needs_confirmation = ACTIONS[action]
    if not service.holds(current_user, report_type, role, submission.unit_id, submission):
        abort(403)
    if needs_confirmation and not ConfirmForm().confirm.data:
        flash(_("Đánh dấu ô “Tôi đã kiểm tra và xác nhận” trước khi thực hiện."), "warning")
        return redirect(_detail_url(submission))
    if action == "return":
        return_form = ReturnForm()
        if not return_form.validate():
            flash(_("Nhập lý do trả lại để đơn vị biết cần sửa gì."), "error")
            return _render_detail(submission, status=400, return_form=return_form)
    try:
        _run(action, submission, report_type)
    except service.Forbidden:
        abort(403)
    except service.InvalidData as exc:
        flash(" ".join([str(exc), *exc.errors.values()]), "error")
    except service.WorkflowError as exc:
        flash(str(exc), "error")
    else:
        flash(str(_DONE[action]), "success")
    return redirect(_detail_url(submission))


# ---------------------------------------------------------------- consolidation

@bp.route("/consolidate", methods=["POST"])
@login_required
def consolidate():
    consolidatable = _types_for(current_user, "consolidate")
    if not consolidatable:
        abort(403)
    form = ConsolidateForm()
    form.report_type.choices = [(rt.key, rt.title) for rt in consolidatable]
    form.unit.choices = _units_for(current_user, consolidatable, "consolidate")
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for(".index"))
    unit = db.session.get(Unit, form.unit.data)
    try:
        parent = service.consolidate(unit, form.report_type.data, form.period.data, current_user)
    except service.Forbidden:
        abort(403)
    except service.WorkflowError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".index"))
    flash(_("Đã tổng hợp báo cáo của %(unit)s từ các đơn vị cấp dưới.", unit=unit.name), "success")
    return redirect(_detail_url(parent))
