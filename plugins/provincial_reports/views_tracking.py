"""Pages: the reports a unit owes ("my reports"), tracking who has reported for a period, and the yearly
compliance score with its Excel export (RPT-07, RPT-10)."""
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, or_, select

from platform_core.access import can, permission_required, visible_unit_ids
from platform_core.access.service import is_system_admin
from platform_core.dashboard.charts import compliance_bars
from platform_core.dashboard.compliance import Counts
from platform_core.extensions import db
from platform_core.obligations import service as obligations
from platform_core.obligations.display import period_label
from platform_core.obligations.models import Obligation
from platform_core.pagination import paginate
from platform_core.timeutil import local_today
from platform_core.workflow import service as workflow
from platform_core.workflow.models import Submission
from plugins.provincial_reports import consolidation, scoring, tracking
from plugins.provincial_reports.assignment import resolve_units
from plugins.provincial_reports.blueprint import bp
from plugins.provincial_reports.fields import version_of
from plugins.provincial_reports.models import STATUS_DRAFT, Regime

VIEW = "provincial_reports.report.view"
ENTER = "provincial_reports.report.enter"
CONSOLIDATE = "provincial_reports.report.consolidate"
RECORD = "core.obligations.record"
OBLIGATION_VIEW = "core.obligations.view"
ENTRY_ENDPOINT = "provincial_reports.entry"
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _scope():
    """The units the user may see reports of: None (all) for a system administrator."""
    return None if is_system_admin(current_user) else visible_unit_ids(current_user, VIEW)


def _endpoint(name: str) -> bool:
    return name in current_app.view_functions


# ---------------------------------------------------------------- my reports

def _regimes_by_rule(keys) -> dict[str, Regime]:
    out = {}
    for key in set(keys):
        version = version_of(key)
        if version is not None:
            out[key] = version.regime
    return out


@bp.route("/my-reports")
@permission_required(VIEW)
def my_reports():
    show = request.args.get("show", "pending")
    if show not in ("pending", "all"):
        show = "pending"
    stmt = select(Obligation).where(Obligation.rule_key.startswith(tracking.RULE_PREFIX, autoescape=True))
    scope = _scope()
    if scope is not None:
        stmt = stmt.where(Obligation.unit_id.in_(scope))
    pending = Obligation.status.in_(obligations.PENDING)
    if show == "pending":  # what can be reported now: unsent, of periods already begun
        stmt = stmt.where(pending, or_(Obligation.period_start.is_(None), Obligation.period_start <= local_today()))
    stmt = stmt.order_by(case((pending, 0), else_=1), Obligation.due_at, Obligation.id)
    page = paginate(stmt)
    ids = [ob.id for ob in page.items] or [-1]
    submissions = {s.obligation_id: s for s in db.session.scalars(
        select(Submission).where(Submission.obligation_id.in_(ids)))}
    regimes = _regimes_by_rule(ob.rule_key for ob in page.items)
    rows, assigned = [], {}
    for ob in page.items:
        regime, open_ = regimes.get(ob.rule_key), ob.id not in submissions and ob.status in obligations.PENDING
        if open_ and regime is not None and regime.id not in assigned:
            assigned[regime.id] = resolve_units(regime)
        consolidates = open_ and regime is not None and bool(
            consolidation.contributors(regime, ob.unit, assigned[regime.id]))
        rows.append({"obligation": ob, "regime": regime, "submission": submissions.get(ob.id),
                     "status": tracking.status_of(ob), "consolidates": consolidates,
                     "may_start": open_ and can(current_user, CONSOLIDATE if consolidates else ENTER, ob.unit_id)})
    return render_template("provincial_reports/tracking/my_reports.html", page=page, rows=rows, show=show,
                           labels=tracking.STATUS_LABELS, period_label=period_label)


@bp.route("/my-reports/<int:obligation_id>/start", methods=["POST"])
@permission_required(VIEW)
def start_report(obligation_id):
    """Open the unit's report for the obligation: a blank draft, or — for a unit that consolidates others
    under the regime (a district, a lead department) — the consolidation of their approved reports."""
    from platform_core.forms import BaseForm

    ob = db.session.get(Obligation, obligation_id)
    version = version_of(ob.rule_key) if ob is not None and ob.rule_key.startswith(tracking.RULE_PREFIX) else None
    if version is None:
        abort(404)
    consolidates = bool(consolidation.contributors(version.regime, ob.unit))
    if not can(current_user, CONSOLIDATE if consolidates else ENTER, ob.unit_id):
        abort(403)
    if not BaseForm().validate_on_submit():
        abort(400)
    try:
        if consolidates:
            submission = consolidation.consolidate(version.regime, ob.rule_key, ob.unit, ob.period_key, current_user)
        else:
            submission = workflow.create_draft(ob.rule_key, ob.unit, current_user, obligation=ob)
    except workflow.AlreadyExists as exc:
        return redirect(url_for("workflow.detail", submission_id=exc.submission.id))
    except workflow.Forbidden:
        abort(403)
    except workflow.WorkflowError as exc:
        flash(str(exc), "error")
        return redirect(url_for("provincial_reports.my_reports"))
    flash(_("Đã tổng hợp số liệu từ báo cáo đã duyệt của các đơn vị; kiểm tra, bổ sung rồi nộp.") if consolidates
          else _("Đã lập báo cáo nháp; nhập số liệu rồi lưu."), "success")
    if _endpoint(ENTRY_ENDPOINT):
        return redirect(url_for(ENTRY_ENDPOINT, submission_id=submission.id))
    return redirect(url_for("workflow.detail", submission_id=submission.id))


# ---------------------------------------------------------------- tracking

def _tracking_scope(regime):
    """Whom the user may follow for ``regime``: the units they may see, or — for the body that receives or
    leads the regime's reports (Văn phòng UBND tỉnh, Sở Kế hoạch và Đầu tư) — every unit, so it sees the
    reports arrive."""
    receivers = {regime.receiving_unit_id, regime.lead_unit_id} - {None}
    if any(can(current_user, VIEW, unit_id) for unit_id in receivers):
        return None
    return _scope()


def _bad_request(template: str, message: str, status: int = 400, **context):
    return render_template(template, error=message, **context), status


def _units_with(rows, permission: str, endpoint: str) -> set[int]:
    """Units of ``rows`` on which the user may use the core page ``endpoint`` (it needs ``permission``)."""
    if not _endpoint(endpoint):
        return set()
    return {r.unit.id for r in rows if can(current_user, permission, r.unit.id)}


@bp.route("/tracking", endpoint="tracking")
@permission_required(VIEW)
def tracking_page():
    regimes = db.session.scalars(select(Regime).where(Regime.status != STATUS_DRAFT).order_by(Regime.code)).all()
    context = {"regimes": regimes, "regime": None, "periods": [], "period": None, "rows": [], "counts": None,
               "chart": None, "labels": tracking.STATUS_LABELS, "period_label": period_label}
    template = "provincial_reports/tracking/tracking.html"
    raw = request.args.get("regime", "").strip()
    if raw and not raw.isdigit():
        return _bad_request(template, _("Chế độ báo cáo không hợp lệ."), **context)
    regime = next((r for r in regimes if str(r.id) == raw), None) if raw else (regimes[0] if regimes else None)
    if raw and regime is None:
        return _bad_request(template, _("Không có chế độ báo cáo này."), 404, **context)
    if regime is None:
        return render_template(template, error=None, **context)
    periods = tracking.periods_of(regime)
    period = request.args.get("period", "").strip() or tracking.current_period(regime)
    context.update(regime=regime, periods=periods, period=period)
    if period and period not in periods:
        return _bad_request(template, _("Chế độ báo cáo này không có kỳ %(period)s.", period=period), 404, **context)
    rows = tracking.period_status(regime, period, _tracking_scope(regime)) if period else []
    counts = tracking.counts(rows)
    figures = Counts(expected=len(rows) - counts[tracking.WAIVED], on_time=counts[tracking.ON_TIME],
                     late=counts[tracking.LATE], missing=counts[tracking.OVERDUE],
                     not_yet_due=counts[tracking.PENDING])
    chart = compliance_bars([(period_label(period), figures)], title=_("Tình hình gửi báo cáo kỳ %(period)s",
                                                                      period=period_label(period))) if rows else None
    context.update(rows=rows, counts=counts, figures=figures, chart=chart,
                   may_record=_units_with(rows, RECORD, "obligations.record_receipt"),
                   may_open=_units_with(rows, OBLIGATION_VIEW, "obligations.detail"))
    return render_template(template, error=None, **context)


# ---------------------------------------------------------------- compliance

def _year(value) -> int | None:
    text = str(value or "").strip()
    if not text:
        return local_today().year
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        return None
    return int(text)


@bp.route("/compliance")
@permission_required(VIEW)
def compliance():
    year = _year(request.args.get("year"))
    if year is None:
        return render_template("provincial_reports/tracking/compliance.html", year=None, scores=[],
                               error=_("Năm không hợp lệ; nhập năm từ %(first)s đến %(last)s.", first=FIRST_YEAR,
                                       last=LAST_YEAR), grace_days=scoring.GRACE_WORKING_DAYS,
                               score_text=scoring.score_text), 400
    scores = scoring.compliance_scores(year, _scope())
    return render_template("provincial_reports/tracking/compliance.html", year=year, scores=scores, error=None,
                           grace_days=scoring.GRACE_WORKING_DAYS, score_text=scoring.score_text)


@bp.route("/compliance/<int:year>.xlsx")
@permission_required(VIEW)
def compliance_xlsx(year):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    content = scoring.compliance_workbook(year, scoring.compliance_scores(year, _scope()))
    return Response(content, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="diem-chap-hanh-bao-cao-{year}.xlsx"'})
