"""Maintenance notices announced to every user (CORE-20)."""
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from platform_core.database import UTCDateTime
from platform_core.extensions import db
from platform_core.timeutil import utcnow


class MaintenanceNotice(db.Model):
    """An announced maintenance window. ``starts_at``/``ends_at`` are UTC instants; without ``ends_at``
    the notice is shown until :data:`~platform_core.maintenance.service.OPEN_ENDED_SHOWN` after its
    start. A cancelled notice is kept (for the record) but no longer shown."""

    __tablename__ = "maintenance_notices"
    __audited__ = True
    __table_args__ = (Index("ix_maintenance_notices_shown", "cancelled", "ends_at", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text, default="")
    starts_at = mapped_column(UTCDateTime, nullable=False)
    ends_at = mapped_column(UTCDateTime)
    urgent: Mapped[bool] = mapped_column(default=False)
    cancelled: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    created_by = relationship("User")
