"""Obligations on demand and their status: event deadlines on the working-day calendar, ad-hoc requests,
overdue marking, waivers (CORE-09) and reports received through another channel (CORE-22)."""
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from fixtures_obligations.support import REGIME, make_obligation
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from platform_core.audit.models import AuditEvent
from platform_core.obligations import calendar, service
from platform_core.obligations.models import OutOfBandReceipt
from platform_core.plugins import activation
from platform_core.timeutil import local_today, utcnow


@pytest.fixture
def app_overrides(tmp_path):
    return dict(REGIME, UPLOAD_DIR=str(tmp_path / "uploads"))


@pytest.fixture
def unit(app, db, make_unit):
    bo = make_unit("BO", "Bộ Thử nghiệm", type_code="ministry")
    activation.enable("pcob")
    db.session.commit()
    return make_unit("CNTT", "Cục Công nghệ thông tin", parent=bo)


@pytest.mark.req("CORE-09")
def test_event_rule_counts_calendar_days_and_moves_off_tet(db, unit):
    ob = service.open_for_event("pcob.dossier", unit, date(2026, 1, 28), "person:7")
    # 28/01/2026 + 20 days = 17/02/2026, first day of Tết (16–20/02): the period ends Monday 23/02.
    assert service.due_day(ob) == date(2026, 2, 23)
    assert ob.due_at == calendar.due_instant(date(2026, 2, 23))
    assert (ob.period_key, ob.subject_ref, ob.plugin_key) == ("2026-01-28", "person:7", "pcob")


@pytest.mark.req("CORE-09")
def test_event_rule_in_working_days_skips_the_tet_week(db, unit):
    ob = service.open_for_event("pcob.account", unit, date(2026, 2, 12), "request:1", title="Tạo tài khoản cho A")
    # Fri 13/02 is the 1st working day; Tết and its weekends follow; 23, 24, 25, 26/02 are the 2nd to 5th.
    assert service.due_day(ob) == date(2026, 2, 26)
    assert ob.title == "Tạo tài khoản cho A"


@pytest.mark.req("CORE-09")
def test_the_same_event_opens_one_obligation(db, unit):
    first = service.open_for_event("pcob.dossier", unit, date(2026, 3, 2), "person:7")
    again = service.open_for_event("pcob.dossier", unit, date(2026, 3, 2), "person:7")
    other = service.open_for_event("pcob.dossier", unit, date(2026, 3, 2), "person:8")
    assert first.id == again.id != other.id


@pytest.mark.req("CORE-09")
def test_event_obligation_refused_where_the_plugin_is_inactive(db, unit):
    activation.disable("pcob")
    db.session.commit()
    with pytest.raises(service.ObligationError, match="không áp dụng"):
        service.open_for_event("pcob.dossier", unit, date(2026, 3, 2), "person:7")


@pytest.mark.req("CORE-09")
def test_ad_hoc_due_date_in_the_past_is_refused(db, unit):
    yesterday = local_today() - timedelta(days=1)
    with pytest.raises(service.ObligationError, match="đã qua"):
        service.create_ad_hoc("pcob.adhoc", unit, yesterday, "Báo cáo nhanh tình hình bão")
    ob = service.create_ad_hoc("pcob.adhoc", unit, local_today(), "Báo cáo nhanh tình hình bão")
    assert service.due_day(ob) == local_today()
    with pytest.raises(LookupError):
        service.create_ad_hoc("pcob.dossier", unit, local_today(), "Sai loại quy tắc")


@pytest.mark.req("CORE-09")
def test_refresh_overdue_marks_open_obligations_past_due_late(db, unit):
    today = local_today()
    past = make_obligation(db, unit, "Hạn hôm kia", today - timedelta(days=2))
    due_today = make_obligation(db, unit, "Hạn hôm nay", today)
    submitted = make_obligation(db, unit, "Đã nộp", today - timedelta(days=3), status="submitted",
                                submitted_at=utcnow() - timedelta(days=4))
    assert service.refresh_overdue() == 1
    for ob in (past, due_today, submitted):
        db.session.refresh(ob)
    assert (past.status, due_today.status, submitted.status) == ("late", "open", "submitted")
    assert service.refresh_overdue() == 0
    change = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "update",
                                                         AuditEvent.object_type == "obligations",
                                                         AuditEvent.object_id == str(past.id)))
    assert change.changes["status"] == ["open", "late"]


@pytest.mark.req("CORE-09")
def test_submission_gives_timeliness(db, unit):
    ob = make_obligation(db, unit, "Báo cáo", local_today() - timedelta(days=1))
    assert ob.timeliness is None
    service.mark_submitted(ob)
    assert ob.status == "submitted" and ob.timeliness == "late"
    on_time = make_obligation(db, unit, "Báo cáo 2", local_today() + timedelta(days=1))
    service.mark_submitted(on_time)
    assert on_time.timeliness == "on_time"


@pytest.mark.req("CORE-09")
def test_waive_needs_a_reason_and_is_audited(db, unit, make_user):
    boss = make_user("lanhdao", unit=unit, role="unit_admin")
    ob = make_obligation(db, unit, "Báo cáo", local_today() + timedelta(days=5))
    with pytest.raises(service.ObligationError, match="lý do"):
        service.waive(ob, boss, "  ")
    service.waive(ob, boss, "Đơn vị sáp nhập")
    assert (ob.status, ob.note) == ("waived", "Đơn vị sáp nhập")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "obligation.waive"))
    assert event.actor_username == "lanhdao" and "Đơn vị sáp nhập" in event.summary
    with pytest.raises(service.ObligationError):
        service.mark_submitted(ob)


def _upload(name="cong-van.pdf", content=b"%PDF-1.4 scanned report"):
    return FileStorage(stream=io.BytesIO(content), filename=name, content_type="application/pdf")


@pytest.mark.req("CORE-22")
def test_report_received_elsewhere_before_the_due_time_counts_on_time(app, db, unit, make_user, tmp_path):
    officer = make_user("vanthu", unit=unit, role="unit_admin")
    due = local_today() - timedelta(days=3)
    ob = make_obligation(db, unit, "Báo cáo 6 tháng", due)
    received = calendar.due_instant(due) - timedelta(hours=2)  # recorded now, days after the due date
    receipt = service.record_out_of_band(ob, "125/BC-CNTT", due - timedelta(days=1), received,
                                         file_storage=_upload("../../Báo cáo.pdf"), by=officer)
    assert (ob.status, ob.submitted_at, ob.timeliness) == ("submitted", received, "on_time")
    stored = Path(app.config["UPLOAD_DIR"]) / receipt.file_path
    assert stored.read_bytes() == b"%PDF-1.4 scanned report"
    assert stored.resolve().is_relative_to((tmp_path / "uploads").resolve())
    assert ".." not in receipt.file_path and stored.suffix == ".pdf"
    assert receipt.original_filename == "../../Báo cáo.pdf" and receipt.recorded_by_id == officer.id
    assert service.receipt_file(receipt) == stored.resolve()
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "obligation.receipt")) is not None


@pytest.mark.req("CORE-22")
def test_report_received_after_the_due_time_is_late(db, unit):
    due = local_today() - timedelta(days=3)
    ob = make_obligation(db, unit, "Báo cáo", due)
    service.record_out_of_band(ob, "7/BC", due, calendar.due_instant(due) + timedelta(minutes=1))
    assert ob.timeliness == "late"
    with pytest.raises(service.ObligationError, match="đã có"):
        service.record_out_of_band(ob, "8/BC", due, calendar.due_instant(due))


@pytest.mark.req("CORE-22")
def test_receipt_input_is_checked(db, unit, app):
    ob = make_obligation(db, unit, "Báo cáo", local_today())
    with pytest.raises(service.ObligationError, match="tương lai"):
        service.record_out_of_band(ob, "1/BC", local_today(), utcnow() + timedelta(days=1))
    with pytest.raises(service.ObligationError, match="số văn bản"):
        service.record_out_of_band(ob, " ", local_today(), utcnow())
    with pytest.raises(service.ObligationError, match="sau ngày nhận"):
        service.record_out_of_band(ob, "1/BC", local_today() + timedelta(days=2), utcnow())
    assert db.session.scalar(select(OutOfBandReceipt)) is None
    assert not any(Path(app.config["UPLOAD_DIR"]).rglob("*.pdf"))
