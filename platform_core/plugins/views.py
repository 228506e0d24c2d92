"""Administration page of plugins (``/admin/plugins``): what is installed and loaded, and where each plugin
is active. System administrators only; every change goes through ``activation`` and is audited there."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import HiddenField, StringField

from platform_core.access.service import admin_required
from platform_core.extensions import db
from platform_core.forms import BaseForm
from platform_core.plugins import activation
from platform_core.plugins.manager import get_registry
from platform_core.units.models import UNIT_ACTIVE, Unit

bp = Blueprint("plugins_admin", __name__, url_prefix="/admin/plugins")


class EnableForm(BaseForm):
    """Empty unit code: everywhere; otherwise the subtree of that unit."""

    unit_code = StringField(_l("Mã đơn vị"))


class DisableForm(BaseForm):
    """Empty unit id: every activation of the plugin; otherwise only that unit's."""

    unit_id = HiddenField()


def _record(key):
    record = get_registry().records.get(key)
    if record is None:
        abort(404)
    return record


def _unit_by_id(text):
    if not text:
        return None
    unit = db.session.get(Unit, int(text)) if str(text).isdigit() else None
    if unit is None:
        abort(404)
    return unit


@bp.route("/")
@admin_required
def index():
    units = db.session.scalars(select(Unit).where(Unit.status == UNIT_ACTIVE).order_by(Unit.code)).all()
    return render_template("plugins/index.html", records=get_registry().records.values(),
                           active=activation.by_plugin(), units=units)


@bp.route("/<key>/enable", methods=["POST"])
@admin_required
def enable(key):
    record = _record(key)
    form = EnableForm()
    if not form.validate_on_submit():
        abort(400)
    if not record.loaded:
        flash(_("Plugin %(key)s chưa được nạp nên không bật được.", key=key), "error")
        return redirect(url_for(".index"))
    unit = None
    if form.unit_code.data:
        unit = db.session.scalar(select(Unit).where(Unit.code == form.unit_code.data))
        if unit is None or not unit.is_active:
            flash(_("Không có đơn vị đang hoạt động mã %(code)s.", code=form.unit_code.data), "error")
            return redirect(url_for(".index"))
    if activation.enable(key, unit, by=current_user):
        db.session.commit()
        flash(_("Đã bật %(title)s cho %(where)s.", title=record.info.title, where=_where(unit)), "success")
    else:
        flash(_("%(title)s đã được bật cho %(where)s từ trước.", title=record.info.title, where=_where(unit)),
              "warning")
    return redirect(url_for(".index"))


@bp.route("/<key>/disable", methods=["GET", "POST"])
@admin_required
def disable(key):
    """GET asks for confirmation; POST disables."""
    record = _record(key)
    form = DisableForm()
    if request.method == "GET":
        unit = _unit_by_id(request.args.get("unit"))
        form.unit_id.data = unit.id if unit else ""
        return render_template("plugins/confirm_disable.html", record=record, unit=unit, form=form)
    if not form.validate_on_submit():
        abort(400)
    unit = _unit_by_id(form.unit_id.data)
    if activation.disable(key, unit):
        db.session.commit()
        flash(_("Đã tắt %(title)s cho %(where)s. Dữ liệu được giữ nguyên.", title=_title(record),
                where=_where(unit)), "success")
    else:
        flash(_("%(title)s không được bật cho %(where)s.", title=_title(record), where=_where(unit)), "warning")
    return redirect(url_for(".index"))


def _title(record):
    return record.info.title if record.info else record.key


def _where(unit):
    return _("đơn vị %(code)s và các đơn vị trực thuộc", code=unit.code) if unit else _("toàn hệ thống")


def init_app(app):
    app.register_blueprint(bp)
