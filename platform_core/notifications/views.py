"""Pages: a user's inbox and what was sent to them (``/notifications``), and the administrator's
reminder schedule per regime with the deliveries that did not go out (``/notifications/settings``)."""
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from platform_core.access.service import admin_required
from platform_core.extensions import db
from platform_core.notifications import inbox, offsets
from platform_core.notifications.forms import ScheduleForm
from platform_core.notifications.models import (
    CHANNEL_EMAIL,
    CHANNEL_INAPP,
    DELIVERY_CLAIMED,
    DELIVERY_FAILED,
    DELIVERY_SENT,
    Delivery,
    Notification,
)
from platform_core.notifications.reminders import local_due_date
from platform_core.pagination import paginate
from platform_core.plugins.manager import get_registry
from platform_core.timeutil import utcnow

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

CHANNEL_LABELS = {CHANNEL_EMAIL: _l("Thư điện tử"), CHANNEL_INAPP: _l("Trong hệ thống")}
STATUS_LABELS = {DELIVERY_SENT: _l("Đã gửi"), DELIVERY_FAILED: _l("Gửi không thành công"),
                 DELIVERY_CLAIMED: _l("Chưa rõ kết quả")}
RECENT_DELIVERIES = 10
# A claim older than this without a result belongs to a run that died mid-way.
STALE_CLAIM = timedelta(hours=1)


def _labels():
    return {"channel_labels": CHANNEL_LABELS, "status_labels": STATUS_LABELS, "due_date": local_due_date}


@bp.route("/")
@login_required
def index():
    page = paginate(inbox.for_user(current_user.id))
    recent = db.session.scalars(inbox.deliveries_for(current_user.id)
                                .options(joinedload(Delivery.obligation)).limit(RECENT_DELIVERIES)).all()
    return render_template("notifications/index.html", page=page, recent=recent, **_labels())


@bp.route("/sent")
@login_required
def sent():
    page = paginate(inbox.deliveries_for(current_user.id).options(joinedload(Delivery.obligation)))
    return render_template("notifications/sent.html", page=page, **_labels())


def _back():
    page = request.form.get("page", type=int)
    return redirect(url_for(".index", page=page if page and page > 1 else None))


@bp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id):
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != current_user.id:
        abort(404)
    inbox.mark_read(current_user.id, note.id)
    db.session.commit()
    return _back()


@bp.route("/read-all", methods=["POST"])
@login_required
def mark_all_read():
    count = inbox.mark_read(current_user.id)
    db.session.commit()
    flash(_("Đã đánh dấu %(n)s thông báo là đã đọc.", n=count), "success")
    return _back()


def _regimes():
    return {key: record.info.title for key, record in get_registry().loaded.items()}


def _undelivered():
    stale = utcnow() - STALE_CLAIM
    return (select(Delivery)
            .options(joinedload(Delivery.obligation), joinedload(Delivery.recipient))
            .where(or_(Delivery.status == DELIVERY_FAILED,
                       and_(Delivery.status == DELIVERY_CLAIMED, Delivery.created_at < stale)))
            .order_by(Delivery.created_at.desc(), Delivery.id.desc()))


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings():
    regimes = _regimes()
    posted = ScheduleForm() if request.method == "POST" else None
    if posted is not None:
        if posted.plugin_key.data not in regimes:
            abort(404)
        if posted.validate():
            offsets.save(posted.plugin_key.data, posted.parsed_offsets, bool(posted.escalate.data),
                         by=current_user)
            db.session.commit()
            flash(_("Đã lưu lịch nhắc hạn của chế độ %(title)s.", title=regimes[posted.plugin_key.data]),
                  "success")
            return redirect(url_for(".settings"))
    schedules = offsets.schedules(list(regimes))
    forms = {}
    for key, schedule in schedules.items():
        if posted is not None and posted.plugin_key.data == key:
            forms[key] = posted
        else:
            forms[key] = ScheduleForm(formdata=None, plugin_key=key, escalate=schedule.escalate,
                                      offsets=", ".join(map(str, schedule.offsets)) if schedule.custom else "")
    return render_template("notifications/settings.html", regimes=regimes, schedules=schedules, forms=forms,
                           default=offsets.default_offsets(), failed=paginate(_undelivered()), **_labels())
