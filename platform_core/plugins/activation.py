"""Which loaded plugins are active, and where. Read from the database on every request that needs it,
so a change made by any worker or by the CLI holds everywhere at once."""
from flask import g, has_request_context
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from platform_core import audit
from platform_core.extensions import db
from platform_core.plugins.models import PluginActivation
from platform_core.units.models import UnitClosure


def activations(key: str) -> list[PluginActivation]:
    cache = g.setdefault("_plugin_activations", {}) if has_request_context() else {}
    if key not in cache:
        cache[key] = db.session.scalars(select(PluginActivation).where(PluginActivation.plugin_key == key)).all()
    return cache[key]


def _forget():
    if has_request_context() and hasattr(g, "_plugin_activations"):
        del g._plugin_activations


def by_plugin() -> dict[str, list[PluginActivation]]:
    """Every activation, grouped by plugin key, units loaded (for listings: CLI and admin page)."""
    grouped: dict[str, list[PluginActivation]] = {}
    rows = db.session.scalars(select(PluginActivation).options(selectinload(PluginActivation.unit))
                              .order_by(PluginActivation.plugin_key, PluginActivation.id))
    for row in rows:
        grouped.setdefault(row.plugin_key, []).append(row)
    return grouped


def is_active_anywhere(key: str) -> bool:
    return bool(activations(key))


def is_active_for_unit(key: str, unit_id: int | None) -> bool:
    """Active everywhere, or for a subtree that contains ``unit_id``."""
    rows = activations(key)
    if any(r.unit_id is None for r in rows):
        return True
    roots = [r.unit_id for r in rows]
    if not roots or unit_id is None:
        return False
    return db.session.scalar(
        select(UnitClosure.ancestor_id)
        .where(UnitClosure.descendant_id == unit_id, UnitClosure.ancestor_id.in_(roots))
        .limit(1)
    ) is not None


def is_active_for_user(key: str, user) -> bool:
    """Active for a unit the user belongs to or holds a role on (any unit for system administrators)."""
    rows = activations(key)
    if any(r.unit_id is None for r in rows):
        return True
    if not rows or user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    from platform_core.access.service import grants

    unit_ids = {uid for uid, _, _ in grants(user)}
    if user.unit_id:
        unit_ids.add(user.unit_id)
    roots = [r.unit_id for r in rows]
    return bool(unit_ids) and db.session.scalar(
        select(UnitClosure.ancestor_id)
        .where(UnitClosure.descendant_id.in_(unit_ids), UnitClosure.ancestor_id.in_(roots))
        .limit(1)
    ) is not None


def enable(key: str, unit=None, by=None) -> bool:
    """Activate ``key`` everywhere or for ``unit``'s subtree. Returns False when it already was."""
    unit_id = unit.id if unit is not None else None
    exists = db.session.scalar(
        select(PluginActivation).where(PluginActivation.plugin_key == key, PluginActivation.unit_id.is_(unit_id)
                                       if unit_id is None else PluginActivation.unit_id == unit_id)
    )
    if exists:
        return False
    db.session.add(PluginActivation(plugin_key=key, unit_id=unit_id, activated_by_id=by.id if by else None))
    audit.record("plugin.enable", object_type="plugin", object_id=key, unit_id=unit_id,
                 summary=f"Bật plugin {key}" + (f" cho đơn vị {unit.code}" if unit else " toàn hệ thống"))
    _forget()
    return True


def disable(key: str, unit=None) -> int:
    """Deactivate ``key`` everywhere (every activation row) or only ``unit``'s row. Returns rows removed."""
    stmt = select(PluginActivation).where(PluginActivation.plugin_key == key)
    if unit is not None:
        stmt = stmt.where(PluginActivation.unit_id == unit.id)
    rows = db.session.scalars(stmt).all()
    for row in rows:
        db.session.delete(row)
    if rows:
        audit.record("plugin.disable", object_type="plugin", object_id=key, unit_id=unit.id if unit else None,
                     summary=f"Tắt plugin {key}" + (f" cho đơn vị {unit.code}" if unit else " toàn hệ thống"))
    _forget()
    return len(rows)
