"""Compliance figures (CORE-15): how many reports each unit and regime owed in a period, and how many came
on time, late, not at all, or are not due yet.

Definitions, for the obligations whose due instant falls in the period (waived ones left out):

- *expected*: every such obligation;
- *on time* / *late*: submitted, at or before / after ``due_at`` (a report received through another channel
  counts by its receipt time, which the obligations part stores in ``submitted_at``);
- *missing*: not submitted and past due now;
- *not yet due*: not submitted and still due later;
- *rate*: on time ÷ (expected − not yet due), i.e. over the obligations already due or already handed in.
  An early submission counts in both; an obligation still open before its deadline counts in neither.

Every figure comes from one set-based query grouped by (row unit, regime) through the closure table, so
a page costs the same few queries whether it shows three communes or three hundred.
"""
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from platform_core.access.service import visible_unit_ids
from platform_core.core_hooks import OBLIGATIONS_VIEW
from platform_core.extensions import db
from platform_core.obligations import calendar
from platform_core.obligations.models import STATUS_WAIVED, Obligation
from platform_core.timeutil import LOCAL_TZ, local_today, utcnow
from platform_core.units.models import Unit, UnitClosure


@dataclass
class Counts:
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    not_yet_due: int = 0

    def add(self, other: "Counts") -> "Counts":
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def due_so_far(self) -> int:
        return self.expected - self.not_yet_due

    @property
    def rate(self) -> Decimal | None:
        """On-time rate in percent, one decimal; None when nothing is due yet."""
        if not self.due_so_far:
            return None
        return (Decimal(self.on_time * 100) / Decimal(self.due_so_far)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def rate_text(self) -> str:
        return format_rate(self.rate)


def format_rate(rate: Decimal | None) -> str:
    """"87,5 %" (Vietnamese decimal comma); "—" when there is no rate."""
    if rate is None:
        return "—"
    return f"{rate:.1f}".replace(".", ",") + " %"


@dataclass(frozen=True)
class Period:
    """Obligations due between ``start`` and ``end`` (local days, inclusive; None: open) and/or whose
    ``period_key`` starts with ``key`` ("2026", "2026-Q1", "2026-06" — the obligations list's filter)."""

    start: date | None = None
    end: date | None = None
    key: str | None = None

    @classmethod
    def year_so_far(cls, today: date | None = None) -> "Period":
        today = today or local_today()
        return cls(date(today.year, 1, 1), today)

    def conditions(self) -> list:
        out = []
        if self.start is not None:
            out.append(Obligation.due_at >= datetime.combine(self.start, datetime.min.time(), LOCAL_TZ))
        if self.end is not None:
            out.append(Obligation.due_at <= calendar.due_instant(self.end))
        if self.key:
            out.append(Obligation.period_key.startswith(self.key, autoescape=True))
        return out


@dataclass
class Row:
    unit: Unit
    counts: Counts
    by_regime: dict[str, Counts] = field(default_factory=dict)
    own: bool = False  # the focused unit's own obligations, without its children
    drillable: bool = False


@dataclass
class Report:
    period: Period
    focus: Unit | None
    trail: list[Unit]
    rows: list[Row]
    total: Counts
    regimes: list[tuple[str, str, Counts]]
    generated_at: datetime
    several_roots: bool = False  # the user's scope has several top units: a view above ``focus`` exists

    @property
    def empty(self) -> bool:
        return self.total.expected == 0


def regime_title(plugin_key: str) -> str:
    record = current_app.extensions["plugins"].records.get(plugin_key)
    if plugin_key == "core":
        return str(_l("Hệ thống (duyệt đăng ký tài khoản…)"))
    return record.info.title if record is not None and record.info is not None else plugin_key


def _count_columns(now: datetime):
    submitted = Obligation.submitted_at.is_not(None)
    pending = Obligation.submitted_at.is_(None)

    def total(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    return (
        func.count(Obligation.id),
        total(and_(submitted, Obligation.submitted_at <= Obligation.due_at)),
        total(and_(submitted, Obligation.submitted_at > Obligation.due_at)),
        total(and_(pending, Obligation.due_at < now)),
        total(and_(pending, Obligation.due_at >= now)),
    )


def _base_conditions(period: Period, visible, regime: str | None) -> list:
    conditions = [Obligation.status != STATUS_WAIVED, Obligation.unit_id.in_(visible), *period.conditions()]
    if regime:
        conditions.append(Obligation.plugin_key == regime)
    return conditions


def grouped_counts(anchor_condition, period: Period, visible, regime: str | None = None,
                   now: datetime | None = None) -> dict[tuple[int, str], Counts]:
    """``{(row unit id, plugin key): Counts}``: obligations of the visible units counted under every
    ancestor (closure row) that ``anchor_condition`` selects."""
    stmt = (select(UnitClosure.ancestor_id, Obligation.plugin_key, *_count_columns(now or utcnow()))
            .join(UnitClosure, UnitClosure.descendant_id == Obligation.unit_id)
            .where(anchor_condition, *_base_conditions(period, visible, regime))
            .group_by(UnitClosure.ancestor_id, Obligation.plugin_key))
    return {(unit_id, key): Counts(*(int(v) for v in values))
            for unit_id, key, *values in db.session.execute(stmt)}


def counts_by_regime(period: Period, visible=None, regime: str | None = None,
                     now: datetime | None = None) -> dict[str, Counts]:
    """``{plugin key: Counts}`` over ``visible`` units (every unit when None): the deployment-wide view."""
    visible = visible if visible is not None else select(Unit.id)
    stmt = (select(Obligation.plugin_key, *_count_columns(now or utcnow()))
            .where(*_base_conditions(period, visible, regime)).group_by(Obligation.plugin_key))
    return {key: Counts(*(int(v) for v in values)) for key, *values in db.session.execute(stmt)}


def reaching(visible):
    """Ids of the units whose subtree holds at least one visible unit (the visible units and the path
    down to them)."""
    return select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id.in_(visible))


def scope_roots(visible) -> list[Unit]:
    """The visible units with no visible unit above them: the top rows of the user's view. Their
    subtrees never overlap, so their figures add up to the user's total."""
    above = aliased(UnitClosure)
    has_visible_ancestor = exists().where(above.descendant_id == Unit.id, above.depth > 0,
                                          above.ancestor_id.in_(visible))
    return list(db.session.scalars(select(Unit).where(Unit.id.in_(visible), ~has_visible_ancestor)
                                   .order_by(Unit.name, Unit.id)))


def may_focus(unit_id: int, visible) -> bool:
    return db.session.scalar(select(UnitClosure.ancestor_id).where(
        UnitClosure.ancestor_id == unit_id, UnitClosure.descendant_id.in_(visible)).limit(1)) is not None


def _trail(focus: Unit, visible) -> list[Unit]:
    """The focused unit's ancestors that lead down to it within the user's reach, top first."""
    stmt = (select(Unit).join(UnitClosure, UnitClosure.ancestor_id == Unit.id)
            .where(UnitClosure.descendant_id == focus.id, UnitClosure.depth > 0, Unit.id.in_(visible))
            .order_by(UnitClosure.depth.desc()))
    return list(db.session.scalars(stmt))


def _drillable(unit_ids: list[int], visible) -> set[int]:
    """Which of ``unit_ids`` have a child within reach (something to drill down to)."""
    if not unit_ids:
        return set()
    return set(db.session.scalars(select(Unit.parent_id).where(
        Unit.parent_id.in_(unit_ids), Unit.id.in_(reaching(visible))).distinct()))


def report(user, period: Period, regime: str | None = None, focus: Unit | None = None,
           now: datetime | None = None) -> Report:
    """The compliance table for ``user``: the top units of their scope, or ``focus`` (its own row) and its
    children within reach. The caller checks ``may_focus`` before passing ``focus``."""
    now = now or utcnow()
    visible = visible_unit_ids(user, OBLIGATIONS_VIEW)
    roots = scope_roots(visible)
    if focus is None and len(roots) == 1:
        focus = roots[0]
    if focus is None:
        row_units, own_id = roots, None
        anchor = UnitClosure.ancestor_id.in_([u.id for u in roots] or [-1])
    else:
        children = (select(Unit).where(Unit.parent_id == focus.id, Unit.id.in_(reaching(visible)))
                    .order_by(Unit.name, Unit.id))
        row_units = [focus, *db.session.scalars(children)]
        own_id = focus.id
        anchor = or_(and_(UnitClosure.ancestor_id == focus.id, UnitClosure.depth == 0),
                     UnitClosure.ancestor_id.in_([u.id for u in row_units[1:]] or [-1]))
    grouped = grouped_counts(anchor, period, visible, regime, now)
    drillable = _drillable([u.id for u in row_units if u.id != own_id], visible)

    by_unit: dict[int, dict[str, Counts]] = {}
    for (unit_id, key), c in grouped.items():
        by_unit.setdefault(unit_id, {})[key] = c
    rows, total, per_regime = [], Counts(), {}
    for unit in row_units:
        by_regime = by_unit.get(unit.id, {})
        counts = Counts()
        for key, c in by_regime.items():
            counts.add(c)
            per_regime.setdefault(key, Counts()).add(c)
        total.add(counts)
        if unit.id == own_id and not counts.expected and len(row_units) > 1:
            continue  # a parent with nothing of its own: its children's rows say it all
        rows.append(Row(unit, counts, by_regime, own=unit.id == own_id, drillable=unit.id in drillable))
    regimes = sorted(((key, regime_title(key), c) for key, c in per_regime.items()), key=lambda r: r[1])
    return Report(period, focus, _trail(focus, visible) if focus else [], rows, total, regimes, now,
                  several_roots=len(roots) > 1)
