"""Rendering large documents outside the request.

xhtml2pdf needs about 0.1 s per page even with chunked tables, so a report of a thousand rows takes longer
than anyone should wait on a page, and longer than gunicorn lets a sync worker run. Such an export is a
row in ``document_exports``, rendered by a thread of the web process that took the request; every worker
can answer its status page and its download, because the file is stored in the row. A process that dies
mid-render leaves its row "running": after ``stale_after()`` seconds it counts as failed and a new
request renders it again.
"""
import logging
import threading
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from platform_core.documents.models import DONE, FAILED, PENDING, RUNNING, DocumentExport
from platform_core.extensions import db
from platform_core.timeutil import utcnow

log = logging.getLogger(__name__)


def stale_after() -> int:
    return 2 * int(current_app.config.get("DOCUMENT_MAX_RENDER_SECONDS", 600))


def is_stale(job: DocumentExport) -> bool:
    if job.status == PENDING:
        started = job.created_at
    elif job.status == RUNNING:
        started = job.started_at or job.created_at
    else:
        return False
    return started < utcnow() - timedelta(seconds=stale_after())


def state(job: DocumentExport) -> str:
    """The status users see: a stalled job is a failed one."""
    return FAILED if is_stale(job) else job.status


def reusable(submission, user, fmt) -> DocumentExport | None:
    """The newest export of this very version of the submission by this user that is not failed."""
    job = db.session.scalars(
        select(DocumentExport).where(
            DocumentExport.submission_id == submission.id, DocumentExport.user_id == user.id,
            DocumentExport.fmt == fmt, DocumentExport.submission_version == submission.lock_version,
            DocumentExport.status.in_((PENDING, RUNNING, DONE)),
        ).order_by(DocumentExport.id.desc()).limit(1)
    ).first()
    return job if job is not None and not is_stale(job) else None


def purge_expired():
    """Forget exports older than ``DOCUMENT_EXPORT_KEEP_HOURS`` (default 24)."""
    hours = int(current_app.config.get("DOCUMENT_EXPORT_KEEP_HOURS", 24))
    db.session.execute(delete(DocumentExport).where(DocumentExport.created_at < utcnow() - timedelta(hours=hours)))


def request_export(submission, user, fmt) -> DocumentExport:
    """An export for ``user``: one already under way or done for this version, else a new one, started.
    Commits."""
    purge_expired()
    job = reusable(submission, user, fmt)
    if job is None:
        job = DocumentExport(submission_id=submission.id, user_id=user.id, fmt=fmt,
                             submission_version=submission.lock_version, status=PENDING, created_at=utcnow())
        db.session.add(job)
        db.session.commit()
        start(job.id)
    else:
        db.session.commit()
    return job


def start(job_id: int) -> threading.Thread:
    app = current_app._get_current_object()
    thread = threading.Thread(target=_run, args=(app, job_id), name=f"document-export-{job_id}", daemon=True)
    thread.start()
    return thread


def _claim(job_id) -> bool:
    claimed = db.session.execute(
        update(DocumentExport).where(DocumentExport.id == job_id, DocumentExport.status == PENDING)
        .values(status=RUNNING, started_at=utcnow())
    ).rowcount
    db.session.commit()
    return claimed == 1


def run(job_id: int):
    """Render export ``job_id`` if nobody has started it; records the file or the error. Needs an app
    context."""
    from platform_core.documents.render import render_submission
    from platform_core.workflow.models import Submission

    if not _claim(job_id):
        return
    job = db.session.get(DocumentExport, job_id)
    try:
        data, filename, mimetype = render_submission(db.session.get(Submission, job.submission_id), job.fmt)
    except Exception as exc:  # noqa: BLE001 — any failure is the job's result, shown to the user
        log.exception("document export %s failed", job_id)
        db.session.rollback()
        job = db.session.get(DocumentExport, job_id)
        job.status, job.error, job.finished_at = FAILED, str(exc)[:2000], utcnow()
    else:
        job.content, job.filename, job.mimetype, job.size = data, filename, mimetype, len(data)
        job.status, job.finished_at = DONE, utcnow()
    db.session.commit()


def _run(app, job_id):
    with app.app_context():
        try:
            run(job_id)
        finally:
            db.session.remove()
