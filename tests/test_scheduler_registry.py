"""Declared jobs: checked keys, functions and triggers; every trigger in Asia/Ho_Chi_Minh (CORE-10)."""
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from platform_core import JobSpec
from platform_core.scheduler import registry, service
from platform_core.scheduler.describe import describe
from platform_core.testing.pytest_plugin import _make_app

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def app(tmp_path):
    """Nothing here reads the database: one app, not one per backend."""
    application = _make_app(f"sqlite:///{tmp_path / 'unused.db'}",
                            {"PLUGIN_MODULES": "pcsched=tests.fixtures_scheduler.fast_jobs"})
    with application.app_context():
        yield application


def spec(key="pcsched.x", func="mod.sub:fn", trigger="cron", args=None, **kw):
    return JobSpec(key, func, trigger, {"hour": 7} if args is None else args, **kw)


@pytest.mark.req("CORE-10")
def test_core_and_plugin_jobs_are_collected(app):
    found = registry.catalog(app)

    assert {"core.obligations.generate", "core.notifications.reminders", "core.backup.create",
            "pcsched.tick", "pcsched.boom", "pcsched.missing", "pcsched.morning"} <= set(found.jobs)
    assert found.jobs["pcsched.tick"].plugin == "pcsched"
    assert found.jobs["core.backup.create"].plugin == "core"
    assert found.errors == []


@pytest.mark.req("CORE-10")
def test_every_trigger_and_the_scheduler_are_in_viet_nam_time(app):
    jobs = list(registry.catalog(app).jobs.values())
    scheduler = service.build(app, jobs)

    assert scheduler.timezone == HCM
    assert all(job.trigger.timezone == HCM for job in jobs)
    assert len(scheduler.get_jobs()) == len(jobs)
    assert all(j.trigger.timezone == HCM and j.coalesce and j.max_instances == 1 for j in scheduler.get_jobs())


@pytest.mark.req("CORE-10")
def test_a_cron_job_at_hour_7_fires_at_7_in_viet_nam_not_on_the_server_clock(app):
    morning = registry.catalog(app).jobs["pcsched.morning"]

    fire = morning.next_fire_time(datetime(2026, 3, 1, 3, 0, tzinfo=UTC))  # 10:00 in Ha Noi

    assert fire == datetime(2026, 3, 2, 7, 0, tzinfo=HCM)
    assert fire.utcoffset() == timedelta(hours=7)
    assert fire.astimezone(UTC).hour == 0


def test_interval_due_times_do_not_depend_on_when_a_scheduler_starts():
    job = registry.check(spec(trigger="interval", args={"minutes": 10}), "pcsched", {})

    a = job.next_fire_time(datetime(2026, 5, 4, 3, 1, 7, tzinfo=UTC))
    b = job.next_fire_time(datetime(2026, 5, 4, 3, 4, 59, 123456, tzinfo=UTC))

    assert a == b == datetime(2026, 5, 4, 10, 10, tzinfo=HCM)


def test_misfire_grace_time_and_catch_up_come_from_the_spec(app):
    job = registry.check(spec(args={"hour": 7, "minute": 0}, misfire_grace_time=1800), "pcsched", {})
    just_after = datetime(2026, 3, 2, 0, 0, 3, tzinfo=UTC)  # 07:00:03 in Ha Noi

    scheduled = service.build(app, [job]).get_jobs()[0]

    assert scheduled.misfire_grace_time == 1800
    assert service.first_run_time(job, just_after) == datetime(2026, 3, 2, 7, 0, tzinfo=HCM)


@pytest.mark.parametrize("bad, message", [
    (spec(key="other.x"), "must start with 'pcsched.'"),
    (spec(key="pcsched."), "must start with 'pcsched.'"),
    (spec(func="no_colon"), "func must be"),
    (spec(func="mod:fn()"), "func must be"),
    (spec(trigger="date"), "trigger must be one of cron, interval"),
    (spec(args={"hour": 25}), "invalid cron trigger"),
    (spec(args={"hour": 7, "timezone": "UTC"}), "'timezone' is not allowed"),
    (spec(trigger="interval", args={"seconds": 5, "jitter": 2}), "'jitter' is not allowed"),
    (spec(trigger="interval", args={"seconds": 0.5}), "shorter than one second"),
    (spec(misfire_grace_time=0), "misfire_grace_time"),
    ("pcsched.not_a_spec", "expected a JobSpec"),
])
def test_bad_specs_are_refused_with_the_reason(bad, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        registry.check(bad, "pcsched", {})


def test_a_key_declared_twice_is_refused():
    first = registry.check(spec(), "pcsched", {})

    with pytest.raises(ValueError, match="already declared by pcsched"):
        registry.check(spec(), "pcsched", {first.key: first})


def test_bad_jobs_are_left_out_and_reported_not_fatal(app, monkeypatch):
    plugins = app.extensions["plugins"]
    original = plugins.results

    def results(hook, keys=None, **kw):
        answers = original(hook, keys=keys, **kw)
        if hook == "register_jobs":
            answers = [(k, list(v) + [spec(key="stolen.job")] if k == "pcsched" else v) for k, v in answers]
        return answers

    monkeypatch.setattr(plugins, "results", results)
    found = registry.collect(app)

    assert "pcsched.tick" in found.jobs and "stolen.job" not in found.jobs
    assert found.errors == ["pcsched: job 'stolen.job': key must start with 'pcsched.'"]


def test_a_plugin_whose_hook_raises_loses_its_jobs_only(app, monkeypatch):
    plugins = app.extensions["plugins"]
    original = plugins.results

    def results(hook, keys=None, **kw):
        if hook == "register_jobs" and keys == {"pcsched"}:
            raise KeyError("BACKUP_SCHEDULE")
        return original(hook, keys=keys, **kw)

    monkeypatch.setattr(plugins, "results", results)
    found = registry.collect(app)

    assert "core.backup.create" in found.jobs and not any(k.startswith("pcsched.") for k in found.jobs)
    assert found.errors == ["pcsched: job '*': register_jobs raised KeyError: 'BACKUP_SCHEDULE'"]


def test_selection_of_scheduled_jobs(app):
    jobs = list(registry.catalog(app).jobs.values())
    app.config["SCHEDULER_JOBS"] = "pcsched., core.backup.create"

    keys = {job.key for job in registry.selected(app, jobs)}

    assert keys == {"pcsched.tick", "pcsched.boom", "pcsched.missing", "pcsched.morning", "core.backup.create"}
    app.config["SCHEDULER_JOBS"] = "all"
    assert len(registry.selected(app, jobs)) == len(jobs)


@pytest.mark.parametrize("trigger, args, words", [
    ("cron", {"hour": 7, "minute": 0}, "Hằng ngày lúc 07:00"),
    ("cron", {"minute": 5}, "Hằng giờ vào phút 05"),
    ("cron", {"day_of_week": "mon,thu", "hour": 2, "minute": 0}, "Thứ Hai, Thứ Năm hằng tuần lúc 02:00"),
    ("cron", {"day": 18, "hour": 8}, "Ngày 18 hằng tháng lúc 08:00"),
    ("cron", {"month": 6, "day": 15, "hour": 0}, "Ngày 15/06 hằng năm lúc 00:00"),
    ("cron", {"minute": "*/15", "hour": "8-17"}, "Lịch cron: hour=8-17 minute=*/15 (giờ Việt Nam)"),
    ("interval", {"hours": 1}, "Mỗi 1 giờ"),
    ("interval", {"hours": 1, "minutes": 30}, "Mỗi 1 giờ 30 phút"),
    ("interval", {"seconds": 2}, "Mỗi 2 giây"),
])
def test_schedules_are_described_in_vietnamese(app, trigger, args, words):
    assert describe(JobSpec("core.x", "m:f", trigger, args)) == words
