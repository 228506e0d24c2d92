"""Admin pages for roles and memberships.

Roles: anyone who may grant somewhere sees the list; only system administrators define custom roles.
Memberships of a unit: seen and changed by holders of ``core.memberships.grant`` on that unit, within the
rules of :mod:`platform_core.access.grants`.
"""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from platform_core.access import custom_roles, grants
from platform_core.access.forms import ConfirmForm, GrantForm, RoleForm
from platform_core.access.models import Membership, Role
from platform_core.access.service import admin_required, can, is_system_admin, permission_required, require
from platform_core.accounts.models import User
from platform_core.core_hooks import MEMBERSHIPS_GRANT
from platform_core.extensions import db
from platform_core.pagination import paginate
from platform_core.plugins.manager import get_registry
from platform_core.timeutil import local_today, parse_date
from platform_core.units.models import Unit

bp = Blueprint("access", __name__, url_prefix="/access")


def _permission_choices():
    registry = get_registry()
    return [SelectChoice(name, f"{_(spec.title)} ({name})") for name, spec in sorted(registry.permissions.items())]


@bp.route("/roles")
@permission_required(MEMBERSHIPS_GRANT)
def roles():
    page = paginate(select(Role).order_by(Role.plugin_key.is_(None), Role.plugin_key, Role.key))
    return render_template("access/roles.html", page=page, permissions=get_registry().permissions,
                           is_editable=custom_roles.is_editable, can_edit=is_system_admin(current_user))


@bp.route("/roles/new", methods=["GET", "POST"])
@admin_required
def role_new():
    form = RoleForm()
    form.permissions.choices = _permission_choices()
    if form.validate_on_submit():
        try:
            role = custom_roles.create_role(form.key.data, form.name.data, form.permissions.data,
                                            form.description.data)
        except custom_roles.RoleError as exc:
            form.key.errors.append(str(exc))
        else:
            flash(_("Đã tạo vai trò %(name)s.", name=role.name), "success")
            return redirect(url_for("access.roles"))
    return render_template("access/role_form.html", form=form, role=None)


def _editable_role(role_id) -> Role:
    role = db.session.get(Role, role_id)
    if role is None:
        abort(404)
    if not custom_roles.is_editable(role):
        flash(_("Vai trò '%(name)s' do hệ thống hoặc plugin khai báo, không sửa được.", name=role.name), "error")
        return None
    return role


@bp.route("/roles/<int:role_id>/edit", methods=["GET", "POST"])
@admin_required
def role_edit(role_id):
    role = _editable_role(role_id)
    if role is None:
        return redirect(url_for("access.roles"))
    form = RoleForm(obj=role)
    form.permissions.choices = _permission_choices()
    form.key.data = role.key
    if not form.is_submitted():
        form.permissions.data = sorted(role.permission_names)
    if form.validate_on_submit():
        try:
            custom_roles.update_role(role, form.name.data, form.permissions.data, form.description.data)
        except custom_roles.RoleError as exc:
            form.permissions.errors.append(str(exc))
        else:
            flash(_("Đã lưu vai trò %(name)s.", name=role.name), "success")
            return redirect(url_for("access.roles"))
    return render_template("access/role_form.html", form=form, role=role)


@bp.route("/roles/<int:role_id>/delete", methods=["GET", "POST"])
@admin_required
def role_delete(role_id):
    role = _editable_role(role_id)
    if role is None:
        return redirect(url_for("access.roles"))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            custom_roles.delete_role(role)
        except custom_roles.RoleError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Đã xoá vai trò."), "success")
        return redirect(url_for("access.roles"))
    return render_template("access/role_delete.html", form=form, role=role,
                           used=custom_roles.membership_count(role))


def _grantable_roles(unit: Unit) -> list[Role]:
    """The roles the current user could grant on ``unit`` (at least with scope "unit")."""
    return grants.grantable_roles(current_user, unit, db.session.scalars(select(Role).order_by(Role.name)).all())


def _date(field):
    return parse_date(field.data) if field.data else None


@bp.route("/units/<int:unit_id>/memberships", methods=["GET", "POST"])
@permission_required(MEMBERSHIPS_GRANT)
def memberships(unit_id):
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        abort(404)
    require(can(current_user, MEMBERSHIPS_GRANT, unit))
    form = GrantForm()
    form.role.choices = [SelectChoice(r.id, f"{r.name} ({r.key})") for r in _grantable_roles(unit)]
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data))
        role = db.session.get(Role, form.role.data)
        if user is None:
            form.username.errors.append(_("Không có tài khoản '%(name)s'.", name=form.username.data))
        else:
            try:
                grants.grant_membership(current_user, user, unit, role, form.scope.data,
                                        _date(form.valid_from), _date(form.valid_to))
            except grants.GrantError as exc:
                form.role.errors.append(str(exc))
            else:
                flash(_("Đã cấp vai trò %(role)s cho %(user)s.", role=role.name, user=user.full_name), "success")
                return redirect(url_for("access.memberships", unit_id=unit.id))
    page = paginate(select(Membership).where(Membership.unit_id == unit.id)
                    .options(selectinload(Membership.user), selectinload(Membership.granted_by))
                    .order_by(Membership.revoked, Membership.granted_at.desc(), Membership.id.desc()))
    return render_template("access/memberships.html", unit=unit, page=page, form=form, today=local_today())


@bp.route("/memberships/<int:membership_id>/revoke", methods=["GET", "POST"])
@permission_required(MEMBERSHIPS_GRANT)
def revoke(membership_id):
    membership = db.session.get(Membership, membership_id)
    if membership is None:
        abort(404)
    require(can(current_user, MEMBERSHIPS_GRANT, membership.unit_id))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            grants.revoke_membership(current_user, membership)
        except grants.GrantError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Đã thu hồi vai trò %(role)s của %(user)s.", role=membership.role.name,
                    user=membership.user.full_name), "success")
        return redirect(url_for("access.memberships", unit_id=membership.unit_id))
    return render_template("access/revoke.html", form=form, membership=membership)


def init_app(app):
    app.register_blueprint(bp)
