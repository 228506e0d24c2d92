"""Background exports: a large document is rendered outside the request and fetched when ready.

The finished file is kept in the row (not in a folder) so that whichever web worker or host answers the
download has it; exports are short-lived and removed after ``DOCUMENT_EXPORT_KEEP_HOURS``.
"""
from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from platform_core.database import UTCDateTime
from platform_core.extensions import db
from platform_core.timeutil import utcnow

PENDING = "pending"
RUNNING = "running"
DONE = "done"
FAILED = "failed"


class DocumentExport(db.Model):
    """One requested export of one submission in one format, for the user who asked.

    ``submission_version`` is the submission's ``lock_version`` when asked: a later request for the same
    unchanged report reuses the export instead of rendering it again.
    """

    __tablename__ = "document_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    fmt: Mapped[str] = mapped_column(String(8))
    submission_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    filename: Mapped[str | None] = mapped_column(String(255))
    mimetype: Mapped[str | None] = mapped_column(String(120))
    size: Mapped[int | None] = mapped_column(Integer)
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    error: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    started_at = mapped_column(UTCDateTime)
    finished_at = mapped_column(UTCDateTime)
