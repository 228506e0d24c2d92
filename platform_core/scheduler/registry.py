"""The jobs this deployment declares: the core's and every loaded plugin's ``register_jobs`` answers,
checked and turned into APScheduler triggers.

A job that breaks a rule is left out and its error kept (shown by ``flask scheduler list`` and the admin
page) rather than stopping start-up: one plugin's mistake must not stop every other job. The function
is only *named* here, never imported: a module that cannot be imported fails its runs, not the scheduler.
"""
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import current_app

from platform_core.plugins.manager import get_registry
from platform_core.plugins.types import JobSpec
from platform_core.timeutil import LOCAL_TZ

log = logging.getLogger(__name__)
TRIGGERS = ("cron", "interval")
FUNC_PATTERN = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")
KEY_MAX = 120
# Interval jobs count from a fixed instant, not from the moment a scheduler started: every process then
# computes the same due times, which is what makes the (job, due time) claim meaningful.
INTERVAL_ANCHOR = datetime(2000, 1, 1, tzinfo=LOCAL_TZ)
REFUSED_ARGS = {"timezone": "the time zone is always Asia/Ho_Chi_Minh",
                "jitter": "jitter would give each scheduler different due times"}


@dataclass(frozen=True)
class DeclaredJob:
    """A checked :class:`JobSpec`, the plugin that declared it ("core" for the core) and its trigger."""

    spec: JobSpec
    plugin: str
    trigger: BaseTrigger = field(compare=False)

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def title(self) -> str:
        return self.spec.title or self.spec.key

    def next_fire_time(self, now: datetime) -> datetime | None:
        return self.trigger.get_next_fire_time(None, now)


@dataclass
class Catalog:
    jobs: dict[str, DeclaredJob] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def build_trigger(spec: JobSpec) -> BaseTrigger:
    """The APScheduler trigger of ``spec``, always in Asia/Ho_Chi_Minh: a trigger built by hand does not
    take the scheduler's time zone (it would read ``hour=7`` on the server's clock)."""
    args = dict(spec.trigger_args or {})
    for name, reason in REFUSED_ARGS.items():
        if name in args:
            raise ValueError(f"trigger argument '{name}' is not allowed: {reason}")
    if spec.trigger == "cron":
        return CronTrigger(timezone=LOCAL_TZ, **args)
    if spec.trigger == "interval":
        args.setdefault("start_date", INTERVAL_ANCHOR)
        return IntervalTrigger(timezone=LOCAL_TZ, **args)
    raise ValueError(f"trigger must be one of {', '.join(TRIGGERS)}, not {spec.trigger!r}")


def check(spec, plugin: str, taken) -> DeclaredJob:
    """``spec`` as a :class:`DeclaredJob`, or ValueError saying what is wrong with it."""
    if not isinstance(spec, JobSpec):
        raise ValueError(f"expected a JobSpec, got {type(spec).__name__}")
    prefix = f"{plugin}."
    if not spec.key.startswith(prefix) or len(spec.key) == len(prefix):
        raise ValueError(f"key must start with '{prefix}'")
    if len(spec.key) > KEY_MAX:
        raise ValueError(f"key longer than {KEY_MAX} characters")
    if spec.key in taken:
        raise ValueError(f"key already declared by {taken[spec.key].plugin}")
    if not isinstance(spec.func, str) or not FUNC_PATTERN.match(spec.func):
        raise ValueError(f"func must be 'package.module:callable', not {spec.func!r}")
    if not isinstance(spec.misfire_grace_time, int) or spec.misfire_grace_time < 1:
        raise ValueError("misfire_grace_time must be a positive number of seconds")
    try:
        trigger = build_trigger(spec)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"invalid {spec.trigger} trigger {spec.trigger_args!r}: {exc}") from None
    if isinstance(trigger, IntervalTrigger) and trigger.interval_length < 1:
        raise ValueError("an interval shorter than one second cannot be claimed per due time (whole seconds)")
    return DeclaredJob(spec, plugin, trigger)


def collect(app) -> Catalog:
    found = Catalog()
    plugins = get_registry(app)
    for plugin in sorted({"core", *plugins.loaded}):
        try:
            answers = plugins.results("register_jobs", keys={plugin}, app=app)
        except Exception as exc:
            _leave_out(found, plugin, "*", f"register_jobs raised {type(exc).__name__}: {exc}")
            continue
        for spec in [spec for _key, specs in answers for spec in specs or []]:
            try:
                job = check(spec, plugin, found.jobs)
            except ValueError as exc:
                _leave_out(found, plugin, getattr(spec, "key", repr(spec)), str(exc))
                continue
            found.jobs[job.key] = job
    return found


def _leave_out(found: Catalog, plugin: str, key: str, reason: str):
    found.errors.append(f"{plugin}: job '{key}': {reason}")
    log.error("scheduler: %s: job '%s' left out: %s", plugin, key, reason)


def catalog(app=None) -> Catalog:
    """Every declared job of ``app`` (the current app by default), collected once per app."""
    app = app or current_app._get_current_object()
    found = app.extensions.get("scheduler_jobs")
    if found is None:
        found = app.extensions["scheduler_jobs"] = collect(app)
    return found


def selected(app, jobs) -> list[DeclaredJob]:
    """The jobs this process schedules: ``SCHEDULER_JOBS`` is "all" or a list of keys and key prefixes
    ending with a dot ("pcsched."). The others stay listed and can still be run by hand."""
    setting = app.config.get("SCHEDULER_JOBS", "all")
    if isinstance(setting, str):
        setting = [part.strip() for part in setting.split(",") if part.strip()]
    if "all" in setting:
        return list(jobs)
    return [job for job in jobs
            if job.key in setting or any(p.endswith(".") and job.key.startswith(p) for p in setting)]
