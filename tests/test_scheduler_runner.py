"""Claim, run, record: each due time runs once, failures are recorded and do not stop later runs (CORE-10)."""
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from platform_core import JobSpec
from platform_core.plugins import activation
from platform_core.scheduler import registry, runner, service
from platform_core.scheduler.models import FAILED, SKIPPED, SUCCESS, JobRun
from platform_core.scheduler.supervisor import Supervisor
from platform_core.testing.pytest_plugin import _make_app

FAST = "tests.fixtures_scheduler.fast_jobs"
DUE = datetime(2026, 1, 5, 0, 0, tzinfo=UTC)


@pytest.fixture
def app_overrides():
    return {"PLUGIN_MODULES": f"pcsched={FAST}"}


@pytest.fixture
def active(db):
    activation.enable("pcsched")
    db.session.commit()


def job(app, key):
    return registry.catalog(app).jobs[key]


def runs(db, key):
    db.session.expire_all()
    return db.session.scalars(sa.select(JobRun).where(JobRun.job_key == key).order_by(JobRun.scheduled_for)).all()


@pytest.mark.req("CORE-10")
def test_the_same_due_time_runs_once_the_second_claim_does_nothing(app, db, active):
    morning = job(app, "pcsched.morning")

    first = runner.execute(app, morning, DUE + timedelta(microseconds=120))
    second = runner.execute(app, morning, DUE + timedelta(microseconds=980_000))

    assert first.status == SUCCESS and second.status == runner.TAKEN
    [run] = runs(db, "pcsched.morning")
    assert run.scheduled_for == DUE and run.status == SUCCESS and run.error is None
    assert run.summary == first.summary == "3 việc đã làm"
    assert run.started_at <= run.finished_at and run.pid and run.host and run.triggered_by is None


@pytest.mark.req("CORE-10")
def test_a_failing_job_is_recorded_with_its_traceback_and_the_next_due_time_still_runs(app, db, active):
    boom = job(app, "pcsched.boom")

    outcomes = [runner.execute(app, boom, DUE), runner.execute(app, boom, DUE + timedelta(days=365))]

    assert [o.status for o in outcomes] == [FAILED, FAILED]
    recorded = runs(db, "pcsched.boom")
    assert [r.status for r in recorded] == [FAILED, FAILED]
    assert "Traceback (most recent call last)" in recorded[0].error
    assert "RuntimeError: tác vụ thử bị lỗi" in recorded[0].error
    assert recorded[0].finished_at is not None


@pytest.mark.req("CORE-10")
def test_a_job_whose_function_cannot_be_imported_is_a_failed_run(app, db, active):
    outcome = runner.execute(app, job(app, "pcsched.missing"), DUE)

    assert outcome.status == FAILED
    [run] = runs(db, "pcsched.missing")
    assert "ModuleNotFoundError: No module named 'tests.fixtures_scheduler.not_written_yet'" in run.error


@pytest.mark.req("CORE-10")
def test_a_job_of_a_plugin_active_nowhere_is_skipped_not_run(app, db):
    outcome = runner.execute(app, job(app, "pcsched.boom"), DUE)

    assert outcome.status == SKIPPED
    [run] = runs(db, "pcsched.boom")
    assert run.status == SKIPPED and "pcsched" in run.error and "Traceback" not in run.error


def test_the_job_sees_its_due_time_and_its_session_is_committed(app, db, active):
    seen = []
    spec = JobSpec("pcsched.probe", f"{__name__}:_probe", "cron", {"hour": 1})
    _probe.calls = seen

    runner.execute(app, registry.check(spec, "pcsched", {}), DUE + timedelta(milliseconds=300))

    assert seen == [("pcsched.probe", DUE)]
    assert runner.current_run() is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(JobRun)) == 1


def _probe():
    run = runner.current_run()
    _probe.calls.append((run.job_key, run.scheduled_for))


@pytest.mark.req("CORE-10")
def test_a_running_scheduler_keeps_running_a_job_that_fails_every_time(app, db, active):
    failing = registry.check(JobSpec("pcsched.boom_often", f"{FAST}:boom", "interval", {"seconds": 1},
                                     misfire_grace_time=5), "pcsched", {})
    scheduler = service.build(app, [failing])
    scheduler.start()
    try:
        deadline = time.monotonic() + 6
        while len(runs(db, failing.key)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        scheduler.shutdown(wait=True)

    recorded = runs(db, failing.key)
    assert len(recorded) >= 2 and {r.status for r in recorded} == {FAILED}
    assert all(r.scheduled_for.microsecond == 0 for r in recorded)
    gap = recorded[1].scheduled_for - recorded[0].scheduled_for
    # Under load a due time may be coalesced away, but runs stay on the one-second grid.
    assert gap >= timedelta(seconds=1) and gap.total_seconds() == int(gap.total_seconds())


def test_an_unreachable_database_leaves_the_job_unrun_and_the_caller_unharmed(tmp_path):
    app = _make_app(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")
    unreachable = registry.check(JobSpec("core.x", f"{FAST}:boom", "cron", {"hour": 1}), "core", {})

    outcome = runner.execute(app, unreachable, DUE)

    assert outcome.status == runner.UNRECORDED and "unable to open database file" in outcome.error


class FlakyLock:
    """Fails like a lost connection, then grants leadership, then loses it."""

    def __init__(self):
        self.answers = [OperationalError("SELECT 1", {}, Exception("server closed the connection")), True, True,
                        False]
        self.released = False

    def hold(self):
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def release(self):
        self.released = True


class FakeScheduler:
    def __init__(self, log):
        self.log = log

    def start(self):
        self.log.append("start")

    def get_jobs(self):
        return []

    def shutdown(self, wait=True):
        self.log.append(f"shutdown(wait={wait})")


@pytest.mark.backends("sqlite")
def test_the_supervisor_survives_lock_errors_and_follows_leadership(app):
    log = []
    lock = FlakyLock()
    supervisor = Supervisor(app, lock=lock, interval=0.01, factory=lambda: FakeScheduler(log))

    states = []
    for _ in range(4):
        supervisor.step()
        states.append(supervisor.leading)

    assert states == [False, True, True, False]
    assert log == ["start", "shutdown(wait=False)"]
    supervisor.shutdown()
    assert lock.released


@pytest.mark.backends("sqlite")
def test_the_embedded_scheduler_starts_once_per_process_and_takes_the_lock(app, monkeypatch):
    from platform_core.scheduler import leader, supervisor

    monkeypatch.setattr(supervisor, "_embedded", None)
    monkeypatch.setattr(supervisor.atexit, "register", lambda fn: None)
    app.config.update(SCHEDULER_JOBS="pcsched.morning", SCHEDULER_LEADER_RETRY_SECONDS=0.1)
    other = leader.for_app(app)
    try:
        assert supervisor.start_embedded(app) is True
        assert supervisor.start_embedded(app) is False
        deadline = time.monotonic() + 5
        while other.hold() is not False and time.monotonic() < deadline:
            other.release()
            time.sleep(0.05)
        assert other.hold() is False
    finally:
        supervisor._stop_embedded()
    assert not supervisor._embedded[1].is_alive()
    assert other.hold() is True
    other.release()
