"""Roles an administrator defines (``plugin_key`` NULL). Declared roles (core or plugin) are code's business:
``sync_roles`` rewrites them, so they are refused here.

A custom key has no dot, which keeps it out of the ``<plugin>.`` namespace that declared roles use.
"""
import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from platform_core import audit
from platform_core.access.models import Membership, Role, RolePermission
from platform_core.extensions import db

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class RoleError(ValueError):
    """A refused change to a role; the message is for the user (Vietnamese)."""


def is_editable(role: Role) -> bool:
    return role.plugin_key is None


def _registry():
    from platform_core.plugins.manager import get_registry

    return get_registry()


def _check_permissions(permissions) -> list[str]:
    permissions = sorted(set(permissions))
    if not permissions:
        raise RoleError(_("Chọn ít nhất một quyền cho vai trò."))
    unknown = [p for p in permissions if p not in _registry().permissions]
    if unknown:
        raise RoleError(_("Quyền không tồn tại: %(names)s.", names=", ".join(unknown)))
    return permissions


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise RoleError(_("Nhập tên vai trò."))
    return name


def create_role(key: str, name: str, permissions, description: str | None = None) -> Role:
    key = (key or "").strip()
    if not KEY_PATTERN.match(key):
        raise RoleError(_("Mã vai trò chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ "
                          "cái, 2–40 ký tự, không có dấu chấm."))
    if key in _registry().roles or db.session.scalar(select(Role).where(Role.key == key)) is not None:
        raise RoleError(_("Mã vai trò '%(key)s' đã được dùng.", key=key))
    role = Role(key=key, name=_check_name(name), description=(description or "").strip() or None, plugin_key=None)
    for permission in _check_permissions(permissions):
        role.permissions.append(RolePermission(permission=permission))
    db.session.add(role)
    db.session.flush()
    _record_permissions(role, [], sorted(role.permission_names))
    db.session.commit()
    return role


def _record_permissions(role: Role, before: list[str], after: list[str]):
    """Role permissions live in their own table, which the automatic audit does not follow."""
    if before != after:
        audit.record("role.permissions", object_type="roles", object_id=role.id,
                     summary=f"{role.key}: {', '.join(after)}", changes={"permissions": [before, after]})


def update_role(role: Role, name: str, permissions, description: str | None = None) -> Role:
    if not is_editable(role):
        raise RoleError(_("Vai trò '%(name)s' do hệ thống hoặc plugin khai báo, không sửa được.", name=role.name))
    wanted = set(_check_permissions(permissions))
    before = sorted(role.permission_names)
    role.name = _check_name(name)
    role.description = (description or "").strip() or None
    for rp in list(role.permissions):
        if rp.permission not in wanted:
            role.permissions.remove(rp)
    for permission in sorted(wanted - role.permission_names):
        role.permissions.append(RolePermission(permission=permission))
    _record_permissions(role, before, sorted(wanted))
    db.session.commit()
    return role


def membership_count(role: Role) -> int:
    return db.session.scalar(select(func.count()).select_from(Membership).where(Membership.role_id == role.id))


def delete_role(role: Role):
    """Only an unused custom role can go: memberships (even revoked ones) are history that names it."""
    if not is_editable(role):
        raise RoleError(_("Vai trò '%(name)s' do hệ thống hoặc plugin khai báo, không xoá được.", name=role.name))
    if membership_count(role):
        raise RoleError(_("Vai trò '%(name)s' đã được cấp cho tài khoản, không xoá được.", name=role.name))
    db.session.delete(role)
    db.session.commit()
