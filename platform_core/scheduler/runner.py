"""One due time of one job, exactly once across every process: claim it, run it, record how it ended.

The claim is the ``job_runs`` row itself, inserted in its own short transaction before the job starts;
the unique ``(job_key, scheduled_for)`` pair makes the database refuse a second scheduler (or a second
host) that fires the same due time, and that one simply does nothing. Everything that can go wrong with
the job — an import error, an exception, an inactive plugin — ends up in the row, never in the scheduler.
"""
import contextlib
import contextvars
import importlib
import logging
import os
import socket
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError

from platform_core.database import nfc
from platform_core.extensions import db
from platform_core.plugins.activation import is_active_anywhere
from platform_core.scheduler.models import FAILED, RUNNING, SKIPPED, SUCCESS, SUMMARY_MAX, JobRun
from platform_core.timeutil import utcnow

log = logging.getLogger(__name__)
HOST = socket.gethostname()
TAKEN = "taken"  # another process holds the claim
UNRECORDED = "unrecorded"  # the claim could not be written (database unreachable): the job did not run


@dataclass(frozen=True)
class Outcome:
    status: str
    run_id: int | None = None
    error: str | None = None
    summary: str | None = None


@dataclass(frozen=True)
class CurrentRun:
    job_key: str
    scheduled_for: datetime
    run_id: int


_current = contextvars.ContextVar("scheduler_current_run", default=None)


def current_run() -> CurrentRun | None:
    """The run in progress, for a job that keys its own work on its due time (None outside a job)."""
    return _current.get()


def due_time(value: datetime) -> datetime:
    """The claim's ``scheduled_for``: UTC, whole seconds, so every scheduler writes the same value."""
    if value.tzinfo is None:
        raise ValueError("naive due time")
    return value.astimezone(UTC).replace(microsecond=0)


def resolve(ref: str):
    """The callable named by ``"package.module:attribute"``."""
    module_name, _, attribute = ref.partition(":")
    target = importlib.import_module(module_name)
    for part in attribute.split("."):
        target = getattr(target, part)
    return target


def claim(job_key: str, scheduled_for: datetime, triggered_by: str | None = None) -> int | None:
    """Insert the run row; its id, or None when another process already claimed this due time."""
    row = dict(job_key=job_key, scheduled_for=scheduled_for, started_at=utcnow(), status=RUNNING,
               host=nfc(HOST), pid=os.getpid(), triggered_by=nfc(triggered_by))
    try:
        with db.engine.begin() as conn:
            return conn.execute(insert(JobRun.__table__).values(**row)).inserted_primary_key[0]
    except IntegrityError:
        return None


def finish(run_id: int, outcome: Outcome):
    with db.engine.begin() as conn:
        conn.execute(update(JobRun.__table__).where(JobRun.__table__.c.id == run_id)
                     .values(status=outcome.status, finished_at=utcnow(), error=nfc(outcome.error),
                             summary=nfc(outcome.summary)))


def _summary(value) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1] + "…"


def _call(job, run_id: int) -> Outcome:
    """Run the job's function with the app's session; commit what it left pending."""
    try:
        if job.plugin != "core" and not is_active_anywhere(job.plugin):
            return Outcome(SKIPPED, run_id, f"Plugin {job.plugin} chưa được bật ở đơn vị nào.")
        returned = resolve(job.spec.func)()
        db.session.commit()
        return Outcome(SUCCESS, run_id, summary=_summary(returned))
    except Exception:
        error = traceback.format_exc()
        with contextlib.suppress(Exception):
            db.session.rollback()
        return Outcome(FAILED, run_id, error)


def execute(app, job, scheduled_for: datetime, triggered_by: str | None = None) -> Outcome:
    """Claim ``job`` at ``scheduled_for``, run it in a fresh app context and record the result.

    Never raises: the scheduler thread that calls it must survive anything a job or the database does.
    """
    when = due_time(scheduled_for)
    with app.app_context():
        try:
            run_id = claim(job.key, when, triggered_by)
        except Exception as exc:
            log.error("scheduler: cannot claim %s at %s, not run: %s", job.key, when.isoformat(), exc)
            return Outcome(UNRECORDED, error=str(exc))
        if run_id is None:
            log.info("scheduler: %s at %s already claimed elsewhere", job.key, when.isoformat())
            return Outcome(TAKEN)
        log.info("scheduler: running %s (due %s)", job.key, when.isoformat())
        token = _current.set(CurrentRun(job.key, when, run_id))
        try:
            outcome = _call(job, run_id)
        finally:
            _current.reset(token)
        try:
            finish(run_id, outcome)
        except Exception as exc:
            log.error("scheduler: %s at %s ended %s but could not be recorded: %s", job.key, when.isoformat(),
                      outcome.status, exc)
        if outcome.status == FAILED:
            log.error("scheduler: %s failed:\n%s", job.key, outcome.error)
        else:
            log.info("scheduler: %s ended %s %s", job.key, outcome.status, outcome.summary or "")
        return outcome


def run_scheduled(app, job, scheduled_for: datetime | None = None) -> Outcome:
    """What the scheduler calls; the executor passes the due time APScheduler computed."""
    return execute(app, job, scheduled_for or utcnow())


def run_now(app, job, triggered_by: str) -> Outcome:
    """A run outside the schedule (CLI, admin page), due now; it still claims, so it cannot double up
    with a scheduled run of the same second."""
    return execute(app, job, utcnow(), triggered_by)
