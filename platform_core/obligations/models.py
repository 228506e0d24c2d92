"""Obligations: unit U owes R for period P by instant D."""
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from platform_core.database import UTCDateTime
from platform_core.extensions import db
from platform_core.timeutil import utcnow

STATUS_OPEN = "open"
STATUS_SUBMITTED = "submitted"
STATUS_LATE = "late"
STATUS_DONE = "done"
STATUS_WAIVED = "waived"
STATUSES = (STATUS_OPEN, STATUS_SUBMITTED, STATUS_LATE, STATUS_DONE, STATUS_WAIVED)


class Obligation(db.Model):
    """One thing a unit owes by a deadline.

    ``due_at`` is the end of the due day in Asia/Ho_Chi_Minh, stored in UTC. ``period_key`` names the
    period ("2026-06", "2026-H1", "2026", or the event date for event rules) and, with the rule, unit
    and ``subject_ref`` (what the obligation is about, "" when nothing more specific), makes generation
    idempotent.
    """

    __tablename__ = "obligations"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("rule_key", "unit_id", "period_key", "subject_ref"),
        Index("ix_obligations_unit_due", "unit_id", "due_at"),
        Index("ix_obligations_status_due", "status", "due_at"),
        # Generation looks up the periods of one rule across all units.
        Index("ix_obligations_rule_period", "rule_key", "period_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plugin_key: Mapped[str] = mapped_column(String(40), index=True)
    rule_key: Mapped[str] = mapped_column(String(120))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    title: Mapped[str] = mapped_column(String(255))
    subject_ref: Mapped[str] = mapped_column(String(120), default="")
    period_key: Mapped[str] = mapped_column(String(40))
    period_start = mapped_column(db.Date)
    period_end = mapped_column(db.Date)
    due_at = mapped_column(UTCDateTime, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default=STATUS_OPEN)
    submitted_at = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow)

    unit = relationship("Unit")

    @property
    def timeliness(self) -> str | None:
        """"on_time" or "late" once submitted; None before."""
        if self.submitted_at is None:
            return None
        return "on_time" if self.submitted_at <= self.due_at else "late"


DAY_OFF = "off"
DAY_WORKING = "working"


class CalendarOverride(db.Model):
    """A local change to the national calendar: an extra day off (``off``) or a make-up working day
    (``working``, e.g. a Saturday worked in exchange for a bridge holiday)."""

    __tablename__ = "calendar_overrides"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    day = mapped_column(db.Date, unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)


class OutOfBandReceipt(db.Model):
    """A report that reached the receiving body through another channel (paper, the document system)
    while this system was down (seed 002 Đ11.5). Its receipt time counts for timeliness."""

    __tablename__ = "obligation_receipts"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("obligations.id"), unique=True)
    document_number: Mapped[str] = mapped_column(String(80))
    document_date = mapped_column(db.Date, nullable=False)
    received_at = mapped_column(UTCDateTime, nullable=False)
    file_path: Mapped[str | None] = mapped_column(String(500))
    original_filename: Mapped[str | None] = mapped_column(String(255))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)

    obligation = relationship("Obligation", backref="receipt")
