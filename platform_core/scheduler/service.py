"""Building an APScheduler scheduler from the declared jobs.

Jobs live in the in-memory job store: they are defined in code and added afresh each time a process
becomes the leader, so a job no longer declared is simply never scheduled; only run history is stored.
"""
from datetime import timedelta
from functools import partial

from apscheduler.schedulers.background import BackgroundScheduler

from platform_core.scheduler import registry, runner
from platform_core.scheduler.executor import DueTimeExecutor
from platform_core.timeutil import LOCAL_TZ, utcnow


def first_run_time(job, now):
    """Start from the earliest due time still within the job's grace period rather than from now: a
    scheduler that takes over at 07:00:03 (restart, failover) still runs the 07:00 job. If the previous
    leader already ran it, the claim turns this into a no-op."""
    return job.trigger.get_next_fire_time(None, now - timedelta(seconds=job.spec.misfire_grace_time))


def build(app, jobs=None, scheduler_class=BackgroundScheduler):
    """A scheduler (not started) with ``jobs`` (default: the jobs ``SCHEDULER_JOBS`` selects)."""
    if jobs is None:
        jobs = registry.selected(app, registry.catalog(app).jobs.values())
    scheduler = scheduler_class(timezone=LOCAL_TZ, executors={"default": DueTimeExecutor()},
                                job_defaults={"coalesce": True, "max_instances": 1})
    now = utcnow()
    for job in jobs:
        scheduler.add_job(partial(runner.run_scheduled, app, job), trigger=job.trigger, id=job.key,
                          name=job.title, replace_existing=True, coalesce=True, max_instances=1,
                          misfire_grace_time=job.spec.misfire_grace_time, next_run_time=first_run_time(job, now))
    return scheduler
