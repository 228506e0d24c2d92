"""Obligation pages (``/obligations``): the list, one obligation, a report received through another
channel (CORE-22) and a waiver.

Seeing needs ``core.obligations.view`` on the obligation's unit; recording a receipt or waiving needs
``core.obligations.record`` on it. System administrators see everything.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from platform_core.access.service import can, permission_required, require
from platform_core.core_hooks import OBLIGATIONS_RECORD, OBLIGATIONS_VIEW
from platform_core.extensions import db
from platform_core.obligations import queries, service
from platform_core.obligations.display import STATUS_LABELS
from platform_core.obligations.forms import PENDING_FILTER, ObligationFilterForm, ReceiptForm, WaiveForm
from platform_core.obligations.models import STATUS_WAIVED, Obligation, OutOfBandReceipt
from platform_core.pagination import paginate
from platform_core.plugins.manager import get_registry
from platform_core.timeutil import parse_date
from platform_core.units.models import Unit

bp = Blueprint("obligations", __name__, url_prefix="/obligations")


def _obligation(obligation_id: int, permission: str = OBLIGATIONS_VIEW) -> Obligation:
    obligation = db.session.get(Obligation, obligation_id)
    if obligation is None:
        abort(404)
    require(can(current_user, permission, obligation.unit_id))
    return obligation


def receipt_of(obligation: Obligation) -> OutOfBandReceipt | None:
    return db.session.scalar(select(OutOfBandReceipt).where(OutOfBandReceipt.obligation_id == obligation.id))


def _plugin_choices() -> list[tuple[str, str]]:
    return [(key, record.info.title) for key, record in get_registry().loaded.items()]


def apply_filter(stmt, form: ObligationFilterForm):
    status = form.status.data
    if status == PENDING_FILTER:
        stmt = stmt.where(Obligation.status.in_(service.PENDING))
    elif status:
        stmt = stmt.where(Obligation.status == status)
    if form.plugin.data:
        stmt = stmt.where(Obligation.plugin_key == form.plugin.data)
    if form.unit.data:
        text = form.unit.data
        stmt = stmt.where(Obligation.unit_id.in_(select(Unit.id).where(or_(
            Unit.code.icontains(text, autoescape=True), Unit.name.icontains(text, autoescape=True)))))
    if form.period.data:
        stmt = stmt.where(Obligation.period_key.startswith(form.period.data, autoescape=True))
    return stmt


@bp.route("")
@permission_required(OBLIGATIONS_VIEW)
def index():
    form = ObligationFilterForm(formdata=request.args)
    form.set_choices(STATUS_LABELS, _plugin_choices())
    page = None
    if form.validate():
        stmt = apply_filter(queries.visible(current_user), form).order_by(Obligation.due_at, Obligation.id)
        page = paginate(stmt)
    return render_template("obligations/index.html", form=form, page=page)


@bp.route("/<int:obligation_id>")
@permission_required(OBLIGATIONS_VIEW)
def detail(obligation_id):
    obligation = _obligation(obligation_id)
    receipt = receipt_of(obligation)
    may_record = can(current_user, OBLIGATIONS_RECORD, obligation.unit_id)
    return render_template(
        "obligations/detail.html", obligation=obligation, receipt=receipt,
        can_record=may_record and receipt is None and obligation.status != STATUS_WAIVED,
        can_waive=may_record and obligation.status in service.PENDING,
        has_file=receipt is not None and service.receipt_file(receipt) is not None,
    )


@bp.route("/<int:obligation_id>/receipt", methods=["GET", "POST"])
@permission_required(OBLIGATIONS_RECORD)
def record_receipt(obligation_id):
    obligation = _obligation(obligation_id, OBLIGATIONS_RECORD)
    if receipt_of(obligation) is not None or obligation.status == STATUS_WAIVED:
        flash(_("Nghĩa vụ này không thể ghi nhận thêm báo cáo nhận qua kênh khác."), "warning")
        return redirect(url_for(".detail", obligation_id=obligation.id))
    form = ReceiptForm()
    if form.validate_on_submit():
        try:
            service.record_out_of_band(
                obligation, form.document_number.data, parse_date(form.document_date.data), form.received_at(),
                file_storage=form.file.data, by=current_user, note=form.note.data)
        except service.ObligationError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Đã ghi nhận báo cáo nhận qua kênh khác."), "success")
            return redirect(url_for(".detail", obligation_id=obligation.id))
    return render_template("obligations/receipt_form.html", obligation=obligation, form=form)


@bp.route("/<int:obligation_id>/receipt/file")
@permission_required(OBLIGATIONS_VIEW)
def receipt_download(obligation_id):
    obligation = _obligation(obligation_id)
    receipt = receipt_of(obligation)
    path = service.receipt_file(receipt) if receipt is not None else None
    if path is None:
        abort(404)
    return send_file(path, as_attachment=True, download_name=receipt.original_filename or path.name)


@bp.route("/<int:obligation_id>/waive", methods=["GET", "POST"])
@permission_required(OBLIGATIONS_RECORD)
def waive(obligation_id):
    obligation = _obligation(obligation_id, OBLIGATIONS_RECORD)
    if obligation.status not in service.PENDING:
        flash(_("Chỉ miễn được nghĩa vụ chưa nộp."), "warning")
        return redirect(url_for(".detail", obligation_id=obligation.id))
    form = WaiveForm()
    if form.validate_on_submit():
        try:
            service.waive(obligation, current_user, form.reason.data)
        except service.ObligationError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Đã miễn nghĩa vụ báo cáo."), "success")
            return redirect(url_for(".detail", obligation_id=obligation.id))
    return render_template("obligations/waive.html", obligation=obligation, form=form)
