"""Submissions: what a unit hands in for a report type, and every version of it."""
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from platform_core.database import JSONType, UTCDateTime
from platform_core.extensions import db
from platform_core.timeutil import utcnow

DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
RESUBMITTED = "resubmitted"
APPROVED = "approved"
SIGNED = "signed"
SENT = "sent"
STATES = (DRAFT, SUBMITTED, RETURNED, RESUBMITTED, APPROVED, SIGNED, SENT)


class Submission(db.Model):
    """A unit's report for one report type (and usually one obligation).

    ``lock_version`` is SQLAlchemy's optimistic lock: a save based on a stale copy fails instead of
    overwriting someone else's work. ``data`` maps field names to values; an approved submission's data
    never changes again — an amendment is a new version.
    """

    __tablename__ = "submissions"
    __audited__ = True
    __table_args__ = (
        Index("ix_submissions_unit_type", "unit_id", "report_type_key"),
        UniqueConstraint("obligation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_type_key: Mapped[str] = mapped_column(String(120))
    plugin_key: Mapped[str] = mapped_column(String(40), index=True)
    obligation_id: Mapped[int | None] = mapped_column(ForeignKey("obligations.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period_key: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default=DRAFT, index=True)
    data = mapped_column(JSONType, default=dict, nullable=False)
    document_number: Mapped[str | None] = mapped_column(String(80))
    return_reason: Mapped[str | None] = mapped_column(Text)
    is_consolidated: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at = mapped_column(UTCDateTime)
    approved_at = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_at = mapped_column(UTCDateTime)
    sent_at = mapped_column(UTCDateTime)
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    unit = relationship("Unit")
    obligation = relationship("Obligation")
    versions: Mapped[list["SubmissionVersion"]] = relationship(
        back_populates="submission", order_by="SubmissionVersion.number", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": lock_version}


class SubmissionVersion(db.Model):
    """A snapshot written by every transition: state, data, who, when, why. ``sources`` records, for a
    consolidated report, which child submission versions its figures came from."""

    __tablename__ = "submission_versions"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    data = mapped_column(JSONType, nullable=False)
    sources = mapped_column(JSONType)
    note: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="versions")
