"""Batch answers for a whole run of reminders: which units a plugin is active for, and who holds a
permission on each unit. One query per question, not one per obligation.

These mirror ``plugins.activation.is_active_for_unit`` and ``access.service.can`` for many units at
once. System administrators are deliberately not recipients: they hold every permission everywhere and
would receive every reminder of the country.
"""
from collections import defaultdict
from datetime import date

from sqlalchemy import or_, select

from platform_core.access.models import SCOPE_SUBTREE, Membership, RolePermission
from platform_core.accounts.models import User
from platform_core.extensions import db
from platform_core.plugins.models import PluginActivation
from platform_core.units.models import UnitClosure


def active_units(plugin_keys, unit_ids) -> dict[str, set[int]]:
    """``{plugin_key: {unit ids of unit_ids where the plugin is active}}``."""
    unit_ids = list(set(unit_ids))
    roots: dict[str, set] = defaultdict(set)
    for key, unit_id in db.session.execute(
            select(PluginActivation.plugin_key, PluginActivation.unit_id)
            .where(PluginActivation.plugin_key.in_(list(plugin_keys)))):
        roots[key].add(unit_id)
    result = {}
    for key in plugin_keys:
        if None in roots[key]:
            result[key] = set(unit_ids)
        elif roots[key] and unit_ids:
            result[key] = set(db.session.scalars(
                select(UnitClosure.descendant_id).distinct()
                .where(UnitClosure.ancestor_id.in_(roots[key]), UnitClosure.descendant_id.in_(unit_ids))))
        else:
            result[key] = set()
    return result


def holders(unit_ids, permissions, on: date) -> dict[int, list[User]]:
    """``{unit_id: [active users holding any of permissions there]}``: through a membership on the unit
    itself, or a subtree membership on one of its ancestors, valid on day ``on``. Users are ordered by
    id and listed once per unit."""
    unit_ids, permissions = list(set(unit_ids)), list(permissions)
    if not unit_ids or not permissions:
        return {}
    roles = select(RolePermission.role_id).where(RolePermission.permission.in_(permissions))
    pairs = db.session.execute(
        select(UnitClosure.descendant_id, Membership.user_id).distinct()
        .join(Membership, Membership.unit_id == UnitClosure.ancestor_id)
        .join(User, User.id == Membership.user_id)
        .where(UnitClosure.descendant_id.in_(unit_ids),
               or_(UnitClosure.depth == 0, Membership.scope == SCOPE_SUBTREE),
               Membership.role_id.in_(roles),
               Membership.revoked.is_(False),
               or_(Membership.valid_from.is_(None), Membership.valid_from <= on),
               or_(Membership.valid_to.is_(None), Membership.valid_to >= on),
               User.active.is_(True))
    ).all()
    pairs = sorted(tuple(p) for p in pairs)
    if not pairs:
        return {}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_({uid for _, uid in pairs})))}
    result: dict[int, list[User]] = defaultdict(list)
    for unit_id, user_id in pairs:
        result[unit_id].append(users[user_id])
    return dict(result)
