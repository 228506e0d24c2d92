"""The one-working-day deadline for deciding an account registration (seed 000 Điều 5), kept as an
obligation of the reviewing unit so it shows in its work queue, gets reminders and counts for timeliness.

The reviewing unit is ``REGISTRATION_REVIEW_UNIT`` (a unit code; empty: the first top-level unit).
"""
from flask import current_app
from sqlalchemy import select

from platform_core.extensions import db
from platform_core.obligations import service as obligations
from platform_core.obligations.models import Obligation
from platform_core.timeutil import local_today, to_local
from platform_core.units.models import UNIT_ACTIVE, Unit

RULE_KEY = "core.registration_review"


def _subject(request_id: int) -> str:
    return f"registration:{request_id}"


def reviewing_unit() -> Unit | None:
    code = current_app.config.get("REGISTRATION_REVIEW_UNIT") or ""
    stmt = select(Unit).where(Unit.status == UNIT_ACTIVE)
    stmt = stmt.where(Unit.code == code) if code else stmt.where(Unit.parent_id.is_(None)).order_by(Unit.id)
    return db.session.scalar(stmt.limit(1))


def open_for(req) -> Obligation | None:
    """Start the deadline of a new request (counted from the day it arrived); None without any unit."""
    unit = reviewing_unit()
    if unit is None:
        return None
    received = to_local(req.created_at).date() if req.created_at else local_today()
    return obligations.open_for_event(RULE_KEY, unit, received, _subject(req.id),
                                      title=f"Duyệt đăng ký tài khoản {req.username} ({req.agency_name})"[:255],
                                      commit=False)


def close_for(req) -> None:
    """The request was decided: its obligation is submitted now (the caller commits)."""
    obligation = db.session.scalar(select(Obligation).where(
        Obligation.rule_key == RULE_KEY, Obligation.subject_ref == _subject(req.id)))
    if obligation is not None:
        obligations.mark_submitted(obligation, commit=False)


def deadlines(requests) -> dict[int, Obligation]:
    """``{request id: obligation}`` for a page of requests, in one query."""
    subjects = {_subject(r.id): r.id for r in requests}
    if not subjects:
        return {}
    rows = db.session.scalars(select(Obligation).where(
        Obligation.rule_key == RULE_KEY, Obligation.subject_ref.in_(list(subjects)))).all()
    return {subjects[o.subject_ref]: o for o in rows}
