"""CORE-10: two real ``flask scheduler run`` processes on one database run every due time exactly once,
and when the leader is killed the standby takes over within seconds.

The fake plugin's tick job (every second) writes one row per run, named by its due time, so a double run
or a gap shows in its table as well as in ``job_runs``.
"""
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from platform_core.scheduler.models import RUNNING, SUCCESS
from platform_core.testing.pytest_plugin import _make_app
from platform_core.timeutil import utcnow

ROOT = Path(__file__).resolve().parent.parent
FLASK = Path(sys.executable).parent / "flask"
PLUGIN = "pcsched=tests.fixtures_scheduler.fast_jobs"
RETRY = 0.5
LEASE = 2
PHASE = 3.5
# Longest pause allowed between two recorded due times: detecting the dead leader (a lease to expire, or
# the next retry on PostgreSQL), plus a couple of ticks and the new scheduler's start.
MAX_GAP = LEASE + RETRY + 2 + 2


def prepare(url):
    from platform_core.extensions import db
    from platform_core.plugins import activation
    from tests.fixtures_scheduler import fast_jobs

    app = _make_app(url, {"PLUGIN_MODULES": PLUGIN, "PLATFORM_PLUGINS": "pcsched"})
    with app.app_context():
        db.create_all()
        fast_jobs.metadata.create_all(db.engine)
        activation.enable("pcsched")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def environment(url, tmp_path):
    config = tmp_path / "scheduler_config.py"
    config.write_text("\n".join([
        f"SQLALCHEMY_DATABASE_URI = {url!r}",
        'MIGRATION_CHECK = "off"',
        'PLATFORM_PLUGINS = "pcsched"',
        f"PLUGIN_MODULES = {PLUGIN!r}",
        'SCHEDULER_JOBS = "pcsched.tick"',
        f"SCHEDULER_LEADER_RETRY_SECONDS = {RETRY}",
        f"SCHEDULER_LEASE_SECONDS = {LEASE}",
    ]) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLATFORM_", "SQLALCHEMY_", "SCHEDULER_"))}
    env.update(FLASK_APP="platform_core.app:create_app", PLATFORM_CONFIG=str(config), DATABASE_URL=url,
               MIGRATION_CHECK="off", PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    return env


def tick_runs(engine):
    with engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT scheduled_for, status, pid FROM job_runs WHERE job_key = 'pcsched.tick' ORDER BY scheduled_for"
        )).all()


def tick_rows(engine):
    with engine.connect() as conn:
        return conn.execute(sa.text("SELECT scheduled_for, pid FROM pcsched_ticks ORDER BY scheduled_for")).all()


def wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    return None


@pytest.mark.req("CORE-10")
def test_two_scheduler_processes_run_each_due_time_once_and_fail_over(empty_database_url, tmp_path):
    url = empty_database_url
    prepare(url)
    env = environment(url, tmp_path)
    logs = [tmp_path / f"scheduler-{i}.log" for i in range(2)]
    procs = [subprocess.Popen([str(FLASK), "scheduler", "run"], cwd=ROOT, env=env, stdout=log.open("w"),
                              stderr=subprocess.STDOUT) for log in logs]
    engine = sa.create_engine(url)

    def output():
        return "\n".join(f"--- {log.name}\n{log.read_text()}" for log in logs)

    try:
        first = wait_for(lambda: tick_runs(engine), timeout=20)
        assert first, "no scheduler ran the tick:\n" + output()
        leader = next(p for p in procs if p.pid == first[0].pid)
        standby = next(p for p in procs if p is not leader)
        time.sleep(PHASE)

        leader.send_signal(signal.SIGKILL)
        leader.wait(timeout=10)
        killed_at = utcnow()
        took_over = wait_for(lambda: [r for r in tick_runs(engine) if r.pid == standby.pid], timeout=MAX_GAP + 3)
        assert took_over, "the standby never took over:\n" + output()
        time.sleep(PHASE)

        standby.send_signal(signal.SIGTERM)
        assert standby.wait(timeout=15) == 0, output()
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    runs, ticks = tick_runs(engine), tick_rows(engine)
    engine.dispose()
    as_utc = _as_utc_from(url)
    due = [as_utc(r.scheduled_for) for r in runs]

    assert "Đã dừng bộ lập lịch." in logs[procs.index(standby)].read_text()
    # Exactly once: one claim and one side effect per due time, and they agree on who ran it.
    assert max(Counter(due).values()) == 1
    assert max(Counter(as_utc(t.scheduled_for) for t in ticks).values()) == 1
    ran = {as_utc(r.scheduled_for): r.pid for r in runs if r.status == SUCCESS}
    assert {as_utc(t.scheduled_for): t.pid for t in ticks if as_utc(t.scheduled_for) in ran} == ran
    unfinished = [r for r in runs if r.status != SUCCESS]
    assert len(unfinished) <= 1 and all(r.status == RUNNING and r.pid == leader.pid for r in unfinished), unfinished
    assert len(ticks) - len(ran) <= len(unfinished)
    # Failover: both processes ran ticks, the standby everything after the kill, with no long gap.
    assert {r.pid for r in runs} == {leader.pid, standby.pid}
    assert all(r.pid == standby.pid for r in runs if as_utc(r.scheduled_for) > killed_at + timedelta(seconds=1))
    assert len(runs) >= 2 * PHASE
    gaps = [(b - a).total_seconds() for a, b in zip(due, due[1:])]
    assert max(gaps) <= MAX_GAP, gaps
    assert all(g >= 1 for g in gaps)


def _as_utc_from(url):
    """Rows read with plain SQL: SQLite hands back naive UTC text, PostgreSQL aware instants."""
    from datetime import UTC, datetime

    def convert(value):
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    return convert
