"""Administration of scheduled jobs (``/admin/scheduler``): every declared job with its last and next run,
a button to run one now, and each job's run history. Permission ``core.scheduler.manage``."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from platform_core import audit
from platform_core.access.service import permission_required
from platform_core.core_hooks import SCHEDULER_MANAGE
from platform_core.extensions import db
from platform_core.forms import BaseForm
from platform_core.pagination import paginate
from platform_core.scheduler import history, registry, runner
from platform_core.scheduler.describe import describe
from platform_core.scheduler.models import FAILED, SKIPPED, SUCCESS, JobRun
from platform_core.timeutil import utcnow

bp = Blueprint("scheduler", __name__, url_prefix="/admin/scheduler")


class RunNowForm(BaseForm):
    """Only the CSRF token: the job is in the URL."""


@bp.route("/")
@permission_required(SCHEDULER_MANAGE)
def index():
    found = registry.catalog()
    now = utcnow()
    jobs = [(job, describe(job.spec), job.next_fire_time(now)) for _key, job in sorted(found.jobs.items())]
    return render_template("scheduler/index.html", jobs=jobs, errors=found.errors, last=history.last_runs(),
                           form=RunNowForm(), status_label=history.status_label,
                           format_duration=history.format_duration)


@bp.route("/jobs/<key>")
@permission_required(SCHEDULER_MANAGE)
def runs(key):
    job = registry.catalog().jobs.get(key)
    if job is None and db.session.scalar(select(JobRun.id).where(JobRun.job_key == key).limit(1)) is None:
        abort(404)
    return render_template("scheduler/runs.html", key=key, job=job, page=paginate(history.runs_of(key)),
                           schedule=describe(job.spec) if job else None, status_label=history.status_label,
                           format_duration=history.format_duration)


@bp.route("/jobs/<key>/run", methods=["POST"])
@permission_required(SCHEDULER_MANAGE)
def run_now(key):
    job = registry.catalog().jobs.get(key)
    if job is None:
        abort(404)
    if not RunNowForm().validate_on_submit():
        abort(400)
    outcome = runner.run_now(current_app._get_current_object(), job, current_user.username)
    audit.record("scheduler.run_now", object_type="job", object_id=key,
                 summary=f"Chạy ngay tác vụ {key}: {history.status_label(outcome.status)}")
    db.session.commit()
    if outcome.status == SUCCESS:
        flash(_("Đã chạy xong tác vụ %(title)s.", title=job.title), "success")
    elif outcome.status == SKIPPED:
        flash(_("Tác vụ %(title)s được bỏ qua vì plugin chưa được bật.", title=job.title), "warning")
    elif outcome.status == FAILED:
        flash(_("Tác vụ %(title)s bị lỗi; xem chi tiết trong lịch sử chạy.", title=job.title), "error")
    elif outcome.status == runner.TAKEN:
        flash(_("Tác vụ %(title)s vừa được chạy cho thời điểm này; thử lại sau ít giây.", title=job.title), "warning")
    else:
        flash(_("Không ghi được lượt chạy vào cơ sở dữ liệu; tác vụ chưa chạy."), "error")
    return redirect(url_for(".runs", key=key) if outcome.status == FAILED else url_for(".index"))


def init_app(app):
    app.register_blueprint(bp)
