"""In-app notifications, the once-only delivery log of reminders, and reminder offsets per regime."""
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from platform_core.database import JSONType, UTCDateTime
from platform_core.extensions import db
from platform_core.timeutil import utcnow

CHANNEL_EMAIL = "email"
CHANNEL_INAPP = "inapp"
CHANNELS = (CHANNEL_INAPP, CHANNEL_EMAIL)

DELIVERY_CLAIMED = "claimed"
DELIVERY_SENT = "sent"
DELIVERY_FAILED = "failed"

KIND_REMINDER = "reminder"
KIND_ESCALATION = "escalation"
KIND_INFO = "info"


class Notification(db.Model):
    """A message in a user's in-app inbox (the bell)."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20), default=KIND_INFO)
    obligation_id: Mapped[int | None] = mapped_column(ForeignKey("obligations.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    read_at = mapped_column(UTCDateTime)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(db.Model):
    """One reminder or escalation for (obligation, offset, recipient, channel), at most once ever.

    ``offset_days`` is positive N days before the due date, 0 on the due day, negative N days after it
    (escalations). The row is inserted ("claimed") before anything is sent; the unique key makes a
    second claim, by a rerun or by another process, fail instead of sending twice.
    """

    __tablename__ = "notification_deliveries"
    __table_args__ = (
        UniqueConstraint("obligation_id", "offset_days", "recipient_id", "channel",
                         name="uq_notification_deliveries_key"),
        Index("ix_notification_deliveries_recipient", "recipient_id", "created_at"),
        Index("ix_notification_deliveries_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("obligations.id"))
    offset_days: Mapped[int] = mapped_column(Integer)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default=DELIVERY_CLAIMED)
    error: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    sent_at = mapped_column(UTCDateTime)

    obligation = relationship("Obligation")
    recipient = relationship("User")

    @property
    def is_escalation(self) -> bool:
        return self.offset_days < 0


class ReminderSetting(db.Model):
    """A regime's own reminder offsets (days before the due date) and whether overdue reports are
    escalated. No row, or ``offsets`` None, means the configured default ``REMINDER_OFFSETS``."""

    __tablename__ = "reminder_settings"
    __audited__ = True

    plugin_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    offsets = mapped_column(JSONType)
    escalate: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
