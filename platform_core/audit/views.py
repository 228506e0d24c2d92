"""The audit log page (``/admin/audit``): newest first, filtered, paged.

System administrators see every event; anyone else holding ``core.audit.view`` sees the events of the
units where they hold it (events tied to no unit are for system administrators only).
"""
import json

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import or_, select

from platform_core.access.service import is_system_admin, permission_required, visible_unit_ids
from platform_core.audit.forms import AuditFilterForm
from platform_core.audit.models import AuditEvent
from platform_core.core_hooks import AUDIT_VIEW
from platform_core.extensions import db
from platform_core.pagination import paginate
from platform_core.units.models import Unit

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")

ACTION_LABELS = {
    "create": _l("Tạo mới"),
    "update": _l("Sửa"),
    "delete": _l("Xoá"),
    "plugin.enable": _l("Bật plugin"),
    "plugin.disable": _l("Tắt plugin"),
    "plugin.purge": _l("Xoá dữ liệu plugin"),
    "login": _l("Đăng nhập"),
    "login_failed": _l("Đăng nhập không thành công"),
    "lockout": _l("Khoá tài khoản tạm thời"),
    "logout": _l("Đăng xuất"),
    "password.change": _l("Đổi mật khẩu"),
    "user.create": _l("Tạo tài khoản"),
    "user.deactivate": _l("Khoá tài khoản"),
    "user.reactivate": _l("Mở lại tài khoản"),
    "user.password_reset": _l("Đặt lại mật khẩu"),
    "registration.approve": _l("Duyệt đăng ký tài khoản"),
    "registration.reject": _l("Từ chối đăng ký tài khoản"),
    "registration.mail": _l("Gửi thư đăng ký"),
    "role.permissions": _l("Sửa quyền của vai trò"),
    "export": _l("Xuất dữ liệu"),
}
VALUE_WIDTH = 60


def visible_events(user):
    """Every event ``user`` may read, newest first."""
    stmt = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if not is_system_admin(user):
        stmt = stmt.where(AuditEvent.unit_id.in_(visible_unit_ids(user, AUDIT_VIEW)))
    return stmt


def apply_filter(stmt, form: AuditFilterForm):
    """Narrow ``stmt`` by a validated filter form. An action matches itself and its sub-actions
    ("plugin" finds "plugin.enable")."""
    if form.actor.data:
        stmt = stmt.where(AuditEvent.actor_username.icontains(form.actor.data, autoescape=True))
    if form.action.data:
        stmt = stmt.where(or_(AuditEvent.action == form.action.data,
                              AuditEvent.action.startswith(f"{form.action.data}.", autoescape=True)))
    if form.object_type.data:
        stmt = stmt.where(AuditEvent.object_type == form.object_type.data)
    start, end = form.period()
    if start is not None:
        stmt = stmt.where(AuditEvent.occurred_at >= start)
    if end is not None:
        stmt = stmt.where(AuditEvent.occurred_at < end)
    if form.q.data:
        stmt = stmt.where(AuditEvent.summary.icontains(form.q.data, autoescape=True))
    return stmt


def _short(value) -> str:
    text = "—" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 1] + "…"


def describe_changes(event: AuditEvent) -> list[str]:
    """One short line per changed field: "name: old → new" for updates, "name: value" otherwise."""
    changes = event.changes
    if not changes:
        return []
    if not isinstance(changes, dict):
        return [_short(changes)]
    if event.action == "update":
        return [f"{name}: {_short(pair[0])} → {_short(pair[1])}" if isinstance(pair, list) and len(pair) == 2
                else f"{name}: {_short(pair)}" for name, pair in changes.items()]
    return [f"{name}: {_short(value)}" for name, value in changes.items() if value is not None]


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@bp.route("/")
@permission_required(AUDIT_VIEW)
def index():
    form = AuditFilterForm(formdata=request.args)
    base = visible_events(current_user)
    page = paginate(apply_filter(base, form)) if form.validate() else None
    unit_ids = {e.unit_id for e in page.items if e.unit_id} if page else set()
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))} if unit_ids else {}
    visible = base.order_by(None).subquery()
    actions = db.session.scalars(select(visible.c.action).distinct().order_by(visible.c.action)).all()
    object_types = db.session.scalars(select(visible.c.object_type).distinct()
                                      .where(visible.c.object_type.is_not(None))
                                      .order_by(visible.c.object_type)).all()
    return render_template("audit/index.html", form=form, page=page, units=units, actions=actions,
                           object_types=object_types, describe_changes=describe_changes,
                           action_label=action_label)


def init_app(app):
    app.register_blueprint(bp)
