"""Who has reported and who has not (RPT-07, Đ6.2, Đ15.1): the units owing a regime's report for one period,
each with its status, hand-in time, report and, when the report came through the document system while
this system was down, the receipt recorded for it (CORE-22, RPT-10; its receipt time counts)."""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from platform_core.extensions import db
from platform_core.obligations.models import STATUS_WAIVED, Obligation, OutOfBandReceipt
from platform_core.timeutil import utcnow
from platform_core.units.models import Unit
from platform_core.workflow.models import Submission
from plugins.provincial_reports.models import Regime

PENDING, ON_TIME, LATE, OVERDUE, WAIVED = "pending", "on_time", "late", "overdue", "waived"
STATUS_LABELS = {
    PENDING: _l("Chưa gửi"),
    ON_TIME: _l("Đã gửi đúng hạn"),
    LATE: _l("Gửi muộn"),
    OVERDUE: _l("Quá hạn chưa gửi"),
    WAIVED: _l("Được miễn"),
}
STATUS_ORDER = (OVERDUE, PENDING, LATE, ON_TIME, WAIVED)
RULE_PREFIX = "provincial_reports.regime_"


@dataclass
class Row:
    unit: Unit
    obligation: Obligation
    status: str
    submission: Submission | None = None
    receipt: OutOfBandReceipt | None = None

    @property
    def due_at(self) -> datetime:
        return self.obligation.due_at

    @property
    def submitted_at(self) -> datetime | None:
        return self.obligation.submitted_at

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def rule_keys(regime: Regime) -> list[str]:
    """The obligation rule keys of every version of the regime (one per version)."""
    return [v.report_type_key for v in regime.versions]


def status_of(obligation: Obligation, now: datetime | None = None) -> str:
    if obligation.status == STATUS_WAIVED:
        return WAIVED
    if obligation.submitted_at is not None:
        return ON_TIME if obligation.submitted_at <= obligation.due_at else LATE
    return OVERDUE if obligation.due_at < (now or utcnow()) else PENDING


def period_status(regime: Regime, period_key: str, unit_ids=None, now: datetime | None = None) -> list[Row]:
    """Every unit owing ``regime``'s report for ``period_key`` (within ``unit_ids`` — ids or a SELECT of
    them — when given), by unit code."""
    stmt = (select(Obligation, Unit).join(Unit, Obligation.unit_id == Unit.id)
            .where(Obligation.rule_key.in_(rule_keys(regime)), Obligation.period_key == period_key)
            .order_by(Unit.code, Obligation.id))
    if unit_ids is not None:
        stmt = stmt.where(Obligation.unit_id.in_(unit_ids))
    pairs = db.session.execute(stmt).all()
    ids = [ob.id for ob, _unit in pairs] or [-1]
    submissions = {s.obligation_id: s for s in db.session.scalars(
        select(Submission).where(Submission.obligation_id.in_(ids)))}
    receipts = {r.obligation_id: r for r in db.session.scalars(
        select(OutOfBandReceipt).where(OutOfBandReceipt.obligation_id.in_(ids)))}
    now = now or utcnow()
    return [Row(unit, ob, status_of(ob, now), submissions.get(ob.id), receipts.get(ob.id)) for ob, unit in pairs]


def counts(rows: list[Row]) -> dict[str, int]:
    """How many rows have each status, every status present (0 when none)."""
    out = dict.fromkeys(STATUS_ORDER, 0)
    for row in rows:
        out[row.status] += 1
    return out


def periods_of(regime: Regime) -> list[str]:
    """Period keys for which the regime has obligations, newest (latest deadline) first."""
    stmt = (select(Obligation.period_key).where(Obligation.rule_key.in_(rule_keys(regime)))
            .group_by(Obligation.period_key).order_by(func.max(Obligation.due_at).desc(), Obligation.period_key.desc()))
    return list(db.session.scalars(stmt))


def current_period(regime: Regime, now: datetime | None = None) -> str | None:
    """The period a tracker most likely wants: the one whose deadline is nearest to now."""
    now = now or utcnow()
    rows = db.session.execute(select(Obligation.period_key, func.max(Obligation.due_at)).where(
        Obligation.rule_key.in_(rule_keys(regime))).group_by(Obligation.period_key)).all()
    if not rows:
        return None
    return min(rows, key=lambda r: (abs((r[1] - now).total_seconds()), r[0]))[0]
