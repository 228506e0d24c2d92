"""Where the periodic report of a period stands: which units have sent, late or not at all, and the
ministry's consolidated report with the marks of its last consolidation (Đ20.1.a)."""
import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from platform_core import db
from platform_core.access import scope_query
from platform_core.obligations.models import STATUS_WAIVED, Obligation
from platform_core.obligations.service import due_day
from platform_core.timeutil import local_today, utcnow
from platform_core.units.models import Unit
from platform_core.workflow.models import Submission
from plugins.it_reporting import VIEW
from plugins.it_reporting.periodic import (
    HALF_MINISTRY_RULE,
    HALF_RULE,
    MIC_RULE,
    PERIODIC,
    YEAR_MINISTRY_RULE,
    YEAR_RULE,
)

PERIOD = re.compile(r"(\d{4})(-H1)?")
FINAL = ("approved", "signed", "sent")

ON_TIME, LATE, MISSING, PENDING, WAIVED = "on_time", "late", "missing", "pending", "waived"


def state_labels() -> dict:
    return {ON_TIME: _("Đã gửi đúng hạn"), LATE: _("Gửi trễ hạn"), MISSING: _("Chưa gửi (quá hạn)"),
            PENDING: _("Chưa đến hạn"), WAIVED: _("Được miễn")}


@dataclass(frozen=True)
class Period:
    """A six-month ("2026-H1") or annual ("2026") period of the report."""

    year: int
    half: bool

    @property
    def key(self) -> str:
        return f"{self.year}-H1" if self.half else str(self.year)

    @property
    def unit_rule(self) -> str:
        return HALF_RULE if self.half else YEAR_RULE

    @property
    def ministry_rule(self) -> str:
        return HALF_MINISTRY_RULE if self.half else YEAR_MINISTRY_RULE

    @property
    def label(self) -> str:
        return (_("6 tháng đầu năm %(year)s", year=self.year) if self.half
                else _("Năm %(year)s", year=self.year))

    @property
    def unit_due(self) -> date:
        return date(self.year, 6, 14) if self.half else date(self.year, 12, 9)


def parse_period(text: str | None) -> Period | None:
    match = PERIOD.fullmatch((text or "").strip())
    if not match or not 2000 <= int(match.group(1)) <= 2999:
        return None
    return Period(int(match.group(1)), bool(match.group(2)))


def recent_periods(today: date | None = None, years: int = 3) -> list[Period]:
    """The periods of this year and the ``years`` − 1 before it, newest first."""
    today = today or local_today()
    return [Period(y, half) for y in range(today.year, today.year - years, -1) for half in (False, True)]


def current_period(today: date | None = None) -> Period:
    """The latest period whose units' deadline has come, so the overview opens on something to see."""
    today = today or local_today()
    for period in recent_periods(today, years=2):
        if period.unit_due <= today:
            return period
    return Period(today.year - 1, False)


@dataclass
class UnitRow:
    unit: Unit
    obligation: Obligation
    submission: Submission | None

    @property
    def state(self) -> str:
        ob = self.obligation
        if ob.status == STATUS_WAIVED:
            return WAIVED
        if ob.submitted_at is not None:
            return ON_TIME if ob.timeliness == "on_time" else LATE
        return MISSING if ob.due_at < utcnow() else PENDING

    @property
    def due_day(self) -> date:
        return due_day(self.obligation)

    @property
    def approved(self) -> bool:
        return self.submission is not None and self.submission.status in FINAL


def unit_rows(parent: Unit, period: Period, user) -> list[UnitRow]:
    """The reporting units under ``parent`` that owe the period's report, as far as ``user`` may see them."""
    stmt = (select(Obligation).join(Unit, Unit.id == Obligation.unit_id)
            .where(Obligation.rule_key == period.unit_rule, Obligation.period_key == period.key,
                   Obligation.subject_ref == "", Unit.parent_id == parent.id)
            .order_by(Unit.code))
    obligations = db.session.scalars(scope_query(stmt, Obligation.unit_id, user, VIEW)).all()
    ids = [ob.unit_id for ob in obligations]
    submissions = {s.unit_id: s for s in db.session.scalars(select(Submission).where(
        Submission.report_type_key == PERIODIC, Submission.period_key == period.key,
        Submission.is_consolidated.is_(False), Submission.unit_id.in_(ids or [-1])).order_by(Submission.id))}
    return [UnitRow(ob.unit, ob, submissions.get(ob.unit_id)) for ob in obligations]


def consolidated_submission(parent: Unit, period: Period) -> Submission | None:
    return db.session.scalar(select(Submission).where(
        Submission.report_type_key == PERIODIC, Submission.unit_id == parent.id,
        Submission.period_key == period.key).order_by(Submission.id).limit(1))


def ministry_obligation(parent: Unit, period: Period, rule_key: str | None = None) -> Obligation | None:
    return db.session.scalar(select(Obligation).where(
        Obligation.rule_key == (rule_key or period.ministry_rule), Obligation.unit_id == parent.id,
        Obligation.period_key == period.key, Obligation.subject_ref == ""))


def mic_obligation(parent: Unit, period: Period) -> Obligation | None:
    """The ministry's report of the year to MIC (annual periods only)."""
    return None if period.half else ministry_obligation(parent, period, MIC_RULE)


def last_consolidation(submission: Submission):
    """The version written by the latest consolidation of ``submission`` (its ``sources`` and note), or None."""
    versions = [v for v in submission.versions if v.action == "consolidate"]
    return versions[-1] if versions else None


#: How a unit counted in a consolidation reads in the official document (plain Vietnamese, never translated).
DOCUMENT_MARKS = {
    "waived": "Được miễn", "on_time": "Gửi đúng hạn", "late": "Gửi trễ hạn",
    "on_time_unapproved": "Gửi đúng hạn, chưa được duyệt", "late_unapproved": "Gửi trễ hạn, chưa được duyệt",
    "missing_late": "Chưa gửi, trễ hạn", "missing": "Chưa gửi",
}


def page_marks() -> dict:
    return {"waived": _("Được miễn"), "on_time": _("Gửi đúng hạn"), "late": _("Gửi trễ hạn"),
            "on_time_unapproved": _("Gửi đúng hạn, chưa được duyệt"),
            "late_unapproved": _("Gửi trễ hạn, chưa được duyệt"), "missing_late": _("Chưa gửi, trễ hạn"),
            "missing": _("Chưa gửi")}


def child_mark(child: dict) -> str:
    """The mark of a unit counted in a consolidation (a key of :data:`DOCUMENT_MARKS`)."""
    if child.get("waived"):
        return "waived"
    if child.get("submitted_at"):
        mark = "late" if child.get("late") else "on_time"
        return f"{mark}_unapproved" if child.get("missing") else mark
    if child.get("missing"):
        return "missing_late" if child.get("late") else "missing"
    return "on_time"


def consolidation_children(submission: Submission) -> list[dict]:
    """The units of the latest consolidation, each with its mark (``mark``, a key of :data:`DOCUMENT_MARKS`)
    and whether it is flagged as late or missing."""
    version = last_consolidation(submission)
    if version is None or not version.sources:
        return []
    out = []
    for child in version.sources.get("children", []):
        out.append({**child, "mark": child_mark(child),
                    "flagged": bool(child.get("late") or child.get("missing")) and not child.get("waived")})
    return out
