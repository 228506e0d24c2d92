"""CORE-10 and CORE-11 together, as in production: two `flask scheduler run` processes and two gunicorn
workers (each also starting an embedded scheduler) share one PostgreSQL database and run the reminder job
every second. Every due time runs once, and every reminder reaches the loopback SMTP server once.

E2E_SECONDS makes the run longer (the default keeps `make test` quick).
"""
import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from platform_core.testing.pytest_plugin import _make_app, unused_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PLUGINS = "it_reporting,pce2e"
SECONDS = float(os.environ.get("E2E_SECONDS", "16"))


def _seed(url):
    """Two reporting units with one reporter each; obligations due in 0, 1, 2, 3 and 7 days."""
    from platform_core.extensions import db
    from platform_core.plugins import activation

    app = _make_app(url, {"PLATFORM_PLUGINS": PLUGINS, "PLUGIN_MODULES": "pce2e=tests.fixtures_e2e.fast_reminders"})
    with app.app_context():
        from platform_core.access.models import Membership, Role
        from platform_core.access.roles import sync_roles
        from platform_core.accounts.models import User
        from platform_core.accounts.passwords import hash_password
        from platform_core.obligations.models import Obligation
        from platform_core.timeutil import local_today
        from platform_core.units.service import create_unit, ensure_unit_type

        db.create_all()
        sync_roles(app.extensions["plugins"])
        ensure_unit_type("department", "Cục, Vụ")
        reporter = db.session.scalar(sa.select(Role).where(Role.key == "it_reporting.reporter"))
        today = local_today()
        for n in (1, 2):
            unit = create_unit(f"E2E-{n}", f"Cục thử nghiệm {n}", "department")
            user = User(username=f"baocao.{n}", full_name=f"Cán bộ {n}", email=f"baocao{n}@example.gov.vn",
                        password_hash=hash_password("Matkhau#2026"), must_change_password=False, unit_id=unit.id)
            db.session.add(user)
            db.session.flush()
            db.session.add(Membership(user_id=user.id, unit_id=unit.id, role_id=reporter.id))
            for days in (0, 1, 2, 3, 7):
                due_day = today + timedelta(days=days)
                db.session.add(Obligation(
                    plugin_key="it_reporting", rule_key="it_reporting.e2e", unit_id=unit.id,
                    title=f"Báo cáo thử hạn {due_day:%d/%m/%Y}", period_key=due_day.isoformat(),
                    due_at=datetime.combine(due_day, datetime.max.time(), VN)))
        activation.enable("it_reporting")
        activation.enable("pce2e")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _environment(url, tmp_path, smtp_port):
    config = tmp_path / "e2e_config.py"
    config.write_text("\n".join([
        f"SQLALCHEMY_DATABASE_URI = {url!r}",
        'MIGRATION_CHECK = "off"',
        f"PLATFORM_PLUGINS = {PLUGINS!r}",
        'PLUGIN_MODULES = "pce2e=tests.fixtures_e2e.fast_reminders"',
        'SCHEDULER_JOBS = "pce2e.reminders"',
        "SCHEDULER_EMBEDDED = True",
        "SCHEDULER_LEADER_RETRY_SECONDS = 0.5",
        'MAIL_SERVER = "127.0.0.1"',
        f"MAIL_PORT = {smtp_port}",
        'SECRET_KEY = "e2e-secret-key-0123456789"',
    ]) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLATFORM_", "SQLALCHEMY_", "SCHEDULER_", "MAIL_"))}
    env.update(FLASK_APP="platform_core.app:create_app", PLATFORM_CONFIG=str(config), DATABASE_URL=url,
               PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    return env


@pytest.mark.backends("postgresql")
@pytest.mark.req("CORE-10")
@pytest.mark.req("CORE-11")
def test_schedulers_and_gunicorn_workers_send_each_reminder_once(backend, empty_database_url, smtp, tmp_path):
    url = empty_database_url
    _seed(url)
    env = _environment(url, tmp_path, smtp.port)
    port = unused_port()
    logs = {name: tmp_path / f"{name}.log" for name in ("scheduler-1", "scheduler-2", "gunicorn")}
    commands = {
        "scheduler-1": [str(BIN / "flask"), "scheduler", "run"],
        "scheduler-2": [str(BIN / "flask"), "scheduler", "run"],
        "gunicorn": [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
    }

    def start(name):
        return subprocess.Popen(commands[name], cwd=ROOT, env=env, stdout=logs[name].open("w"),
                                stderr=subprocess.STDOUT)

    def output():
        return "\n".join(f"--- {name}\n{log.read_text()}" for name, log in logs.items())

    engine = sa.create_engine(url)

    def run_pids():
        with engine.connect() as conn:
            return {row.pid for row in conn.execute(sa.text(
                "SELECT pid FROM job_runs WHERE job_key = 'pce2e.reminders'"))}

    procs = {name: start(name) for name in ("scheduler-1", "scheduler-2")}
    scheduler_pids = {proc.pid for proc in procs.values()}
    try:
        waited = time.monotonic()
        while not run_pids() and time.monotonic() < waited + 30:
            time.sleep(0.2)
        assert run_pids() & scheduler_pids, "no scheduler process ran the job:\n" + output()
        procs["gunicorn"] = start("gunicorn")
        started = time.monotonic()
        killed = False
        while time.monotonic() < started + SECONDS:  # requests start the workers' embedded schedulers
            with contextlib.suppress(OSError):  # gunicorn may still be starting
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).read()
            if not killed and time.monotonic() > started + SECONDS / 2:
                for name in ("scheduler-1", "scheduler-2"):  # a web worker must take over
                    procs[name].send_signal(signal.SIGKILL)
                killed = True
            time.sleep(0.5)
    finally:
        for proc in procs.values():
            proc.send_signal(signal.SIGTERM)
        for proc in procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    with engine.connect() as conn:
        runs = conn.execute(sa.text(
            "SELECT scheduled_for, status, pid FROM job_runs WHERE job_key = 'pce2e.reminders'")).all()
        deliveries = conn.execute(sa.text("SELECT obligation_id, offset_days, recipient_id, channel, status "
                                          "FROM notification_deliveries")).all()
    engine.dispose()

    assert len(runs) >= SECONDS / 2, "the reminder job hardly ran:\n" + output()
    assert max(Counter(r.scheduled_for for r in runs).values()) == 1
    ran_in = {r.pid for r in runs}
    assert ran_in & scheduler_pids, "no scheduler process ran the job:\n" + output()
    assert ran_in - scheduler_pids, "no web worker took over after the schedulers died:\n" + output()
    # Offsets 7, 3, 1 and 0 days: four obligations per unit, one reporter per unit; day 2 is not an offset.
    emailed = [d for d in deliveries if d.channel == "email"]
    assert len(emailed) == 8 and {d.status for d in emailed} == {"sent"}, deliveries
    assert sorted(smtp.addressees()) == sorted(["baocao1@example.gov.vn"] * 4 + ["baocao2@example.gov.vn"] * 4), \
        output()
