"""``flask scheduler run|list|run-job``."""
import logging
import os
import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import OperationalError, ProgrammingError

from platform_core.extensions import db
from platform_core.scheduler import history, registry, runner
from platform_core.scheduler.describe import describe
from platform_core.scheduler.models import SKIPPED, SUCCESS
from platform_core.scheduler.supervisor import Supervisor
from platform_core.timeutil import format_datetime, utcnow

HEADERS = ("KEY", "TÊN", "LỊCH", "LẦN CHẠY GẦN NHẤT", "KẾT QUẢ", "LẦN CHẠY KẾ TIẾP")


@click.group("scheduler")
def scheduler_group():
    """Tác vụ định kỳ: chạy bộ lập lịch, xem danh sách, chạy ngay một tác vụ."""


@scheduler_group.command("run")
@with_appcontext
def run_command():
    """Run the scheduler in the foreground until SIGTERM or Ctrl+C. Start one on every node: only the
    holder of the leader lock runs jobs; the others wait and take over when it stops."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("apscheduler").setLevel(logging.WARNING)  # runs are logged by the runner
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_args: stop.set())
    supervisor = Supervisor(current_app._get_current_object())
    click.echo(f"Bộ lập lịch đã khởi động (pid {os.getpid()}); chạy tác vụ khi giữ quyền điều phối.")
    supervisor.run(stop)
    click.echo("Đã dừng bộ lập lịch.")


def _table(rows) -> str:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)


def _last_runs() -> dict | None:
    try:
        return history.last_runs()
    except (OperationalError, ProgrammingError):
        db.session.rollback()
        return None


@scheduler_group.command("list")
@with_appcontext
def list_command():
    """Every declared job: schedule, last run and result, next run (Viet Nam time)."""
    found = registry.catalog()
    last = _last_runs()
    now = utcnow()
    rows = [HEADERS]
    for key, job in sorted(found.jobs.items()):
        run = (last or {}).get(key)
        rows.append((key, job.title, describe(job.spec), format_datetime(run.scheduled_for) if run else "-",
                     history.status_label(run.status) if run else "-", format_datetime(job.next_fire_time(now))))
    click.echo(_table(rows))
    if last is None:
        click.secho("Chưa đọc được lịch sử chạy (cơ sở dữ liệu chưa được cập nhật?).", fg="yellow", err=True)
    for error in found.errors:
        click.secho(f"Tác vụ khai báo sai: {error}", fg="red", err=True)


@scheduler_group.command("run-job")
@click.argument("key")
@with_appcontext
def run_job_command(key):
    """Run job KEY now, whatever the leader lock; the run is recorded (and claimed) as due now."""
    job = registry.catalog().jobs.get(key)
    if job is None:
        raise click.ClickException(f"không có tác vụ '{key}' (xem `flask scheduler list`)")
    outcome = runner.run_now(current_app._get_current_object(), job, "cli")
    if outcome.status == SUCCESS:
        click.echo(f"Tác vụ {key}: thành công." + (f" {outcome.summary}" if outcome.summary else ""))
    elif outcome.status == SKIPPED:
        click.echo(f"Tác vụ {key}: bỏ qua. {outcome.error}")
    elif outcome.status == runner.TAKEN:
        click.echo(f"Tác vụ {key}: đã có tiến trình khác chạy cho thời điểm này.")
    else:
        click.secho(f"Tác vụ {key}: lỗi.\n{outcome.error}", fg="red", err=True)
        raise SystemExit(1)


def register(app):
    app.cli.add_command(scheduler_group)
