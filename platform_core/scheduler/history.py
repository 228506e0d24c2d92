"""Reading run history: the last run of each job, a job's runs newest first, and how to show them."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from platform_core.extensions import db
from platform_core.scheduler.models import FAILED, RUNNING, SKIPPED, SUCCESS, JobRun

STATUS_LABELS = {RUNNING: _l("Đang chạy"), SUCCESS: _l("Thành công"), FAILED: _l("Lỗi"), SKIPPED: _l("Bỏ qua")}


def last_runs() -> dict[str, JobRun]:
    """``{job_key: the run with the latest due time}`` for every job that has run."""
    latest = (select(JobRun.job_key, func.max(JobRun.scheduled_for).label("due"))
              .group_by(JobRun.job_key).subquery())
    rows = db.session.scalars(select(JobRun).join(
        latest, (JobRun.job_key == latest.c.job_key) & (JobRun.scheduled_for == latest.c.due)))
    return {run.job_key: run for run in rows}


def runs_of(job_key: str):
    """A SELECT of ``job_key``'s runs, newest due time first (for ``paginate``)."""
    return select(JobRun).where(JobRun.job_key == job_key).order_by(JobRun.scheduled_for.desc(), JobRun.id.desc())


def status_label(status: str | None) -> str:
    return str(STATUS_LABELS.get(status, status or ""))


def format_duration(delta) -> str:
    """"0,4 giây", "12 giây", "3 phút 05 giây"; '' while a run has not finished."""
    if delta is None:
        return ""
    seconds = delta.total_seconds()
    if seconds < 10:
        return _("%(s)s giây", s=f"{seconds:.1f}".replace(".", ","))
    if seconds < 60:
        return _("%(s)s giây", s=int(seconds))
    minutes, rest = divmod(int(seconds), 60)
    return _("%(m)s phút %(s)02d giây", m=minutes, s=rest)
