"""Which obligations a person sees: the list page (``core.obligations.view``) and the work queue on the
home page (their own units' obligations still to be met)."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import joinedload

from platform_core.access.models import SCOPE_SUBTREE
from platform_core.access.service import grants, is_system_admin, scope_query
from platform_core.core_hooks import OBLIGATIONS_VIEW
from platform_core.extensions import db
from platform_core.obligations import calendar
from platform_core.obligations.models import STATUS_LATE, STATUS_OPEN, Obligation
from platform_core.obligations.service import active_units_clause
from platform_core.plugins.manager import get_registry
from platform_core.timeutil import local_today
from platform_core.units.models import UnitClosure

ALL_PLUGINS = "*"
SOON_DAYS = 7
QUEUE_LIMIT = 10


def visible(user):
    """A SELECT of the obligations ``user`` may list: every one for system administrators, else those of
    the units where they hold ``core.obligations.view``."""
    stmt = select(Obligation).options(joinedload(Obligation.unit))
    if is_system_admin(user):
        return stmt
    return scope_query(stmt, Obligation.unit_id, user, OBLIGATIONS_VIEW)


def _covered_plugins(permissions) -> set[str]:
    """Plugins whose obligations a membership shows: all with ``core.obligations.view``, otherwise those
    of which it grants any permission."""
    if OBLIGATIONS_VIEW in permissions:
        return {ALL_PLUGINS}
    return {name.split(".", 1)[0] for name in permissions} - {"core"}


def _unit_condition(direct: set[int], roots: set[int]):
    parts = []
    if direct:
        parts.append(Obligation.unit_id.in_(sorted(direct)))
    if roots:
        parts.append(Obligation.unit_id.in_(
            select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id.in_(sorted(roots)))))
    return or_(*parts)


def own_clause(user):
    """Obligations of the units where ``user`` holds a membership (or below one with subtree scope) that
    carries ``core.obligations.view`` or any permission of the obligation's plugin."""
    by_plugin: dict[str, tuple[set, set]] = {}
    for unit_id, scope, permissions in grants(user):
        for plugin in _covered_plugins(permissions):
            direct, roots = by_plugin.setdefault(plugin, (set(), set()))
            (roots if scope == SCOPE_SUBTREE else direct).add(unit_id)
    parts = []
    for plugin, (direct, roots) in sorted(by_plugin.items()):
        units = _unit_condition(direct, roots)
        parts.append(units if plugin == ALL_PLUGINS else and_(Obligation.plugin_key == plugin, units))
    return or_(*parts) if parts else false()


def live_plugins_clause():
    """Obligations of plugins that are loaded and active for the obligation's unit (the core's always)."""
    parts = []
    for key in ["core", *get_registry().loaded]:
        clause = active_units_clause(key, Obligation.unit_id)
        parts.append(Obligation.plugin_key == key if clause is None else and_(Obligation.plugin_key == key, clause))
    return or_(*parts)


@dataclass
class QueueGroup:
    key: str
    items: list
    total: int


def work_queue(user, today: date | None = None, limit: int = QUEUE_LIMIT) -> list[QueueGroup]:
    """The user's obligations still to be met, in three groups by their due day: before ``today``
    (overdue), from today to 7 days on, later. Each group holds its first ``limit`` obligations by due
    date and the group's total."""
    today = today or local_today()
    ended = calendar.due_instant(today - timedelta(days=1))
    soon_end = calendar.due_instant(today + timedelta(days=SOON_DAYS))
    base = (select(Obligation).options(joinedload(Obligation.unit))
            .where(Obligation.status.in_((STATUS_OPEN, STATUS_LATE)), own_clause(user), live_plugins_clause()))
    groups = [
        ("overdue", Obligation.due_at <= ended),
        ("soon", and_(Obligation.due_at > ended, Obligation.due_at <= soon_end)),
        ("later", Obligation.due_at > soon_end),
    ]
    out = []
    for key, condition in groups:
        stmt = base.where(condition)
        items = db.session.scalars(stmt.order_by(Obligation.due_at, Obligation.id).limit(limit)).unique().all()
        total = len(items) if len(items) < limit else db.session.scalar(
            select(func.count()).select_from(stmt.order_by(None).subquery()))
        out.append(QueueGroup(key, items, total))
    return out
