"""The submission workflow service (CORE-12): each transition with the right and the wrong role, a version
and an audit event per step, approved data that never changes, amendments as new versions, optimistic
locking, values read the way officers type them, and sending only once signed."""
import dataclasses

import pytest
import sqlalchemy as sa
from test_workflow_support import (  # noqa: F401
    FIGURES,
    PLUGIN,
    RT,
    app_overrides_fixture,
    approved,
    counts,
    draft,
    stored,
    world_fixture,
)

from platform_core.audit.models import AuditEvent
from platform_core.workflow import service, values
from platform_core.workflow.models import Submission

pytestmark = pytest.mark.req("CORE-12")


def _trail(db, submission_id):
    return [(v.number, v.action, v.status, v.actor_id) for v in stored(db, submission_id).versions]


def _signature(monkeypatch, valid: bool):
    monkeypatch.setattr("platform_core.signatures.service.has_valid_signature", lambda submission: valid)


def test_each_transition_writes_a_version_naming_its_actor_and_an_audit_event(db, world, monkeypatch):
    officer, approver, sender = world.entry["HB"], world.approver, world.sender
    sub = draft(world)
    service.submit(sub, officer)
    service.return_for_correction(sub, approver, "Thiếu số liệu chi ngân sách tháng trước.")
    service.save_data(sub, officer, {**FIGURES["HB"], "budget_expenditure": "9900"}, sub.lock_version)
    service.submit(sub, officer)
    service.approve(sub, approver)
    service.mark_signed(sub, approver)
    _signature(monkeypatch, True)
    service.send(sub, sender)

    assert _trail(db, sub.id) == [
        (1, "create", "draft", officer.id), (2, "save", "draft", officer.id), (3, "submit", "submitted", officer.id),
        (4, "return", "returned", approver.id), (5, "save", "returned", officer.id),
        (6, "resubmit", "resubmitted", officer.id), (7, "approve", "approved", approver.id),
        (8, "sign", "signed", approver.id), (9, "send", "sent", sender.id)]
    versions = stored(db, sub.id).versions
    assert versions[3].note == "Thiếu số liệu chi ngân sách tháng trước."
    assert versions[4].data["budget_expenditure"] == "9900"
    events = db.session.execute(sa.select(AuditEvent.action, AuditEvent.actor_id).where(
        AuditEvent.object_type == "submissions", AuditEvent.action.like("submission.%")).order_by(AuditEvent.id)).all()
    assert [a for a, _ in events] == ["submission.create", "submission.save", "submission.submit", "submission.return",
                                      "submission.save", "submission.resubmit", "submission.approve",
                                      "submission.sign", "submission.send"]
    assert events[-1].actor_id == sender.id
    final = stored(db, sub.id)
    assert (final.status, final.approved_by_id) == ("sent", approver.id)
    assert final.submitted_at and final.approved_at and final.signed_at and final.sent_at


def _refused(db, sub_id, call, exc=service.Forbidden):
    before = (stored(db, sub_id).status, stored(db, sub_id).lock_version, counts(db, sub_id))
    with pytest.raises(exc):
        call()
    after = stored(db, sub_id)
    assert (after.status, after.lock_version, counts(db, sub_id)) == before


def test_entry_steps_need_the_enter_permission_on_the_unit(db, world):
    sub = draft(world)
    other_commune, approver = world.entry["LM"], world.approver
    _refused(db, sub.id, lambda: service.save_data(sub, other_commune, {"new_jobs": "1"}, sub.lock_version))
    _refused(db, sub.id, lambda: service.save_data(sub, approver, {"new_jobs": "1"}, sub.lock_version))
    _refused(db, sub.id, lambda: service.submit(sub, other_commune))
    _refused(db, sub.id, lambda: service.submit(sub, world.sender))
    with pytest.raises(service.Forbidden):
        service.create_draft(RT, world.units["HB"], approver, period_key="2026-11")
    assert counts(db)[0] == 1


def test_approval_steps_need_the_approve_permission(db, world):
    sub = draft(world)
    service.submit(sub, world.entry["HB"])
    for user in (world.entry["HB"], world.sender, world.consolidator):
        _refused(db, sub.id, lambda u=user: service.approve(sub, u))
        _refused(db, sub.id, lambda u=user: service.return_for_correction(sub, u, "Sai số liệu"))
    service.approve(sub, world.approver)
    assert stored(db, sub.id).status == "approved"


def test_sending_needs_the_send_permission(db, world, monkeypatch):
    sub = approved(world)
    service.mark_signed(sub, world.approver)
    _signature(monkeypatch, True)
    for user in (world.entry["HB"], world.approver):
        _refused(db, sub.id, lambda u=user: service.send(sub, u))
    service.send(sub, world.sender)
    assert stored(db, sub.id).status == "sent"


def test_a_transition_from_the_wrong_state_is_refused_with_a_message(db, world):
    sub = draft(world)
    _refused(db, sub.id, lambda: service.approve(sub, world.approver), service.WorkflowError)
    _refused(db, sub.id, lambda: service.mark_signed(sub, world.approver), service.WorkflowError)
    _refused(db, sub.id, lambda: service.amend(sub, world.entry["HB"]), service.WorkflowError)
    service.submit(sub, world.entry["HB"])
    with pytest.raises(service.WorkflowError, match="chỉ sửa được khi bị trả lại"):
        service.save_data(sub, world.entry["HB"], {"new_jobs": "1"}, sub.lock_version)


def test_return_needs_a_reason(db, world):
    sub = draft(world)
    service.submit(sub, world.entry["HB"])
    _refused(db, sub.id, lambda: service.return_for_correction(sub, world.approver, "   "), service.WorkflowError)
    assert stored(db, sub.id).status == "submitted"


def test_submit_needs_the_required_fields_and_names_them(db, world):
    sub = draft(world, figures={"budget_revenue": "100"})
    with pytest.raises(service.InvalidData) as caught:
        service.submit(sub, world.entry["HB"])
    assert set(caught.value.errors) == {"new_jobs"}
    assert "Số lao động được giải quyết việc làm mới" in caught.value.errors["new_jobs"]
    assert stored(db, sub.id).status == "draft"


def test_submitting_marks_the_obligation_submitted_on_time(db, world):
    sub = draft(world)
    service.submit(sub, world.entry["HB"])
    obligation = stored(db, sub.id).obligation
    assert (obligation.status, obligation.timeliness) == ("submitted", "on_time")


@pytest.mark.parametrize("status", ["approved", "signed", "sent"])
def test_approved_data_never_changes_through_the_service(db, world, monkeypatch, status):
    sub = approved(world)
    if status in ("signed", "sent"):
        service.mark_signed(sub, world.approver)
    if status == "sent":
        _signature(monkeypatch, True)
        service.send(sub, world.sender)
    before = dict(stored(db, sub.id).data)
    _refused(db, sub.id, lambda: service.save_data(sub, world.entry["HB"], {"budget_revenue": "1"},
                                                   stored(db, sub.id).lock_version), service.WorkflowError)
    assert stored(db, sub.id).data == before == {**before, "budget_revenue": "12450.5"}


def test_amend_makes_a_new_draft_that_shows_what_changed(db, world):
    sub = approved(world)
    approved_number = stored(db, sub.id).versions[-1].number
    service.amend(sub, world.entry["HB"])
    assert stored(db, sub.id).status == "draft"
    service.save_data(sub, world.entry["HB"], {**FIGURES["HB"], "budget_revenue": "12500"}, sub.lock_version)

    final = service.last_final_version(stored(db, sub.id))
    assert final.number == approved_number and final.data["budget_revenue"] == "12450.5"
    changes = values.diff(service.report_type_of(sub), final.data, stored(db, sub.id).data)
    assert [(f.name, old, new) for f, old, new in changes] == [("budget_revenue", "12450.5", "12500")]
    assert [v.action for v in stored(db, sub.id).versions][-2:] == ["amend", "save"]


def test_a_save_on_a_stale_version_is_refused_and_keeps_the_first_editors_data(db, world):
    sub = draft(world)
    version_both_read = stored(db, sub.id).lock_version
    service.save_data(stored(db, sub.id), world.entry["HB"], {**FIGURES["HB"], "new_jobs": "50"}, version_both_read)
    before = counts(db, sub.id)
    with pytest.raises(service.StaleData, match="người khác lưu trước"):
        service.save_data(stored(db, sub.id), world.entry2, {**FIGURES["HB"], "new_jobs": "60"}, version_both_read)
    assert stored(db, sub.id).data["new_jobs"] == 50
    assert counts(db, sub.id) == before


def test_a_concurrent_write_is_caught_by_the_version_counter(db, world):
    sub = draft(world)
    mine = stored(db, sub.id)
    read_version = mine.lock_version
    with db.engine.begin() as other:  # another worker saves between our read and our write
        other.execute(sa.update(Submission.__table__).where(Submission.__table__.c.id == sub.id).values(
            lock_version=read_version + 1, data={**mine.data, "new_jobs": 70}))
    assert mine.lock_version == read_version, "our copy still looks current: only the database can tell"
    with pytest.raises(service.StaleData):
        service.save_data(mine, world.entry["HB"], {**FIGURES["HB"], "new_jobs": "80"}, read_version)
    assert stored(db, sub.id).data["new_jobs"] == 70


def test_values_are_read_as_officers_type_them_and_bad_ones_named_in_vietnamese(db, world):
    sub = service.create_draft(RT, world.units["HB"], world.entry["HB"], obligation=world.obligations["HB"])
    with pytest.raises(service.InvalidData) as caught:
        service.save_data(sub, world.entry["HB"], {"new_jobs": "bốn mươi", "budget_revenue": "12,5,3",
                                                   "poor_households": "3,5"}, sub.lock_version)
    errors = caught.value.errors
    assert set(errors) == {"new_jobs", "budget_revenue", "poor_households"}
    assert "«Số lao động được giải quyết việc làm mới»: nhập một số nguyên" in errors["new_jobs"]
    assert "«Thu ngân sách nhà nước trên địa bàn»" in errors["budget_revenue"]
    assert stored(db, sub.id).data == {}

    service.save_data(sub, world.entry["HB"], {"new_jobs": "1.250", "budget_revenue": "1.234.567,89",
                                               "waste_collection_rate": "97,50", "ignored": "x"}, sub.lock_version)
    assert stored(db, sub.id).data == {"new_jobs": 1250, "budget_revenue": "1234567.89",
                                       "waste_collection_rate": "97.50"}


def test_dates_and_decimals_keep_their_meaning():
    from platform_core import FieldSpec

    when, money = FieldSpec("d", "Ngày khởi công", "date"), FieldSpec("m", "Vốn", "decimal", "triệu đồng")
    assert values.clean_value(when, "31/03/2026") == "2026-03-31"
    with pytest.raises(values.FieldError, match="Ngày khởi công"):
        values.clean_value(when, "31/02/2026")
    assert values.clean_value(money, "0,1") == "0.1" and values.clean_value(money, 12) == "12"
    assert values.display_value(money, "1234567.5") == "1.234.567,5"
    assert values.display_value(when, "2026-03-31") == "31/03/2026"


def test_a_report_that_must_be_signed_is_not_sent_unsigned(db, world, monkeypatch):
    sub = approved(world)
    _refused(db, sub.id, lambda: service.send(sub, world.sender), service.WorkflowError)
    with pytest.raises(service.WorkflowError, match="phải được ký số trước khi gửi"):
        service.send(sub, world.sender)
    service.mark_signed(sub, world.approver)
    _signature(monkeypatch, False)  # marked signed, but the signed PDF does not verify
    _refused(db, sub.id, lambda: service.send(sub, world.sender), service.WorkflowError)
    _signature(monkeypatch, True)
    service.send(sub, world.sender)
    assert stored(db, sub.id).status == "sent"


def test_a_report_without_signature_is_sent_straight_after_approval(app, db, world):
    rt = app.extensions["report_types"][RT]
    app.extensions["report_types"][RT] = dataclasses.replace(rt, requires_signature=False)
    sub = approved(world)
    service.send(sub, world.sender)
    assert stored(db, sub.id).status == "sent"


def test_a_second_report_for_the_same_obligation_or_period_is_refused(db, world):
    sub = draft(world)
    with pytest.raises(service.AlreadyExists) as caught:
        service.create_draft(RT, world.units["HB"], world.entry["HB"], period_key="2026-10")
    assert caught.value.submission.id == sub.id
    with pytest.raises(service.WorkflowError, match="không hợp lệ"):
        service.create_draft(RT, world.units["HB"], world.entry["HB"], period_key="tháng 10")
    linked = service.create_draft(RT, world.units["LM"], world.entry["LM"], period_key="2026-10")
    assert linked.obligation_id == world.obligations["LM"].id


def test_only_holders_of_the_report_types_permissions_may_view(db, world):
    sub = draft(world)
    assert service.may_view(world.entry["HB"], sub) and service.may_view(world.approver, sub)
    assert service.may_view(world.consolidator, sub)
    assert not service.may_view(world.entry["LM"], sub)
