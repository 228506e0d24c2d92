"""Administration of maintenance notices (``/admin/maintenance``, permission ``core.maintenance.manage``)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from platform_core.access.service import permission_required
from platform_core.core_hooks import MAINTENANCE_MANAGE
from platform_core.extensions import db
from platform_core.forms import BaseForm
from platform_core.maintenance import service
from platform_core.maintenance.forms import NoticeForm
from platform_core.maintenance.models import MaintenanceNotice

bp = Blueprint("maintenance", __name__, url_prefix="/admin/maintenance")

STATUS_LABELS = {"upcoming": _l("Sắp diễn ra"), "ongoing": _l("Đang diễn ra"), "ended": _l("Đã kết thúc"),
                 "cancelled": _l("Đã huỷ")}


class ConfirmForm(BaseForm):
    """Only the CSRF token: a confirmation button."""


@bp.route("/", methods=["GET", "POST"])
@permission_required(MAINTENANCE_MANAGE)
def index():
    """GET lists every notice with the form; POST schedules one."""
    form = NoticeForm()
    if form.validate_on_submit():
        try:
            notice = service.create_notice(form.title.data, form.message.data, form.starts_at.instant,
                                           form.ends_instant, urgent=form.urgent.data, by=current_user)
        except service.NoticeError as exc:  # the 24 hours ran out between the check and now
            form.starts_at.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Đã đăng thông báo bảo trì “%(title)s”; mọi người dùng thấy thông báo từ bây giờ.",
                    title=notice.title), "success")
            return redirect(url_for(".index"))
    return render_template("maintenance/index.html", form=form, notices=service.all_notices(),
                           status=service.status, status_labels=STATUS_LABELS)


@bp.route("/<int:notice_id>/cancel", methods=["GET", "POST"])
@permission_required(MAINTENANCE_MANAGE)
def cancel(notice_id):
    """GET asks for confirmation; POST cancels (the notice stops being shown)."""
    notice = db.get_or_404(MaintenanceNotice, notice_id)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if not notice.cancelled:
            service.cancel_notice(notice)
            db.session.commit()
        flash(_("Đã huỷ thông báo bảo trì “%(title)s”.", title=notice.title), "success")
        return redirect(url_for(".index"))
    return render_template("maintenance/cancel.html", notice=notice, form=form)


def init_app(app):
    app.register_blueprint(bp)
