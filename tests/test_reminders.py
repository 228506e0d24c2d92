"""CORE-11: reminders before a due date and escalations after it, by e-mail to a real SMTP server on
loopback and in-app, never twice for the same (obligation, offset, recipient)."""
import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from platform_core.notifications import offsets
from platform_core.notifications.jobs import send_escalations, send_reminders
from platform_core.notifications.models import Delivery, Notification
from platform_core.obligations.models import Obligation
from platform_core.plugins import activation
from platform_core.testing.pytest_plugin import _make_app, unused_port

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 3, 2)
REGIME = "Báo cáo thông tin dự án và ứng dụng CNTT"


@pytest.fixture
def app_overrides(smtp):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_DEFAULT_SENDER": "nhac-han@test.gov.vn"}


def end_of_local_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=VN).astimezone(UTC)


@pytest.fixture
def world(db, make_unit, make_user):
    """A ministry with two provincial departments, it_reporting active everywhere, and people:
    who should be reminded, who should be told when a report is late, and who never."""
    ministry = make_unit("BO_TTTT", "Bộ Thông tin và Truyền thông", type_code="ministry")
    dept = make_unit("STTTT_HG", "Sở Thông tin và Truyền thông tỉnh Hà Giang", parent=ministry)
    other = make_unit("STTTT_CB", "Sở Thông tin và Truyền thông tỉnh Cao Bằng", parent=ministry)
    people = {
        "reporter": make_user("lan.nt", unit=dept, role="it_reporting.reporter", full_name="Nguyễn Thị Lan"),
        "overseer": make_user("hung.tv", unit=ministry, role="it_reporting.officer", scope="subtree"),
        "ministry_only": make_user("minh.lq", unit=ministry, role="it_reporting.officer"),
        "other_reporter": make_user("binh.pt", unit=other, role="it_reporting.reporter"),
        "leader": make_user("son.dh", unit=dept, role="unit_admin", full_name="Đỗ Hồng Sơn"),
        "ministry_leader": make_user("quang.bt", unit=ministry, role="unit_admin", scope="subtree"),
        "ministry_leader_unit": make_user("thu.nv", unit=ministry, role="unit_admin"),
        "clerk": make_user("hoa.lt", unit=dept, role="officer"),
        "departed": make_user("cuong.nv", unit=dept, role="it_reporting.reporter"),
        "no_mail": make_user("tam.vt", unit=dept, role="it_reporting.reporter"),
        "admin": make_user("quantri", admin=True),
    }
    people["departed"].active = False
    people["no_mail"].email = None
    activation.enable("it_reporting")
    db.session.commit()
    return {"dept": dept, "other": other, "ministry": ministry, **people}


@pytest.fixture
def obligation(db, world):
    """``obligation(due_date, status="open", unit=dept)`` → a committed Obligation of it_reporting."""
    made = []

    def make(due: date, status="open", unit=None, title="Báo cáo ứng dụng CNTT 6 tháng đầu năm 2026"):
        ob = Obligation(plugin_key="it_reporting", rule_key="it_reporting.test", unit_id=(unit or world["dept"]).id,
                        title=title, period_key=f"2026-{len(made)}", due_at=end_of_local_day(due), status=status)
        db.session.add(ob)
        db.session.commit()
        made.append(ob)
        return ob

    return make


def emails(world, *names):
    return sorted(world[name].email for name in names)


def deliveries(db, **where):
    stmt = select(Delivery)
    for name, value in where.items():
        stmt = stmt.where(getattr(Delivery, name) == value)
    return db.session.scalars(stmt.order_by(Delivery.id)).all()


@pytest.mark.req("CORE-11")
@pytest.mark.parametrize("days", [7, 3, 1, 0])
def test_each_default_offset_reaches_exactly_the_regime_people_of_the_unit(app, db, smtp, world, obligation, days):
    due = TODAY + timedelta(days=days)
    ob = obligation(due)
    send_reminders(today=TODAY)

    assert smtp.addressees() == emails(world, "reporter", "overseer")
    assert all(len(rcpts) == 1 for rcpts, _ in smtp.messages), "one message per person"
    message = next(m for rcpts, m in smtp.messages if rcpts == (world["reporter"].email,))
    assert message["From"] == "nhac-han@test.gov.vn"
    assert "Nhắc hạn" in message["Subject"] and due.strftime("%d/%m/%Y") in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "Kính gửi Nguyễn Thị Lan" in body
        assert REGIME in body
        assert "Sở Thông tin và Truyền thông tỉnh Hà Giang" in body
        assert "Báo cáo ứng dụng CNTT 6 tháng đầu năm 2026" in body
        assert due.strftime("%d/%m/%Y") in body
        assert "/notifications/" in body or "/obligations" in body
    assert f"Số ngày còn lại: {days}" in text
    assert ("Hôm nay là hạn nộp" in text) == (days == 0)

    inapp = db.session.scalars(select(Notification.user_id).where(Notification.obligation_id == ob.id)).all()
    assert sorted(inapp) == sorted(world[n].id for n in ("reporter", "overseer", "no_mail"))
    assert {d.offset_days for d in deliveries(db)} == {days}
    assert {d.status for d in deliveries(db)} == {"sent"}


@pytest.mark.req("CORE-11")
def test_no_reminder_on_other_days(app, db, smtp, world, obligation):
    for days in (2, 4, 5, 6, 8, 30, -1):
        obligation(TODAY + timedelta(days=days))
    send_reminders(today=TODAY)
    assert smtp.messages == []
    assert deliveries(db) == []
    assert db.session.scalar(select(func.count(Notification.id))) == 0


@pytest.mark.req("CORE-11")
def test_a_week_of_daily_runs_sends_each_offset_once(app, db, smtp, world, obligation):
    due = TODAY + timedelta(days=7)
    obligation(due)
    for day in range(10):
        send_reminders(today=TODAY + timedelta(days=day))
        send_reminders(today=TODAY + timedelta(days=day))
    assert len(smtp.messages) == 4 * 2, "7, 3, 1 and 0 days before, to two people"
    subjects = [m["Subject"] for rcpts, m in smtp.messages if rcpts == (world["reporter"].email,)]
    assert [s.rsplit(", ", 1)[-1] for s in subjects[:3]] == ["còn 7 ngày", "còn 3 ngày", "còn 1 ngày"]
    assert "hạn nộp hôm nay " + due.strftime("%d/%m/%Y") in subjects[3]
    sent = deliveries(db, channel="email", recipient_id=world["reporter"].id)
    assert [d.offset_days for d in sent] == [7, 3, 1, 0]


@pytest.mark.req("CORE-11")
def test_running_twice_and_from_another_app_instance_sends_nothing_new(app, db, smtp, world, obligation,
                                                                       database_url, app_overrides):
    obligation(TODAY + timedelta(days=3))
    first = send_reminders(today=TODAY)
    assert "2 e-mail" in first
    assert send_reminders(today=TODAY).startswith("0 e-mail, 0 in-app")

    other = _make_app(database_url, app_overrides)
    with other.app_context():
        assert send_reminders(today=TODAY).startswith("0 e-mail, 0 in-app")
        from platform_core.extensions import db as other_db

        other_db.session.remove()
        other_db.engine.dispose()
    assert smtp.addressees() == emails(world, "reporter", "overseer")
    assert len(deliveries(db, channel="email")) == 2
    assert len(deliveries(db, channel="inapp")) == 3


@pytest.mark.req("CORE-11")
def test_two_processes_racing_deliver_each_key_once(app, db, smtp, world, obligation, database_url,
                                                    app_overrides):
    """Two app instances (as two scheduler processes would) run the same job at the same moment."""
    for days in (7, 3, 1, 0):
        obligation(TODAY + timedelta(days=days), title=f"Báo cáo hạn sau {days} ngày")
    instances = [_make_app(database_url, app_overrides) for _ in range(3)]
    start = threading.Barrier(len(instances))
    errors = []

    def run(instance):
        with instance.app_context():
            from platform_core.extensions import db as own_db

            try:
                start.wait()
                send_reminders(today=TODAY)
            except Exception as exc:  # reported below, not swallowed
                errors.append(exc)
            finally:
                own_db.session.remove()
                own_db.engine.dispose()

    threads = [threading.Thread(target=run, args=(instance,)) for instance in instances]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(smtp.messages) == 4 * 2
    assert len(set((rcpts, m["Subject"]) for rcpts, m in smtp.messages)) == 8
    assert db.session.scalar(select(func.count(Notification.id))) == 4 * 3
    assert len(deliveries(db)) == 4 * 5


@pytest.mark.req("CORE-11")
def test_submitted_done_or_waived_obligations_are_not_reminded(app, db, smtp, world, obligation):
    for status in ("submitted", "done", "waived"):
        obligation(TODAY + timedelta(days=3), status=status)
    send_reminders(today=TODAY)
    send_escalations(today=TODAY + timedelta(days=4))
    assert smtp.messages == [] and deliveries(db) == []


@pytest.mark.req("CORE-11")
def test_no_reminder_where_the_plugin_is_inactive(app, db, smtp, world, obligation):
    activation.disable("it_reporting")
    activation.enable("it_reporting", world["other"])
    db.session.commit()
    obligation(TODAY + timedelta(days=1))
    obligation(TODAY + timedelta(days=1), unit=world["other"], title="Báo cáo của Cao Bằng")
    send_reminders(today=TODAY)
    assert smtp.addressees() == emails(world, "other_reporter", "overseer")
    assert all("Cao Bằng" in m["Subject"] for _, m in smtp.messages)

    activation.disable("it_reporting")
    db.session.commit()
    obligation(TODAY + timedelta(days=3), unit=world["other"])
    send_reminders(today=TODAY)
    assert len(smtp.messages) == 2


@pytest.mark.req("CORE-11")
def test_escalation_reaches_the_unit_leaders_not_the_reporters(app, db, smtp, world, obligation):
    due = TODAY - timedelta(days=1)
    late = obligation(due, status="late")
    obligation(TODAY - timedelta(days=1), status="submitted")
    send_reminders(today=TODAY)
    assert smtp.messages == [], "reminders stop at the due date"
    send_escalations(today=TODAY)

    assert smtp.addressees() == emails(world, "leader", "ministry_leader")
    message = next(m for rcpts, m in smtp.messages if rcpts == (world["leader"].email,))
    assert "Quá hạn 1 ngày" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "Kính gửi Đỗ Hồng Sơn" in text and "đã quá hạn 1 ngày" in text
    assert due.strftime("%d/%m/%Y") in text and "Sở Thông tin và Truyền thông tỉnh Hà Giang" in text
    assert {d.offset_days for d in deliveries(db, obligation_id=late.id)} == {-1}
    send_escalations(today=TODAY)
    assert len(smtp.messages) == 2


@pytest.mark.req("CORE-11")
def test_escalation_repeats_weekly_while_the_report_is_missing(app, db, smtp, world, obligation):
    obligation(TODAY - timedelta(days=1))  # still "open": the overdue job may not have run yet
    for day in range(0, 16):
        send_escalations(today=TODAY + timedelta(days=day))
    overdue = sorted(-d.offset_days for d in deliveries(db, channel="email", recipient_id=world["leader"].id))
    assert overdue == [1, 8, 15]
    assert len(smtp.messages) == 3 * 2


@pytest.mark.req("CORE-11")
def test_escalation_can_be_switched_off_per_regime(app, db, smtp, world, obligation):
    offsets.save("it_reporting", None, escalate=False)
    db.session.commit()
    obligation(TODAY - timedelta(days=1), status="late")
    send_escalations(today=TODAY)
    assert smtp.messages == []


@pytest.mark.req("CORE-11")
def test_regime_offsets_override_the_default(app, db, smtp, world, obligation):
    offsets.save("it_reporting", (10, 5), escalate=True)
    db.session.commit()
    obligation(TODAY + timedelta(days=7), title="Hạn sau 7 ngày")
    obligation(TODAY + timedelta(days=5), title="Hạn sau 5 ngày")
    obligation(TODAY + timedelta(days=10), title="Hạn sau 10 ngày")
    send_reminders(today=TODAY)
    titles = sorted({m["Subject"].split(" – ")[0] for _, m in smtp.messages})
    assert titles == ["[Nhắc hạn] Hạn sau 10 ngày", "[Nhắc hạn] Hạn sau 5 ngày"]
    assert len(smtp.messages) == 4


@pytest.mark.req("CORE-11")
def test_smtp_down_records_a_failure_and_never_retries(app, db, smtp, world, obligation):
    app.config["MAIL_PORT"] = unused_port()  # nobody listens there
    ob = obligation(TODAY + timedelta(days=3))
    outcome = send_reminders(today=TODAY)
    assert "2 failed" in outcome
    failed = deliveries(db, channel="email")
    assert [d.status for d in failed] == ["failed", "failed"]
    assert all("Connection" in d.error or "refused" in d.error.lower() for d in failed)
    assert len(deliveries(db, channel="inapp", status="sent")) == 3, "in-app notices do not need SMTP"

    app.config["MAIL_PORT"] = smtp.port  # the server is back
    send_reminders(today=TODAY)
    assert smtp.messages == []
    assert [d.status for d in deliveries(db, channel="email", obligation_id=ob.id)] == ["failed", "failed"]


@pytest.mark.req("CORE-11")
def test_recipient_lookup_does_not_grow_with_the_number_of_obligations(app, db, smtp, world, obligation):
    """The plan for a run takes a fixed number of queries, however many obligations are due."""
    from sqlalchemy import event

    from platform_core.notifications.reminders import due_reminders

    def count_queries(n):
        for i in range(n):
            obligation(TODAY + timedelta(days=3), title=f"Báo cáo số {i}")
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            notices = due_reminders(TODAY)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        db.session.rollback()
        return len(notices), len(statements)

    few = count_queries(2)
    many = count_queries(20)
    assert few[0] == 2 and many[0] == 22
    assert many[1] == few[1]
