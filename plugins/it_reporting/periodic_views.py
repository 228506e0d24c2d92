"""Pages of the periodic IT-application report (IT-04, IT-05, IT-08…IT-10), attached to ``views.bp``:

- ``/periodic``: which units have sent the report of a period, late or not at all;
- ``/periodic/<period>/consolidated``: the ministry's consolidated report, built by the IT department from
  what the units sent, late and missing units marked (Đ20.1.a), exported to PDF and Word;
- ``/ranking``: the ranking of the units (table, chart, PDF and Word, publication on the public page);
- ``/adhoc``: ad-hoc requests and the form that issues them (Đ14).

Entering, approving and sending the reports themselves are the core's report pages (``/reports``).
"""
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from platform_core import db
from platform_core.access import can, permission_required, require, visible_unit_ids
from platform_core.audit import record
from platform_core.obligations import service as obligations
from platform_core.units.models import UNIT_ACTIVE, Unit
from platform_core.workflow import service as workflow
from plugins.it_reporting import ADHOC_ISSUE, CONSOLIDATE, EDIT, EXPORT, SEND, VIEW, periodic, periodic_export, ranking
from plugins.it_reporting.periodic_adhoc import issue, requests
from plugins.it_reporting.periodic_forms import ActionForm, AdHocRequestForm
from plugins.it_reporting.periodic_status import (
    FINAL,
    consolidated_submission,
    consolidation_children,
    current_period,
    last_consolidation,
    mic_obligation,
    ministry_obligation,
    page_marks,
    parse_period,
    recent_periods,
    state_labels,
    unit_rows,
)
from plugins.it_reporting.ranking_chart import score_bars
from plugins.it_reporting.views import bp

bp.add_app_template_global(periodic_export.blocks, "it_reporting_blocks")
bp.add_app_template_global(periodic_export.consolidation, "it_reporting_consolidation")

FORMATS = "<any(pdf, docx):fmt>"
OBLIGATIONS_VIEW = "core.obligations.view"


def _ministry() -> Unit:
    parent = periodic.ministry()
    if parent is None:
        abort(404, _("Chưa có đơn vị Cục Công nghệ thông tin (thiết lập IT_DEPARTMENT_UNIT)."))
    return parent


def _period(text):
    period = parse_period(text)
    if period is None:
        abort(404)
    return period


def _chosen_period():
    text = request.args.get("period")
    return parse_period(text) if text else current_period()


def _download(data: bytes, filename: str, mimetype: str):
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- overview

@bp.route("/periodic")
@permission_required(VIEW)
def periodic_index():
    parent = _ministry()
    period = _chosen_period()
    if period is None:
        abort(404)
    rows = unit_rows(parent, period, current_user)
    return render_template(
        "it_reporting/periodic_index.html", parent=parent, period=period, periods=recent_periods(), rows=rows,
        labels=state_labels(), consolidated=consolidated_submission(parent, period),
        editable={row.unit.id for row in rows if can(current_user, EDIT, row.unit)},
        obligation_units={row.unit.id for row in rows if can(current_user, OBLIGATIONS_VIEW, row.unit)},
        may_see_ministry=can(current_user, VIEW, parent))


# ---------------------------------------------------------------- the ministry's consolidated report

@bp.route("/periodic/<period_key>/consolidated")
@permission_required(VIEW)
def periodic_consolidated(period_key):
    period = _period(period_key)
    parent = _ministry()
    require(can(current_user, VIEW, parent))
    submission = consolidated_submission(parent, period)
    version = last_consolidation(submission) if submission is not None else None
    mic = mic_obligation(parent, period)
    return render_template(
        "it_reporting/periodic_consolidated.html", parent=parent, period=period, submission=submission,
        version=version, children=consolidation_children(submission) if submission is not None else [],
        marks=page_marks(), rows=unit_rows(parent, period, current_user), labels=state_labels(),
        obligation=ministry_obligation(parent, period), mic=mic, form=ActionForm(),
        may_consolidate=can(current_user, CONSOLIDATE, parent), may_export=can(current_user, EXPORT, parent),
        may_mark_mic=(mic is not None and mic.status in obligations.PENDING and submission is not None
                      and submission.status in FINAL and can(current_user, SEND, parent)))


@bp.route("/periodic/<period_key>/consolidate", methods=["POST"])
@permission_required(CONSOLIDATE)
def periodic_consolidate(period_key):
    period = _period(period_key)
    parent = _ministry()
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        submission = workflow.consolidate(parent, periodic.PERIODIC, period.key, current_user)
    except workflow.Forbidden:
        abort(403)
    except workflow.WorkflowError as exc:
        flash(str(exc), "error")
    else:
        version = last_consolidation(submission)
        flash(_("Đã tổng hợp báo cáo của Bộ %(period)s. %(note)s", period=period.label,
                note=version.note if version is not None else ""), "success")
    return redirect(url_for(".periodic_consolidated", period_key=period.key))


@bp.route(f"/periodic/<period_key>/consolidated.{FORMATS}")
@permission_required(EXPORT)
def periodic_consolidated_export(period_key, fmt):
    period = _period(period_key)
    parent = _ministry()
    require(can(current_user, EXPORT, parent))
    submission = consolidated_submission(parent, period)
    if submission is None:
        abort(404)
    require(workflow.may_view(current_user, submission))
    build = periodic_export.consolidated_pdf if fmt == "pdf" else periodic_export.consolidated_docx
    data, filename, mimetype = build(submission)
    record("export", object_type="submission", object_id=submission.id, unit_id=submission.unit_id,
           summary=f"Xuất {fmt.upper()} báo cáo tổng hợp tình hình ứng dụng CNTT", changes={"format": fmt})
    db.session.commit()
    return _download(data, filename, mimetype)


@bp.route("/periodic/<period_key>/mic", methods=["POST"])
@permission_required(SEND)
def periodic_mic_sent(period_key):
    """Record that the ministry's report of the year went to MIC (Đ13.5), once the consolidated annual report
    is approved."""
    period = _period(period_key)
    parent = _ministry()
    require(can(current_user, SEND, parent))
    if not ActionForm().validate_on_submit():
        abort(400)
    mic, submission = mic_obligation(parent, period), consolidated_submission(parent, period)
    if mic is None or submission is None or submission.status not in FINAL:
        flash(_("Chỉ ghi nhận được khi báo cáo tổng hợp năm của Bộ đã được phê duyệt."), "error")
    else:
        try:
            obligations.mark_submitted(mic)
        except obligations.ObligationError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Đã ghi nhận gửi báo cáo năm của Bộ tới Bộ Thông tin và Truyền thông."), "success")
    return redirect(url_for(".periodic_consolidated", period_key=period.key))


# ---------------------------------------------------------------- ranking

@bp.route("/ranking")
@permission_required(VIEW)
def ranking_index():
    parent = _ministry()
    require(can(current_user, VIEW, parent))
    period = _chosen_period()
    if period is None:
        abort(404)
    rows = ranking.compute(parent, period.key)
    title = _("Điểm ứng dụng CNTT của các đơn vị — %(period)s", period=period.label)
    return render_template(
        "it_reporting/ranking.html", parent=parent, period=period, periods=recent_periods(), rows=rows,
        indicators=ranking.INDICATORS, chart=score_bars(rows, title) if any(r.score is not None for r in rows)
        else None, publication=ranking.publication(period.key), form=ActionForm(),
        may_publish=can(current_user, CONSOLIDATE, parent), may_export=can(current_user, EXPORT, parent),
        score_text=periodic_export.score_text)


@bp.route(f"/ranking/<period_key>.{FORMATS}")
@permission_required(EXPORT)
def ranking_export(period_key, fmt):
    period = _period(period_key)
    parent = _ministry()
    require(can(current_user, EXPORT, parent))
    rows = ranking.compute(parent, period.key)
    build = periodic_export.ranking_pdf if fmt == "pdf" else periodic_export.ranking_docx
    data, filename, mimetype = build(parent, period.key, period.label, rows)
    record("export", object_type=ranking.OBJECT_TYPE, object_id=period.key, unit_id=parent.id,
           summary=f"Xuất {fmt.upper()} kết quả xếp hạng ứng dụng CNTT", changes={"format": fmt})
    db.session.commit()
    return _download(data, filename, mimetype)


@bp.route("/ranking/<period_key>/<any(publish, withdraw):action>", methods=["POST"])
@permission_required(CONSOLIDATE)
def ranking_publication(period_key, action):
    period = _period(period_key)
    parent = _ministry()
    require(can(current_user, CONSOLIDATE, parent))
    if not ActionForm().validate_on_submit():
        abort(400)
    published = ranking.publication(period.key) is not None
    if action == "publish":
        rows = ranking.compute(parent, period.key)
        if not any(r.score is not None for r in rows):
            flash(_("Chưa có báo cáo nào được duyệt để xếp hạng."), "error")
        else:
            department = periodic.it_department() or parent
            ranking.publish(parent, period.key, period.label, rows, current_user,
                            f"{department.name} tổng hợp từ báo cáo đã phê duyệt của các đơn vị")
            flash(_("Đã công bố kết quả xếp hạng %(period)s trên trang công khai.", period=period.label), "success")
    elif published:
        ranking.withdraw(parent, period.key, period.label, current_user)
        flash(_("Đã thôi công bố kết quả xếp hạng %(period)s.", period=period.label), "success")
    return redirect(url_for(".ranking_index", period=period.key))


# ---------------------------------------------------------------- ad-hoc requests

def _requestable_units(parent: Unit) -> list[Unit]:
    stmt = (select(Unit).where(Unit.parent_id == parent.id, Unit.status == UNIT_ACTIVE,
                               Unit.id.in_(visible_unit_ids(current_user, ADHOC_ISSUE)))
            .order_by(Unit.code))
    return list(db.session.scalars(stmt))


@bp.route("/adhoc")
@permission_required(VIEW)
def adhoc_index():
    return render_template("it_reporting/adhoc_index.html", requests=requests(current_user),
                           may_issue=can(current_user, ADHOC_ISSUE))


@bp.route("/adhoc/new", methods=["GET", "POST"])
@permission_required(ADHOC_ISSUE)
def adhoc_new():
    units = _requestable_units(_ministry())
    form = AdHocRequestForm()
    form.units.choices = [(u.id, u.name) for u in units]
    status = 200
    if form.validate_on_submit():
        chosen = [u for u in units if u.id in set(form.units.data)]
        try:
            created = issue(chosen, form.due(), form.content.data)
        except obligations.ObligationError as exc:
            flash(str(exc), "error")
            status = 422
        else:
            flash(_("Đã gửi yêu cầu báo cáo đột xuất tới %(n)s đơn vị.", n=len(created)), "success")
            return redirect(url_for(".adhoc_index"))
    elif request.method == "POST":
        status = 422
    return render_template("it_reporting/adhoc_new.html", form=form), status
