"""Who may give whom which role where.

The rules (CORE-06: "one administrator account per unit who grants roles inside the unit"):

* A system administrator may grant and revoke anything.
* Anyone else needs ``core.memberships.grant`` on the target unit — through a membership on that unit or,
  with scope "subtree", on an ancestor — and must already hold **every** permission of the role there.
  Nobody hands out more than they have.
* A grant with scope "subtree" reaches every unit below the target, so for it the granter's permissions
  must themselves reach the whole subtree: only memberships with scope "subtree" on the unit or one of its
  ancestors count. A unit-scope administrator can grant unit-scope roles only.
* A role its plugin declares ``delegable`` (``RoleSpec.delegable``) needs only ``core.memberships.grant``:
  a unit administrator hands out the regime's officer roles without being an officer.
* A regime's cap on accounts per unit (``PluginInfo.accounts_per_unit``) holds for grants too.
* Revoking follows the same rule as granting the same membership, so a unit administrator cannot strip a
  role they could not have given.

Refusals raise :class:`GrantError` naming what is missing; nothing is written then.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from platform_core.access.models import SCOPE_SUBTREE, SCOPE_UNIT, Membership, Role
from platform_core.access.service import forget_grants, grants, is_system_admin, permissions_on
from platform_core.core_hooks import MEMBERSHIPS_GRANT
from platform_core.extensions import db
from platform_core.timeutil import local_today, utcnow
from platform_core.units.models import UNIT_DISSOLVED, Unit, UnitClosure

SCOPES = (SCOPE_UNIT, SCOPE_SUBTREE)


class GrantError(ValueError):
    """A grant or revocation that is refused; the message is for the user (Vietnamese)."""


def _title(permission: str) -> str:
    from platform_core.plugins.manager import get_registry

    spec = get_registry().permissions.get(permission)
    return f"{spec.title} ({permission})" if spec else permission


def subtree_permissions(user, unit: Unit) -> set[str]:
    """Permissions ``user`` holds on ``unit`` *and every unit below it*: from subtree memberships on the
    unit or an ancestor. (A unit-scope membership on ``unit`` does not reach its children.)"""
    from platform_core.plugins.manager import get_registry

    if is_system_admin(user):
        return set(get_registry().permissions)
    roots: dict[int, set[str]] = {}
    for unit_id, scope, perms in grants(user):
        if scope == SCOPE_SUBTREE:
            roots.setdefault(unit_id, set()).update(perms)
    if not roots:
        return set()
    reaching = db.session.scalars(
        select(UnitClosure.ancestor_id)
        .where(UnitClosure.descendant_id == unit.id, UnitClosure.ancestor_id.in_(list(roots)))
    )
    held: set[str] = set()
    for root in reaching:
        held |= roots[root]
    return held


def missing_permissions(granter, unit: Unit, role: Role, scope: str) -> list[str]:
    """The permissions ``granter`` lacks to give ``role`` on ``unit`` with ``scope`` (empty: allowed)."""
    if is_system_admin(granter):
        return []
    held = subtree_permissions(granter, unit) if scope == SCOPE_SUBTREE else permissions_on(granter, unit)
    needed = {MEMBERSHIPS_GRANT} | (set() if _delegable(role) else role.permission_names)
    return sorted(needed - held)


def _delegable(role: Role) -> bool:
    from platform_core.plugins.manager import get_registry

    spec = get_registry().roles.get(role.key)
    return bool(spec is not None and getattr(spec, "delegable", False) and role.plugin_key is not None)


def may_grant(granter, unit: Unit, role: Role, scope: str = SCOPE_UNIT) -> bool:
    return not missing_permissions(granter, unit, role, scope)


def grantable_roles(granter, unit: Unit, roles) -> list[Role]:
    """Those of ``roles`` that ``granter`` may give on ``unit`` with scope "unit" (the least demanding)."""
    if is_system_admin(granter):
        return list(roles)
    held = permissions_on(granter, unit)
    if MEMBERSHIPS_GRANT not in held:
        return []
    return [role for role in roles if _delegable(role) or role.permission_names <= held]


def _check(granter, unit: Unit, role: Role, scope: str):
    missing = missing_permissions(granter, unit, role, scope)
    if missing:
        names = "; ".join(_title(p) for p in missing)
        if scope == SCOPE_SUBTREE:
            raise GrantError(_("Không đủ quyền để cấp/thu hồi vai trò '%(role)s' trên toàn bộ cây đơn vị trực thuộc "
                               "của '%(unit)s'. Thiếu quyền: %(missing)s.", role=role.name, unit=unit.name,
                               missing=names))
        raise GrantError(_("Không đủ quyền để cấp/thu hồi vai trò '%(role)s' tại đơn vị '%(unit)s'. "
                           "Thiếu quyền: %(missing)s.", role=role.name, unit=unit.name, missing=names))


def grant_membership(granter, user, unit: Unit, role: Role, scope: str = SCOPE_UNIT,
                     valid_from: date | None = None, valid_to: date | None = None,
                     commit: bool = True) -> Membership:
    """Give ``user`` the ``role`` on ``unit`` (``scope`` "unit" or "subtree"), valid between the dates
    (inclusive; None = open). A revoked membership of the same user, unit and role is granted again."""
    if scope not in SCOPES:
        raise GrantError(_("Phạm vi '%(scope)s' không hợp lệ.", scope=scope))
    if valid_from and valid_to and valid_to < valid_from:
        raise GrantError(_("Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu hiệu lực."))
    if unit.status == UNIT_DISSOLVED:
        raise GrantError(_("Đơn vị '%(name)s' đã giải thể, không cấp quyền mới.", name=unit.name))
    _check(granter, unit, role, scope)
    membership = db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.unit_id == unit.id, Membership.role_id == role.id))
    if membership is not None and not membership.revoked and _still_valid(membership):
        raise GrantError(_("Tài khoản %(user)s đã có vai trò '%(role)s' tại đơn vị này.",
                           user=user.username, role=role.name))
    _check_account_cap(unit, role, user)
    if membership is None:
        membership = Membership(user_id=user.id, unit_id=unit.id, role_id=role.id)
        db.session.add(membership)
    membership.scope, membership.valid_from, membership.valid_to = scope, valid_from, valid_to
    membership.revoked, membership.granted_by_id, membership.granted_at = False, granter.id, utcnow()
    db.session.flush()
    forget_grants()
    if commit:
        db.session.commit()
    return membership


def _check_account_cap(unit: Unit, role: Role, user):
    """A regime may cap the accounts per unit holding its roles (``PluginInfo.accounts_per_unit``); the unit
    row is locked first so that two grants at once cannot both pass."""
    if role.plugin_key in (None, "core"):
        return
    from platform_core.accounts.registration import AccountCapExceeded, check_account_cap, lock_row

    lock_row(Unit, unit.id)
    try:
        check_account_cap(unit, role.plugin_key, user.id)
    except AccountCapExceeded as exc:
        db.session.rollback()  # releases the lock
        raise GrantError(str(exc)) from exc


def _still_valid(membership: Membership) -> bool:
    return membership.valid_to is None or membership.valid_to >= local_today()


def revoke_membership(granter, membership: Membership, commit: bool = True) -> Membership:
    """Revoke ``membership`` (the row stays, marked revoked, for the record)."""
    if membership.revoked:
        raise GrantError(_("Quyền này đã bị thu hồi trước đó."))
    _check(granter, membership.unit, membership.role, membership.scope)
    membership.revoked = True
    db.session.flush()
    forget_grants()
    if commit:
        db.session.commit()
    return membership
