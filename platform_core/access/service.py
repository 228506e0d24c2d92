"""The two questions every view and API call asks: "may this user do P on unit U?" and "which units may
this user see for P?". Nothing else in the platform decides permissions."""
from functools import wraps

from flask import abort, g, has_request_context
from flask_login import current_user
from sqlalchemy import or_, select, union

from platform_core.access.models import SCOPE_SUBTREE, Membership
from platform_core.extensions import db
from platform_core.timeutil import local_today
from platform_core.units.models import Unit, UnitClosure


def _cache() -> dict:
    if has_request_context():
        if not hasattr(g, "_access_grants"):
            g._access_grants = {}
        return g._access_grants
    return {}


def forget_grants():
    """Drop this request's cached grants (after a membership changed)."""
    if has_request_context() and hasattr(g, "_access_grants"):
        del g._access_grants


def grants(user) -> list[tuple[int, str, frozenset]]:
    """``[(unit_id, scope, permissions)]`` of the user's memberships valid today."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cache = _cache()
    if user.id in cache:
        return cache[user.id]
    today = local_today()
    rows = db.session.scalars(
        select(Membership).where(
            Membership.user_id == user.id,
            Membership.revoked.is_(False),
            or_(Membership.valid_from.is_(None), Membership.valid_from <= today),
            or_(Membership.valid_to.is_(None), Membership.valid_to >= today),
        )
    ).all()
    result = [(m.unit_id, m.scope, frozenset(m.role.permission_names)) for m in rows]
    cache[user.id] = result
    return result


def is_system_admin(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active and user.is_admin)


def permissions_on(user, unit) -> set[str]:
    """Every permission ``user`` holds on ``unit`` (a Unit or its id); system administrators hold all."""
    from platform_core.plugins.manager import get_registry

    if is_system_admin(user):
        return set(get_registry().permissions)
    unit_id = unit if isinstance(unit, int) else unit.id
    direct, roots = set(), {}
    for gid, scope, perms in grants(user):
        if gid == unit_id:
            direct |= perms
        elif scope == SCOPE_SUBTREE:
            roots.setdefault(gid, set()).update(perms)
    if roots:
        ancestors = set(
            db.session.scalars(
                select(UnitClosure.ancestor_id).where(
                    UnitClosure.descendant_id == unit_id, UnitClosure.ancestor_id.in_(list(roots))
                )
            )
        )
        for root in ancestors:
            direct |= roots[root]
    return direct


def can(user, permission: str, unit=None) -> bool:
    """May ``user`` do ``permission`` on ``unit``? With ``unit=None``: on at least one unit."""
    if is_system_admin(user):
        return True
    if unit is None:
        return any(permission in perms for _, _, perms in grants(user))
    return permission in permissions_on(user, unit)


def visible_unit_ids(user, permission: str):
    """A SELECT of the ids of every unit on which ``user`` holds ``permission``; use it with ``in_()``."""
    if is_system_admin(user):
        return select(Unit.id)
    direct = [uid for uid, scope, perms in grants(user) if permission in perms]
    roots = [uid for uid, scope, perms in grants(user) if permission in perms and scope == SCOPE_SUBTREE]
    parts = [select(Unit.id).where(Unit.id.in_(direct or [-1]))]
    if roots:
        parts.append(select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id.in_(roots)))
    return union(*parts) if len(parts) > 1 else parts[0]


def scope_query(stmt, unit_column, user, permission: str):
    """Restrict ``stmt`` to rows whose ``unit_column`` is a unit the user may see for ``permission``."""
    return stmt.where(unit_column.in_(visible_unit_ids(user, permission)))


def permission_required(permission: str):
    """View decorator: 403 unless the signed-in user holds ``permission`` on some unit.

    Views that act on one unit must still call :func:`can` with that unit (or :func:`require`).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from platform_core.extensions import login_manager

                return login_manager.unauthorized()
            if not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def admin_required(view):
    """View decorator: only system administrators."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            from platform_core.extensions import login_manager

            return login_manager.unauthorized()
        if not is_system_admin(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def require(allowed: bool):
    """``require(can(user, "x", unit))`` inside a view: 403 when false."""
    if not allowed:
        abort(403)
