"""A thread-pool executor that tells each job *which* due time it is running.

APScheduler 3.x calls a job's function without its scheduled time. The claim needs that time (the
moment the job was due, identical in every scheduler), not the moment a thread happened to pick it up,
so this executor passes it as ``scheduled_for``. Misfire handling is APScheduler's: a due time later
than ``misfire_grace_time`` is reported missed and not run.
"""
import logging
from datetime import UTC, datetime, timedelta
from functools import partial

from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor

log = logging.getLogger(__name__)


def run_due_times(job, jobstore_alias, run_times):
    events = []
    for run_time in run_times:
        late = datetime.now(UTC) - run_time
        if job.misfire_grace_time is not None and late > timedelta(seconds=job.misfire_grace_time):
            log.warning("scheduler: %s due %s missed by %s, not run", job.id, run_time.isoformat(), late)
            events.append(JobExecutionEvent(EVENT_JOB_MISSED, job.id, jobstore_alias, run_time))
            continue
        retval = job.func(*job.args, scheduled_for=run_time, **job.kwargs)
        events.append(JobExecutionEvent(EVENT_JOB_EXECUTED, job.id, jobstore_alias, run_time, retval=retval))
    return events


class DueTimeExecutor(ThreadPoolExecutor):
    def _do_submit_job(self, job, run_times):
        future = self._pool.submit(run_due_times, job, job._jobstore_alias, run_times)
        future.add_done_callback(partial(self._done, job.id))

    def _done(self, job_id, future):
        exc = future.exception()
        if exc is not None:
            self._run_job_error(job_id, exc, exc.__traceback__)
        else:
            self._run_job_success(job_id, future.result())
