"""Data entry of a regime's report (RPT-05; QĐ 09/2024 Đ11.1–11.4): the outline as text boxes and each
data table as a grid, saved through the core workflow, which reads the values and runs the regime's
checks (``validation.validate``); values outside their plausible range are shown at the cell and must be
confirmed before the report is submitted. Approving, returning, signing and sending stay on the core's
report page (``workflow.detail``), linked from here.

A consolidated report (a district's, built from its communes') shows beside each cell the values of the
child units that went into it at the latest consolidation (the core's ``sources``, so it holds whoever
the regime says contributes) and names the units still missing; "Tổng hợp lại" posts to the core's
consolidate action.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import BooleanField, HiddenField

from platform_core.extensions import db
from platform_core.forms import BaseForm
from platform_core.workflow import consolidation, service
from platform_core.workflow.models import Submission
from plugins.provincial_reports import fields, grid, validation
from plugins.provincial_reports.blueprint import bp

PREFIX = "v_"
MAX_ID = 2**31 - 1  # larger ids cannot exist, and PostgreSQL refuses to compare an integer column with them

bp.app_template_global("provincial_reports_grid")(grid.of)
bp.app_template_global("provincial_reports_period")(grid.period_text)


class EntryForm(BaseForm):
    """The grid's inputs are read from the request by name (``v_<field>``); the form carries the CSRF
    token, the version the page was built on and the confirmation of unusual values."""

    lock_version = HiddenField()
    confirm_warnings = BooleanField(_l("Tôi xác nhận các giá trị bất thường là đúng"))


def _load(submission_id: int):
    submission = db.session.get(Submission, submission_id) if 0 < submission_id <= MAX_ID else None
    if submission is None:
        abort(404)
    if not service.may_view(current_user, submission):
        abort(403)
    try:
        report_type = service.report_type_of(submission)
    except service.WorkflowError:
        abort(404)
    version = fields.version_of(report_type.key)
    if version is None:
        abort(404)
    return submission, report_type, version


def _entry_url(submission) -> str:
    return url_for("provincial_reports.entry", submission_id=submission.id)


def _children(submission, g) -> tuple[dict | None, dict]:
    """``(child values by field, sources)`` of a consolidated report's latest consolidation (the core records
    which child reports and values went into each figure); ``(None, {})`` for another report."""
    if not submission.is_consolidated:
        return None, {}
    sources = consolidation.latest_sources(submission) or {}
    names = {c["unit_code"]: c["unit_name"] for c in sources.get("children", [])}
    kinds, by_field = g.kinds, {}
    for name, traces in (sources.get("fields") or {}).items():
        if name in kinds:
            by_field[name] = [(names.get(t.get("unit_code"), t.get("unit_code")),
                               grid.display_text(kinds[name], t.get("value"))) for t in traces]
    return by_field, sources


def _render(submission, report_type, version, g, form, values, *, errors=None, warnings=None, conflict=None,
            status=200):
    actions = service.allowed_actions(current_user, submission)
    editable = "save" in actions
    form.lock_version.data = str(submission.lock_version)
    children, sources = _children(submission, g)
    child_rows = sources.get("children", [])
    if not editable:
        values = grid.display_values(g, submission.data or {})
    else:
        values = dict(grid.input_values(g, submission.data or {}) if values is None else values)
        # Computed cells are shown, never typed: they read like every other figure.
        values.update({c.name: grid.display_text(c.kind, (submission.data or {}).get(c.name))
                       for c in g.cells if c.computed})
    warnings = validation.warnings(report_type, submission.data or {}) if warnings is None else warnings
    return render_template(
        "provincial_reports/entry.html", submission=submission, report_type=report_type, version=version,
        regime=version.regime, g=g, form=form, values=values, errors=errors or {}, warnings=warnings,
        conflict=conflict, editable=editable, actions=actions, children=children, child_rows=child_rows,
        missing=[c for c in child_rows if c.get("missing")], consolidated_at=sources.get("consolidated_at"),
        prefix=PREFIX,
    ), status


def _typed(report_type, g) -> tuple[dict, dict]:
    """``(data for the service, what the inputs show again)`` from the posted form."""
    data = {f.name: request.form.get(PREFIX + f.name, "") for f in report_type.fields}
    shown = {name: value for name, value in data.items() if value}
    for cell in g.cells:
        if cell.computed:
            shown.pop(cell.name, None)
    return data, shown


@bp.route("/submissions/<int:submission_id>/entry", methods=["GET", "POST"])
@login_required
def entry(submission_id):
    submission, report_type, version = _load(submission_id)
    g = grid.build(version.definition or {})
    if request.method == "GET":
        return _render(submission, report_type, version, g, EntryForm(formdata=None), None)
    if not service.holds(current_user, report_type, "enter", submission.unit_id, submission):
        abort(403)
    if submission.status not in service.EDITABLE:
        flash(_("Báo cáo không ở trạng thái được sửa (chỉ sửa khi đang soạn hoặc bị trả lại)."), "error")
        return redirect(_entry_url(submission))
    form = EntryForm()
    if not form.validate_on_submit():
        flash(_("Biểu mẫu đã hết hạn; tải lại trang rồi nhập lại."), "error")
        return _render(submission, report_type, version, g, form, None, status=400)
    data, shown = _typed(report_type, g)
    try:
        service.save_data(submission, current_user, data, form.lock_version.data)
    except service.Forbidden:
        abort(403)
    except service.InvalidData as exc:
        flash(str(exc), "error")
        return _render(submission, report_type, version, g, form, shown, errors=exc.errors, warnings={}, status=400)
    except service.StaleData as exc:
        db.session.expire_all()
        submission = db.session.get(Submission, submission_id)
        flash(str(exc), "error")
        stored = submission.data or {}
        theirs, as_typed = grid.display_values(g, stored), grid.input_values(g, stored)
        computed = {c.name for c in g.cells if c.computed}
        conflict = {name: theirs.get(name, "") for name in g.kinds
                    if name not in computed and as_typed.get(name, "") != (data.get(name) or "").strip()}
        return _render(submission, report_type, version, g, form, shown, conflict=conflict, warnings={}, status=409)
    except service.WorkflowError as exc:
        flash(str(exc), "error")
        return redirect(_entry_url(submission))
    if request.form.get("action") == "submit":
        return _submit(submission, report_type, version, g, form)
    flash(_("Đã lưu số liệu."), "success")
    if validation.warnings(report_type, submission.data or {}):
        flash(_("Có giá trị nằm ngoài khoảng thường gặp (ô tô vàng); kiểm tra lại, và xác nhận khi nộp nếu đúng."),
              "warning")
    return redirect(_entry_url(submission))


def _submit(submission, report_type, version, g, form):
    """Submit what was just saved; unusual values need the confirmation box ticked."""
    warnings = validation.warnings(report_type, submission.data or {})
    if warnings and not form.confirm_warnings.data:
        flash(_("Đã lưu số liệu nhưng chưa nộp: có giá trị nằm ngoài khoảng thường gặp. Kiểm tra các ô được đánh "
                "dấu; nếu đúng, đánh dấu ô “Tôi xác nhận các giá trị bất thường là đúng” rồi nộp lại."), "warning")
        return _render(submission, report_type, version, g, form, None, warnings=warnings, status=400)
    try:
        service.submit(submission, current_user)
    except service.Forbidden:
        abort(403)
    except service.InvalidData as exc:
        flash(_("Đã lưu số liệu nhưng chưa nộp: còn ô bắt buộc chưa nhập."), "error")
        return _render(submission, report_type, version, g, form, None, errors=exc.errors, status=400)
    except service.WorkflowError as exc:
        flash(str(exc), "error")
        return redirect(_entry_url(submission))
    flash(_("Đã nộp báo cáo; lãnh đạo đơn vị xem và phê duyệt trên trang báo cáo."), "success")
    return redirect(url_for("workflow.detail", submission_id=submission.id))
