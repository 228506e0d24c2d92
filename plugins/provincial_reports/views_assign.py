"""Pages: assigning a regime to units (RPT-03) and removing an assignment."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import or_, select
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.validators import InputRequired

from platform_core.access import can, permission_required, scope_query
from platform_core.database import nfc
from platform_core.extensions import db
from platform_core.forms import BaseForm
from platform_core.pagination import paginate
from platform_core.search.matching import contains
from platform_core.timeutil import format_datetime, utcnow
from platform_core.units.models import UNIT_ACTIVE, Unit, UnitType
from plugins.provincial_reports import assignment
from plugins.provincial_reports.blueprint import bp
from plugins.provincial_reports.models import Assignment, Regime

MANAGE = assignment.MANAGE
PICKER_PAGE = 50
WITHIN_LIMIT = 500
KIND_LABELS = {"central": _l("Do Trung ương yêu cầu"), "periodic": _l("Định kỳ của tỉnh"),
               "adhoc": _l("Chuyên đề, đột xuất")}
FREQUENCY_LABELS = {
    "month": _l("Hằng tháng (chốt số liệu ngày 14)"), "quarter": _l("Hằng quý (chốt số liệu ngày 14)"),
    "half": _l("6 tháng (chốt số liệu ngày 14)"), "year": _l("Hằng năm (chốt số liệu ngày 14/12)"),
    "calendar_month": _l("Hằng tháng (theo tháng dương lịch)"),
    "calendar_quarter": _l("Hằng quý (theo quý dương lịch)"),
    "calendar_half": _l("6 tháng (theo dương lịch)"), "calendar_year": _l("Hằng năm (theo năm dương lịch)"),
    "adhoc": _l("Đột xuất, một lần"),
}


class AssignForm(BaseForm):
    unit_ids = SelectMultipleField(coerce=int, validate_choice=False)
    subtree_ids = SelectMultipleField(coerce=int, validate_choice=False)
    unit_type_codes = SelectMultipleField(validate_choice=False)
    within_unit_id = StringField()
    from_next_period = BooleanField(_l("Bắt đầu từ kỳ sau nếu hạn gửi kỳ gần nhất còn dưới 72 giờ"))


class UnassignForm(BaseForm):
    confirm = BooleanField(_l("Tôi hiểu rằng các nghĩa vụ chưa thực hiện của đơn vị không còn được giao sẽ được miễn"),
                           validators=[InputRequired(message=_l("Vui lòng đánh dấu ô xác nhận."))])


def _regime(regime_id: int) -> Regime:
    regime = db.session.get(Regime, regime_id)
    if regime is None:
        abort(404)
    return regime


def _within_id(text: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise assignment.AssignmentError(_("Đơn vị giới hạn phạm vi không hợp lệ."))
    return int(text)


def _picker(q: str):
    stmt = scope_query(select(Unit).where(Unit.status == UNIT_ACTIVE), Unit.id, current_user, MANAGE)
    if q:
        stmt = stmt.where(or_(contains(Unit.name, q), contains(Unit.code, q)))
    return paginate(stmt.order_by(Unit.code), per_page=PICKER_PAGE)


def _within_choices() -> list[Unit]:
    """Units in the user's scope that have units under them: where a unit-type selection may be limited."""
    parents = select(Unit.parent_id).where(Unit.parent_id.is_not(None), Unit.status == UNIT_ACTIVE)
    stmt = scope_query(select(Unit).where(Unit.status == UNIT_ACTIVE, Unit.id.in_(parents)), Unit.id,
                       current_user, MANAGE)
    return db.session.scalars(stmt.order_by(Unit.code).limit(WITHIN_LIMIT)).all()


def _first_deadline(regime: Regime) -> str:
    try:
        due = assignment.first_due(regime, assignment.resolve_units(regime), utcnow())
    except assignment.AssignmentError:
        return ""
    return format_datetime(due) if due is not None else ""


def _render(regime: Regime, form: AssignForm, error: str | None = None, status: int = 200):
    q = nfc(request.args.get("q", "")).strip()[:100]
    return render_template(
        "provincial_reports/assign/assign.html", regime=regime, form=form, error=error, q=q,
        page=_picker(q), unit_types=db.session.scalars(select(UnitType).order_by(UnitType.name)).all(),
        within=_within_choices(), assignments=list(regime.assignments), describe=assignment.describe,
        first_deadline=_first_deadline(regime), needs_notice=assignment.needs_notice(regime),
        kind_label=KIND_LABELS.get(regime.kind, regime.kind),
        frequency_label=FREQUENCY_LABELS.get(regime.frequency, regime.frequency),
        back_url=_back_url(regime),
    ), status


def _back_url(regime: Regime) -> str | None:
    """The regime's own page, else the list of regimes, when those pages exist."""
    functions = current_app.view_functions
    if "provincial_reports.regime_detail" in functions:
        return url_for("provincial_reports.regime_detail", regime_id=regime.id)
    return url_for("provincial_reports.regimes") if "provincial_reports.regimes" in functions else None


@bp.route("/regimes/<int:regime_id>/assign", methods=["GET", "POST"])
@permission_required(MANAGE)
def regime_assign(regime_id):
    regime = _regime(regime_id)
    form = AssignForm()
    if not form.is_submitted():
        return _render(regime, form)
    if not form.validate():
        return _render(regime, form, _("Lựa chọn không hợp lệ; chọn lại đơn vị, cây đơn vị hoặc loại đơn vị."), 400)
    try:
        rows = assignment.assign(
            regime, current_user, unit_ids=form.unit_ids.data or (), subtree_ids=form.subtree_ids.data or (),
            unit_type_codes=form.unit_type_codes.data or (), within_unit_id=_within_id(form.within_unit_id.data),
            from_next_period=form.from_next_period.data)
    except assignment.AssignmentError as exc:
        return _render(regime, form, str(exc), 400)
    flash(_("Đã giao chế độ báo cáo %(code)s (%(n)s lựa chọn mới); nghĩa vụ báo cáo của các đơn vị đã được tạo.",
            code=regime.code, n=len(rows)), "success")
    return redirect(url_for("provincial_reports.regime_assign", regime_id=regime.id))


@bp.route("/assignments/<int:assignment_id>/unassign", methods=["GET", "POST"])
@permission_required(MANAGE)
def unassign(assignment_id):
    row = db.session.get(Assignment, assignment_id)
    if row is None:
        abort(404)
    if row.unit_id is not None and not can(current_user, MANAGE, row.unit_id):
        abort(403)
    regime = row.regime
    form = UnassignForm()
    status = 200
    if form.validate_on_submit():
        try:
            waived = assignment.unassign(row, current_user)
        except assignment.AssignmentError as exc:
            flash(str(exc), "error")
            return redirect(url_for("provincial_reports.regime_assign", regime_id=regime.id))
        flash(_("Đã bỏ giao; miễn %(n)s nghĩa vụ chưa thực hiện.", n=waived), "success")
        return redirect(url_for("provincial_reports.regime_assign", regime_id=regime.id))
    if form.is_submitted():
        status = 400
    units, pending = assignment.unassign_preview(row)
    return render_template("provincial_reports/assign/unassign.html", regime=regime, row=row, form=form,
                           label=assignment.describe(row), units=units, pending=pending), status
