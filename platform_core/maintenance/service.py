"""Scheduling, cancelling and showing maintenance notices (CORE-20, seed 002 Đ10.3).

Users must see a planned upgrade at least 24 hours before it starts, so a notice is shown from the
moment it is created, and a start less than :data:`MIN_NOTICE` away is refused unless the notice is
marked urgent; an urgent notice is written to the audit log as ``maintenance.urgent``.
"""
from datetime import datetime, timedelta

from flask import g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from platform_core.audit.service import record
from platform_core.extensions import db
from platform_core.maintenance.models import MaintenanceNotice
from platform_core.timeutil import format_datetime, utcnow

MIN_NOTICE = timedelta(hours=24)
OPEN_ENDED_SHOWN = timedelta(hours=24)


class NoticeError(ValueError):
    """A notice that cannot be scheduled; the message is meant for the administrator (Vietnamese)."""


def schedule_problems(starts_at: datetime, ends_at: datetime | None, urgent: bool,
                      now: datetime | None = None) -> dict[str, str]:
    """``{field: message}`` of what is wrong with this schedule (empty when it may be announced)."""
    now = now or utcnow()
    problems = {}
    if not urgent and starts_at < now + MIN_NOTICE:
        problems["starts_at"] = _(
            "Thời điểm bắt đầu phải cách hiện tại ít nhất 24 giờ để mọi người kịp biết (sớm nhất: "
            "%(earliest)s). Nếu việc bảo trì không thể chờ, hãy đánh dấu “Khẩn cấp”.",
            earliest=format_datetime(now + MIN_NOTICE + timedelta(minutes=1)))
    if ends_at is not None:
        if ends_at <= starts_at:
            problems["ends_at"] = _("Thời điểm kết thúc phải sau thời điểm bắt đầu.")
        elif ends_at <= now:
            problems["ends_at"] = _("Thời điểm kết thúc đã qua.")
    return problems


def create_notice(title: str, message: str, starts_at: datetime, ends_at: datetime | None = None,
                  urgent: bool = False, by=None) -> MaintenanceNotice:
    """Add a notice to the session (the caller commits); :class:`NoticeError` when the schedule is refused."""
    problems = schedule_problems(starts_at, ends_at, urgent)
    if problems:
        raise NoticeError(" ".join(problems.values()))
    notice = MaintenanceNotice(title=title, message=message or "", starts_at=starts_at, ends_at=ends_at,
                               urgent=urgent, created_by_id=by.id if by is not None else None)
    db.session.add(notice)
    db.session.flush()
    if urgent:
        record("maintenance.urgent", object_type=MaintenanceNotice.__tablename__, object_id=notice.id,
               summary=f"Thông báo bảo trì khẩn cấp (báo trước dưới 24 giờ): {title}, "
                       f"bắt đầu {format_datetime(starts_at)}",
               changes={"starts_at": starts_at.isoformat(), "notice_hours": _hours(starts_at - utcnow())})
    return notice


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600, 1)


def cancel_notice(notice: MaintenanceNotice) -> None:
    notice.cancelled = True
    db.session.flush()


def shown_until(notice: MaintenanceNotice) -> datetime:
    return notice.ends_at or notice.starts_at + OPEN_ENDED_SHOWN


def current_notices(now: datetime | None = None) -> list[MaintenanceNotice]:
    """Notices every user sees now: created, not cancelled, not yet over; soonest first."""
    now = now or utcnow()
    stmt = (select(MaintenanceNotice)
            .where(MaintenanceNotice.cancelled.is_(False),
                   or_(MaintenanceNotice.ends_at > now,
                       and_(MaintenanceNotice.ends_at.is_(None),
                            MaintenanceNotice.starts_at > now - OPEN_ENDED_SHOWN)))
            .order_by(MaintenanceNotice.starts_at, MaintenanceNotice.id))
    return db.session.scalars(stmt).all()


def notices_for_banner() -> list[MaintenanceNotice]:
    """:func:`current_notices`, read once per request."""
    if not has_request_context():
        return current_notices()
    if "_maintenance_notices" not in g:
        g._maintenance_notices = current_notices()
    return g._maintenance_notices


def all_notices() -> list[MaintenanceNotice]:
    return db.session.scalars(select(MaintenanceNotice).order_by(MaintenanceNotice.starts_at.desc(),
                                                                 MaintenanceNotice.id.desc())).all()


def status(notice: MaintenanceNotice, now: datetime | None = None) -> str:
    """"cancelled", "ended", "ongoing" or "upcoming"."""
    now = now or utcnow()
    if notice.cancelled:
        return "cancelled"
    if shown_until(notice) <= now:
        return "ended"
    return "ongoing" if notice.starts_at <= now else "upcoming"
