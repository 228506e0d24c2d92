"""The scheduler's admin page and ``flask scheduler list|run-job`` (CORE-10)."""
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from platform_core.audit.models import AuditEvent
from platform_core.plugins import activation
from platform_core.scheduler.models import FAILED, SUCCESS, JobRun


@pytest.fixture
def app_overrides():
    return {"PLUGIN_MODULES": "pcsched=tests.fixtures_scheduler.fast_jobs"}


@pytest.fixture
def active(db):
    activation.enable("pcsched")
    db.session.commit()


@pytest.fixture
def admin(make_user, login_as):
    user = make_user("quantri", admin=True)
    login_as(user)
    return user


def runs(db, key):
    db.session.expire_all()
    return db.session.scalars(sa.select(JobRun).where(JobRun.job_key == key).order_by(JobRun.id)).all()


def add_runs(db, key, count, start=datetime(2026, 1, 1, tzinfo=UTC)):
    for i in range(count):
        due = start + timedelta(minutes=i)
        db.session.add(JobRun(job_key=key, scheduled_for=due, started_at=due, finished_at=due + timedelta(seconds=2),
                              status=FAILED if i == count - 1 else SUCCESS,
                              error="Traceback …\nValueError: lần cuối hỏng" if i == count - 1 else None))
    db.session.commit()


@pytest.mark.req("CORE-10")
def test_the_admin_page_lists_every_job_in_vietnamese(client, db, admin):
    add_runs(db, "pcsched.tick", 2)

    page = client.get("/admin/scheduler/").get_data(as_text=True)

    assert "Tác vụ định kỳ" in page
    for title in ("Sinh nghĩa vụ báo cáo cho các kỳ sắp tới", "Nhắc hạn báo cáo", "Sao lưu dữ liệu",
                  "Đếm nhịp mỗi giây", "Buổi sáng"):
        assert title in page
    assert "Hằng ngày lúc 07:00" in page and "Mỗi 1 giây" in page and "Hằng giờ vào phút 05" in page
    assert "Chạy ngay" in page and "Chưa chạy" in page
    assert "01/01/2026 07:01" in page  # the last run of the tick, in Ha Noi time
    assert "Lỗi" in page and "2,0 giây" in page


@pytest.mark.req("CORE-10")
def test_users_without_the_permission_get_403(client, db, make_user, login_as, make_unit):
    add_runs(db, "pcsched.tick", 1)
    login_as(make_user("canbo", unit=make_unit("U1"), role="officer"))

    assert client.get("/admin/scheduler/").status_code == 403
    assert client.get("/admin/scheduler/jobs/pcsched.tick").status_code == 403
    assert client.post("/admin/scheduler/jobs/pcsched.tick/run").status_code == 403
    assert runs(db, "pcsched.tick") != [] and len(runs(db, "pcsched.tick")) == 1


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/scheduler/")

    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.req("CORE-10")
def test_run_now_runs_the_job_through_the_claim_and_is_audited(client, db, admin, active):
    response = client.post("/admin/scheduler/jobs/pcsched.morning/run", follow_redirects=True)

    assert "Đã chạy xong tác vụ Buổi sáng." in response.get_data(as_text=True)
    assert "3 việc đã làm" in client.get("/admin/scheduler/jobs/pcsched.morning").get_data(as_text=True)
    [run] = runs(db, "pcsched.morning")
    assert run.status == SUCCESS and run.triggered_by == "quantri" and run.scheduled_for.microsecond == 0
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "scheduler.run_now"))
    assert event.object_id == "pcsched.morning" and event.actor_username == "quantri"


@pytest.mark.req("CORE-10")
def test_run_now_of_a_failing_job_shows_its_error_in_the_history(client, db, admin, active):
    response = client.post("/admin/scheduler/jobs/pcsched.boom/run", follow_redirects=True)
    page = response.get_data(as_text=True)

    assert "Tác vụ Luôn lỗi bị lỗi; xem chi tiết trong lịch sử chạy." in page
    assert "Lịch sử chạy" in page and "RuntimeError: tác vụ thử bị lỗi" in page
    assert runs(db, "pcsched.boom")[0].status == FAILED


def test_run_now_needs_a_csrf_token(app, client, admin):
    app.config["WTF_CSRF_ENABLED"] = True

    assert client.post("/admin/scheduler/jobs/pcsched.morning/run").status_code == 400


def test_unknown_jobs_are_404(client, admin):
    assert client.get("/admin/scheduler/jobs/pcsched.nothing").status_code == 404
    assert client.post("/admin/scheduler/jobs/pcsched.nothing/run").status_code == 404


def test_history_is_paged_newest_first_and_kept_for_jobs_no_longer_declared(client, db, admin):
    add_runs(db, "pcsched.tick", 53)
    add_runs(db, "retired.job", 1)

    first = client.get("/admin/scheduler/jobs/pcsched.tick").get_data(as_text=True)
    second = client.get("/admin/scheduler/jobs/pcsched.tick?page=2").get_data(as_text=True)
    retired = client.get("/admin/scheduler/jobs/retired.job").get_data(as_text=True)

    assert "53 lượt chạy, mới nhất trước." in first and "Trang 1 / 2" in first
    assert first.count('class="scheduler-run"') == 50
    assert first.index("01/01/2026 07:52") < first.index("01/01/2026 07:51")
    assert "ValueError: lần cuối hỏng" in first
    assert second.count('class="scheduler-run"') == 3 and "01/01/2026 07:00" in second
    assert "Tác vụ không còn được khai báo." in retired


@pytest.mark.req("CORE-10")
def test_cli_run_job_runs_now_and_records_it(runner, db, active):
    result = runner.invoke(args=["scheduler", "run-job", "pcsched.morning"])

    assert result.exit_code == 0, result.output
    assert "Tác vụ pcsched.morning: thành công. 3 việc đã làm" in result.output
    [run] = runs(db, "pcsched.morning")
    assert run.status == SUCCESS and run.triggered_by == "cli"


def test_cli_run_job_of_a_failing_or_unknown_job_exits_1(runner, db, active):
    failed = runner.invoke(args=["scheduler", "run-job", "pcsched.boom"])
    unknown = runner.invoke(args=["scheduler", "run-job", "pcsched.nothing"])

    assert failed.exit_code == 1 and "RuntimeError: tác vụ thử bị lỗi" in failed.output
    assert unknown.exit_code == 1 and "không có tác vụ 'pcsched.nothing'" in unknown.output


@pytest.mark.req("CORE-10")
def test_cli_list_shows_schedule_last_and_next_run_in_local_time(runner, db):
    add_runs(db, "pcsched.tick", 1)

    result = runner.invoke(args=["scheduler", "list"])

    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert re.search(r"Đếm nhịp mỗi giây +Mỗi 1 giây +01/01/2026 07:00 +Lỗi +\d\d/\d\d/\d{4} \d\d:\d\d$",
                     lines["pcsched.tick"])
    assert "Hằng ngày lúc 07:00" in lines["pcsched.morning"] and lines["pcsched.morning"].rstrip().endswith(":00")
    assert "core.backup.create" in lines
