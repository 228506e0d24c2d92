"""Run history of scheduled jobs and the lease that elects one scheduler on databases without advisory
locks. Jobs themselves are defined in code, never stored."""
from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from platform_core.database import UTCDateTime
from platform_core.extensions import db

RUNNING = "running"
SUCCESS = "success"
FAILED = "failed"
SKIPPED = "skipped"
STATUSES = (RUNNING, SUCCESS, FAILED, SKIPPED)
SUMMARY_MAX = 500


class JobRun(db.Model):
    """One due time of one job. The row is inserted *before* the job runs, and the unique
    ``(job_key, scheduled_for)`` pair is the claim: a second scheduler firing the same due time fails to
    insert it and leaves the run to the first."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job_key", "scheduled_for"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_key: Mapped[str] = mapped_column(String(120))
    # The due time in UTC, whole seconds, so every scheduler computes the same value.
    scheduled_for = mapped_column(UTCDateTime, nullable=False)
    started_at = mapped_column(UTCDateTime, nullable=False)
    finished_at = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default=RUNNING)
    error: Mapped[str | None] = mapped_column(Text)
    # What the job's function returned, as text ("12 thư nhắc đã gửi"), for the run history.
    summary: Mapped[str | None] = mapped_column(String(SUMMARY_MAX))
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
    # Who asked for a run outside the schedule: a user name, "cli", or NULL for the scheduler itself.
    triggered_by: Mapped[str | None] = mapped_column(String(80))

    @property
    def duration(self):
        if self.finished_at is None or self.started_at is None:
            return None
        return self.finished_at - self.started_at


class SchedulerLease(db.Model):
    """Leadership on SQLite: the holder renews ``expires_at``; anyone may take an expired lease."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at = mapped_column(UTCDateTime, nullable=False)
