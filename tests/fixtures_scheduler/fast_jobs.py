"""A fake plugin ("pcsched") whose jobs are fast: a tick every second that leaves one row per run, a job
that raises, one whose module does not exist, and a morning cron job.

The tick table has its own metadata, not the app's: the tests that need it create it, and no other
test's schema ever sees it.
"""
import os

import sqlalchemy as sa

from platform_core import JobSpec, PluginInfo, db, hookimpl
from platform_core.database import UTCDateTime
from platform_core.scheduler.runner import current_run

KEY = "pcsched"
metadata = sa.MetaData()
ticks = sa.Table(
    "pcsched_ticks", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("scheduled_for", UTCDateTime, nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
)


@hookimpl
def register_plugin(app):
    return PluginInfo(key=KEY, title="Plugin thử bộ lập lịch", version="0.0.1", regulation="—")


@hookimpl
def register_jobs(app):
    here = __name__
    return [
        JobSpec(f"{KEY}.tick", f"{here}:tick", "interval", {"seconds": 1}, title="Đếm nhịp mỗi giây",
                misfire_grace_time=30),
        JobSpec(f"{KEY}.boom", f"{here}:boom", "cron", {"month": 1, "day": 1, "hour": 0}, title="Luôn lỗi"),
        JobSpec(f"{KEY}.missing", "tests.fixtures_scheduler.not_written_yet:run", "cron",
                {"month": 1, "day": 1, "hour": 0}, title="Chưa viết"),
        JobSpec(f"{KEY}.morning", f"{here}:morning", "cron", {"hour": 7, "minute": 0}, title="Buổi sáng"),
    ]


def tick():
    """One row per run, named by the run's due time: duplicates or gaps show in the table."""
    db.session.execute(ticks.insert().values(scheduled_for=current_run().scheduled_for, pid=os.getpid()))


def boom():
    raise RuntimeError("tác vụ thử bị lỗi")


def morning():
    """Returns what the run history shows next to the run."""
    return "3 việc đã làm"
