"""Reading the tree for the admin pages, limited to what a user may see for ``core.units.view``.

Pages show a few levels below each visible root and a count of what lies further down (drill down through
the unit's page), so that a 10 000-unit tree never renders as one 10 000-item list.
"""
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from platform_core.access.service import is_system_admin, visible_unit_ids
from platform_core.core_hooks import UNITS_VIEW
from platform_core.extensions import db
from platform_core.units.models import UNIT_ACTIVE, Unit, UnitClosure

TREE_DEPTH = 2


@dataclass
class Node:
    unit: Unit
    children: list["Node"] = field(default_factory=list)
    more: int = 0  # visible children not shown on this page


def _visible_filter(user, column):
    """A WHERE clause limiting ``column`` to units the user may see (None for a system administrator)."""
    return None if is_system_admin(user) else column.in_(visible_unit_ids(user, UNITS_VIEW))


def _where(stmt, user, column, hide_dissolved=False):
    clause = _visible_filter(user, column)
    if clause is not None:
        stmt = stmt.where(clause)
    if hide_dissolved:
        stmt = stmt.where(Unit.status == UNIT_ACTIVE)
    return stmt


def roots_query(user, hide_dissolved=False):
    """The topmost units the user may see: visible units whose parent is not visible (or absent)."""
    stmt = select(Unit).order_by(Unit.name, Unit.code)
    if is_system_admin(user):
        stmt = stmt.where(Unit.parent_id.is_(None))
    else:
        stmt = stmt.where(Unit.id.in_(visible_unit_ids(user, UNITS_VIEW)),
                          or_(Unit.parent_id.is_(None), Unit.parent_id.not_in(visible_unit_ids(user, UNITS_VIEW))))
    if hide_dissolved:
        stmt = stmt.where(Unit.status == UNIT_ACTIVE)
    return stmt


def build_tree(user, roots: list[Unit], depth: int = TREE_DEPTH, hide_dissolved=False) -> list[Node]:
    """Nested nodes for ``roots`` down to ``depth`` levels, holding only units the user may see."""
    if not roots:
        return []
    root_ids = [r.id for r in roots]
    stmt = (select(Unit).join(UnitClosure, UnitClosure.descendant_id == Unit.id)
            .where(UnitClosure.ancestor_id.in_(root_ids), UnitClosure.depth.between(1, depth))
            .order_by(Unit.name, Unit.code))
    below = db.session.scalars(_where(stmt, user, Unit.id, hide_dissolved)).unique().all()
    nodes = {r.id: Node(r) for r in roots}
    for unit in below:
        nodes.setdefault(unit.id, Node(unit))
    for unit in below:
        parent = nodes.get(unit.parent_id)
        if parent is not None and unit.id not in root_ids:
            parent.children.append(nodes[unit.id])
    counts = child_counts(user, list(nodes), hide_dissolved)
    for node in nodes.values():
        node.more = counts.get(node.unit.id, 0) - len(node.children)
    return [nodes[r.id] for r in roots]


def child_counts(user, unit_ids: list[int], hide_dissolved=False) -> dict[int, int]:
    """``{unit_id: number of visible children}``."""
    if not unit_ids:
        return {}
    stmt = (select(Unit.parent_id, func.count()).where(Unit.parent_id.in_(unit_ids)).group_by(Unit.parent_id))
    return dict(db.session.execute(_where(stmt, user, Unit.id, hide_dissolved)).all())


def children_query(user, unit: Unit, hide_dissolved=False):
    stmt = select(Unit).where(Unit.parent_id == unit.id).order_by(Unit.name, Unit.code)
    return _where(stmt, user, Unit.id, hide_dissolved)


def search_query(user, text: str, hide_dissolved=False):
    """Visible units whose name, code or abbreviation contains ``text`` (case-insensitive for ASCII on
    SQLite, fully on PostgreSQL)."""
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    stmt = (select(Unit).where(or_(Unit.name.ilike(pattern, escape="\\"), Unit.code.ilike(pattern, escape="\\"),
                                   Unit.abbreviation.ilike(pattern, escape="\\")))
            .order_by(Unit.name, Unit.code))
    return _where(stmt, user, Unit.id, hide_dissolved)
