"""Ranking of the units' IT application (IT-09, QĐ 1676/QĐ-BTNMT Điều 20.2.c), from the approved six-month or
annual reports of a period, and its publication on the public page.

The scoring method (also in the README): each indicator is a share from 0 to 1, computed from the data of
the unit's latest approved version of its report for the period —

=================  ======  ===========================================================================
indicator          weight  value
=================  ======  ===========================================================================
online_services    30      (services_level_3 + services_level_4) / services_total
email              20      staff_with_email / staff_total
security           20      security_measures / 5
infrastructure     15      computers / staff_total
timeliness         15      1 when the report was sent on time, 0.5 when late
=================  ======  ===========================================================================

Every share is capped to 0–1. An indicator whose denominator is zero or empty (a unit with no
administrative procedure, a report with no staff count) or whose data is missing does not apply: the
score is 100 × Σ(weight × value) / Σ(weight of the indicators that apply), rounded half up to one
decimal. Units are ranked by score, highest first; equal scores share a rank (1, 1, 3). Units without an
approved report are listed unranked.

Publishing stores the ranking as it stands (``RankingPublication``): the public page shows that snapshot,
not a live computation; the audit log keeps every publication and withdrawal.
"""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from platform_core import db
from platform_core.audit import record
from platform_core.units.models import UNIT_ACTIVE, Unit
from platform_core.workflow.models import Submission
from platform_core.workflow.service import last_final_version
from plugins.it_reporting.models import RankingPublication
from plugins.it_reporting.periodic import PERIODIC
from plugins.it_reporting.periodic_fields import SECURITY_MEASURES_MAX


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    weight: int


INDICATORS = (
    Indicator("online_services", "Tỷ lệ dịch vụ công trực tuyến mức độ 3, 4", 30),
    Indicator("email", "Tỷ lệ cán bộ sử dụng thư điện tử công vụ", 20),
    Indicator("security", "Biện pháp bảo đảm an toàn thông tin đã triển khai", 20),
    Indicator("infrastructure", "Tỷ lệ máy tính trên số cán bộ", 15),
    Indicator("timeliness", "Gửi báo cáo đúng hạn", 15),
)
ON_TIME_VALUE, LATE_VALUE = Decimal(1), Decimal("0.5")
ONE_PLACE = Decimal("0.1")

PUBLISH, WITHDRAW = "it_reporting.ranking.publish", "it_reporting.ranking.withdraw"
OBJECT_TYPE = "it_reporting_ranking"


def _number(data: dict, name: str) -> Decimal | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _share(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or not denominator or denominator <= 0:
        return None
    return min(max(numerator / denominator, Decimal(0)), Decimal(1))


def indicator_values(data: dict, timeliness: str | None) -> dict[str, Decimal | None]:
    """Each indicator's share (0–1) for a report's ``data``; None where it does not apply."""
    staff = _number(data, "staff_total")
    level_3, level_4 = _number(data, "services_level_3"), _number(data, "services_level_4")
    online = None if level_3 is None and level_4 is None else (level_3 or 0) + (level_4 or 0)
    return {
        "online_services": _share(online, _number(data, "services_total")),
        "email": _share(_number(data, "staff_with_email"), staff),
        "security": _share(_number(data, "security_measures"), Decimal(SECURITY_MEASURES_MAX)),
        "infrastructure": _share(_number(data, "computers"), staff),
        "timeliness": {"on_time": ON_TIME_VALUE, "late": LATE_VALUE}.get(timeliness),
    }


def score(values: dict[str, Decimal | None]) -> Decimal | None:
    """100 × the weighted mean of the indicators that apply, one decimal; None when none applies."""
    applying = [(i.weight, values[i.key]) for i in INDICATORS if values.get(i.key) is not None]
    weights = sum(w for w, _v in applying)
    if not weights:
        return None
    total = sum(Decimal(w) * v for w, v in applying)
    return (Decimal(100) * total / Decimal(weights)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass
class RankingRow:
    unit_id: int
    unit_code: str
    unit_name: str
    submission_id: int | None = None
    timeliness: str | None = None
    values: dict = field(default_factory=dict)
    score: Decimal | None = None
    rank: int | None = None


def _rank(rows: list[RankingRow]) -> list[RankingRow]:
    scored = sorted((r for r in rows if r.score is not None), key=lambda r: (-r.score, r.unit_code))
    previous, rank = None, 0
    for position, row in enumerate(scored, start=1):
        if row.score != previous:
            rank, previous = position, row.score
        row.rank = rank
    unscored = sorted((r for r in rows if r.score is None), key=lambda r: r.unit_code)
    return scored + unscored


def compute(parent: Unit, period_key: str) -> list[RankingRow]:
    """The ranking of ``parent``'s reporting units for ``period_key`` ("2026-H1", "2026"): every active
    child that owes or sent the report, scored from its latest approved version."""
    from platform_core.obligations.models import STATUS_WAIVED, Obligation
    from plugins.it_reporting.periodic import UNIT_RULES

    children = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.parent_id == parent.id,
                                                                      Unit.status == UNIT_ACTIVE))}
    obligations = {ob.unit_id: ob for ob in db.session.scalars(select(Obligation).where(
        Obligation.rule_key.in_(UNIT_RULES), Obligation.period_key == period_key, Obligation.subject_ref == "",
        Obligation.unit_id.in_(list(children) or [-1])))}
    submissions = {s.unit_id: s for s in db.session.scalars(select(Submission).where(
        Submission.report_type_key == PERIODIC, Submission.period_key == period_key,
        Submission.is_consolidated.is_(False), Submission.unit_id.in_(list(children) or [-1]))
        .order_by(Submission.id.desc()))}
    rows = []
    for unit_id, unit in children.items():
        ob, submission = obligations.get(unit_id), submissions.get(unit_id)
        if submission is None and (ob is None or ob.status == STATUS_WAIVED):
            continue
        row = RankingRow(unit.id, unit.code, unit.name)
        version = last_final_version(submission) if submission is not None else None
        if version is not None:
            obligation = submission.obligation or ob
            row.submission_id = submission.id
            row.timeliness = obligation.timeliness if obligation is not None else None
            row.values = indicator_values(version.data or {}, row.timeliness)
            row.score = score(row.values)
        rows.append(row)
    return _rank(rows)


# ---------------------------------------------------------------- publication

def publication(period_key: str) -> RankingPublication | None:
    """The period's published ranking; None when it was never published or has been withdrawn."""
    return db.session.scalar(select(RankingPublication).where(
        RankingPublication.period_key == period_key, RankingPublication.published.is_(True)))


def snapshot(rows: list[RankingRow]) -> list[list]:
    return [[r.rank, r.unit_name, str(r.score)] for r in rows if r.score is not None]


def publish(parent: Unit, period_key: str, period_label: str, rows: list[RankingRow], user, source: str) -> None:
    """Publish the ranking as it stands; ``source`` names who compiled it, for the public page."""
    from platform_core.timeutil import utcnow

    values = {"period_label": period_label, "rows": snapshot(rows), "source": source, "published": True,
              "published_by_id": user.id, "published_at": utcnow()}
    row = db.session.scalar(select(RankingPublication).where(RankingPublication.period_key == period_key))
    if row is None:
        db.session.add(RankingPublication(period_key=period_key, **values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
    record(PUBLISH, object_type=OBJECT_TYPE, object_id=period_key, unit_id=parent.id, actor=user,
           summary=f"Công bố kết quả xếp hạng ứng dụng CNTT {period_label}")
    db.session.commit()


def withdraw(parent: Unit, period_key: str, period_label: str, user) -> None:
    row = publication(period_key)
    if row is not None:
        row.published = False
    record(WITHDRAW, object_type=OBJECT_TYPE, object_id=period_key, unit_id=parent.id, actor=user,
           summary=f"Thôi công bố kết quả xếp hạng ứng dụng CNTT {period_label}")
    db.session.commit()


def published_figures() -> list[dict]:
    """The rankings published and not withdrawn, newest publication first (at most three)."""
    rows = db.session.scalars(select(RankingPublication).where(RankingPublication.published.is_(True))
                              .order_by(RankingPublication.published_at.desc()).limit(3))
    return [{
        "title": f"Xếp hạng mức độ ứng dụng CNTT của các đơn vị — {p.period_label} (điểm trên thang 100)",
        "rows": [(f"{rank}. {name}", Decimal(value)) for rank, name, value in p.rows],
        "source": p.source,
    } for p in rows]
