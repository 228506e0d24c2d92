"""The submission workflow. Every change is one call here: it checks the permission on the submission's
unit, checks the state, writes a :class:`SubmissionVersion` snapshot and an audit event, and commits, all
in one transaction. Nothing is written when a call raises.

States and who moves them (permissions come from the report type, checked on the submission's unit)::

    draft ──submit──▶ submitted ──approve──▶ approved ──mark_signed──▶ signed ──send──▶ sent
      ▲                 │   ▲                    │   └──────────send (no signature required)──────▶ sent
      │              return │                  amend (also from signed, sent): a new draft version
      │                 ▼   │
      └──(amend)     returned ──submit──▶ resubmitted ──approve / return──▶ …

- enter permission: create, save, submit, resubmit, amend (for a consolidated report the consolidate
  permission does as well);
- approve permission: approve, return (a reason is required);
- send permission: send; a report type with ``requires_signature`` is sent only once signed, which the
  signatures part records through :func:`mark_signed` after it stored a valid signed PDF;
- consolidate permission: :func:`consolidate` (in ``consolidation.py``).

Data can be saved only in draft or returned. Approved, signed and sent data never changes: an amendment
makes the submission a draft again with a new version, and every earlier version keeps its data.
``save_data`` is optimistic: the caller says which ``lock_version`` its form was built on; a different
one, or a concurrent save caught by SQLAlchemy's ``version_id_col``, raises :class:`StaleData` and
nothing is written.
"""
import re
from contextlib import contextmanager
from datetime import datetime

from flask import has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from platform_core import audit
from platform_core.access.service import can
from platform_core.database import nfc
from platform_core.extensions import db
from platform_core.timeutil import utcnow
from platform_core.workflow import values
from platform_core.workflow.models import (
    APPROVED,
    DRAFT,
    RESUBMITTED,
    RETURNED,
    SENT,
    SIGNED,
    SUBMITTED,
    Submission,
    SubmissionVersion,
)
from platform_core.workflow.registry import get_report_type

EDITABLE = (DRAFT, RETURNED)
UNDER_REVIEW = (SUBMITTED, RESUBMITTED)
FINAL = (APPROVED, SIGNED, SENT)
PERIOD_KEY = re.compile(r"\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12]|-\d{2}-\d{2})?")
REASON_MAX = 2000


class WorkflowError(ValueError):
    """A refused change; the message is for the user (Vietnamese)."""


class Forbidden(WorkflowError):
    """The user lacks the permission on the submission's unit (a page answers 403)."""


class StaleData(WorkflowError):
    """Someone saved the submission after the caller read it (a page answers 409)."""


class InvalidData(WorkflowError):
    """Values that cannot be stored; ``errors`` maps field names to messages."""

    def __init__(self, errors: dict):
        super().__init__(_("Dữ liệu chưa hợp lệ; sửa các ô được đánh dấu."))
        self.errors = errors


class AlreadyExists(WorkflowError):
    """A report of this type already exists for the unit and period (``submission``)."""

    def __init__(self, submission: Submission):
        super().__init__(_("Đơn vị đã có báo cáo này cho kỳ này."))
        self.submission = submission


def stale_message() -> str:
    return _("Báo cáo đã được người khác lưu trước khi bạn lưu. Dữ liệu bạn nhập vẫn còn trong biểu mẫu; "
             "hãy xem giá trị vừa được lưu, sửa nếu cần rồi lưu lại.")


# ---------------------------------------------------------------- permissions

def report_type_of(submission: Submission):
    """The submission's report type; WorkflowError when its plugin no longer declares it."""
    try:
        return get_report_type(submission.report_type_key)
    except KeyError:
        raise WorkflowError(_("Loại báo cáo %(key)s không còn được hệ thống hỗ trợ.",
                              key=submission.report_type_key)) from None


def role_permissions(report_type, role: str, submission: Submission | None = None) -> list[str]:
    if role == "enter":
        names = [report_type.enter_permission]
        if submission is not None and submission.is_consolidated and report_type.consolidate_permission:
            names.append(report_type.consolidate_permission)
        return names
    if role == "consolidate":
        return [report_type.consolidate_permission] if report_type.consolidate_permission else []
    return [getattr(report_type, f"{role}_permission")]


def holds(user, report_type, role: str, unit_id: int, submission: Submission | None = None) -> bool:
    return any(can(user, name, unit_id) for name in role_permissions(report_type, role, submission))


_FORBIDDEN = {
    "enter": _l("Bạn không có quyền nhập số liệu báo cáo này cho đơn vị này."),
    "approve": _l("Bạn không có quyền phê duyệt hoặc trả lại báo cáo của đơn vị này."),
    "send": _l("Bạn không có quyền gửi báo cáo của đơn vị này."),
    "consolidate": _l("Bạn không có quyền tổng hợp báo cáo cho đơn vị này."),
}


def require_role(user, report_type, role: str, unit_id: int, submission: Submission | None = None) -> None:
    if not holds(user, report_type, role, unit_id, submission):
        raise Forbidden(str(_FORBIDDEN[role]))


def viewing_permissions(report_type) -> list[str]:
    """Any permission of the report type's workflow lets a user see its submissions."""
    names = [report_type.enter_permission, report_type.approve_permission, report_type.send_permission,
             report_type.consolidate_permission]
    return list(dict.fromkeys(n for n in names if n))


def may_view(user, submission: Submission) -> bool:
    try:
        report_type = get_report_type(submission.report_type_key)
    except KeyError:
        return False
    from platform_core.plugins import activation

    if not activation.is_active_for_unit(submission.plugin_key, submission.unit_id):
        return False
    return any(can(user, name, submission.unit_id) for name in viewing_permissions(report_type))


def allowed_actions(user, submission: Submission) -> set[str]:
    """The actions ``user`` may take on ``submission`` now: "save", "submit", "return", "approve",
    "send", "amend", "consolidate" (rebuild a consolidated draft)."""
    try:
        rt = get_report_type(submission.report_type_key)
    except KeyError:
        return set()
    unit_id, status, out = submission.unit_id, submission.status, set()
    if status in EDITABLE and holds(user, rt, "enter", unit_id, submission):
        out |= {"save", "submit"}
    if status in UNDER_REVIEW and holds(user, rt, "approve", unit_id):
        out |= {"approve", "return"}
    if status in FINAL and holds(user, rt, "enter", unit_id, submission):
        out.add("amend")
    if (status == SIGNED or (status == APPROVED and not rt.requires_signature)) and holds(user, rt, "send", unit_id):
        out.add("send")
    if submission.is_consolidated and status in EDITABLE and holds(user, rt, "consolidate", unit_id):
        out.add("consolidate")
    return out


# ---------------------------------------------------------------- writing

@contextmanager
def transaction(user):
    """Commit what the block did, or nothing. Outside a request the audit log's automatic events name
    ``user`` as the actor."""
    token = audit.acting_as(user) if user is not None and not has_request_context() else None
    try:
        yield
        db.session.flush()
        db.session.commit()
    except (StaleDataError, IntegrityError):  # a concurrent save, or a concurrent first draft / version
        db.session.rollback()
        raise StaleData(stale_message()) from None
    except Exception:
        db.session.rollback()
        raise
    finally:
        if token is not None:
            token.var.reset(token)


def write_version(submission: Submission, user, action: str, note: str | None = None, sources=None,
                  at: datetime | None = None) -> SubmissionVersion:
    """Snapshot the submission as it is now (state, data) with who did what; flushed, not committed."""
    db.session.flush()
    number = (db.session.scalar(select(func.max(SubmissionVersion.number))
                                .where(SubmissionVersion.submission_id == submission.id)) or 0) + 1
    version = SubmissionVersion(submission_id=submission.id, number=number, status=submission.status,
                                action=action, data=dict(submission.data or {}), sources=sources, note=note,
                                actor_id=getattr(user, "id", None), created_at=at or utcnow())
    db.session.add(version)
    return version


def record_event(submission: Submission, user, action: str, summary: str, changes=None) -> None:
    audit.record(f"submission.{action}", object_type="submissions", object_id=submission.id,
                 unit_id=submission.unit_id, summary=summary, changes=changes, actor=user)


def _describe(submission: Submission) -> str:
    return f"«{submission.title}» ({submission.unit.name if submission.unit else submission.unit_id})"


# ---------------------------------------------------------------- creating

def check_period(period_key: str | None) -> str | None:
    period_key = (period_key or "").strip() or None
    if period_key is not None and not PERIOD_KEY.fullmatch(period_key):
        raise WorkflowError(_("Kỳ báo cáo “%(period)s” không hợp lệ; ví dụ 2026-03, 2026-Q1, 2026-H1, 2026.",
                              period=period_key))
    return period_key


def find_obligation(report_type, unit_id: int, period_key: str):
    """The unit's open obligation for this report type and period (rules in ``rule_keys``), or None."""
    from platform_core.obligations.models import Obligation

    if not report_type.rule_keys or not period_key:
        return None
    return db.session.scalar(select(Obligation).where(
        Obligation.rule_key.in_(report_type.rule_keys), Obligation.unit_id == unit_id,
        Obligation.period_key == period_key, Obligation.subject_ref == "").order_by(Obligation.id).limit(1))


def existing_submission(report_type_key: str, unit_id: int, period_key: str | None, obligation=None):
    """The submission already answering this obligation, or this report type for the unit and period."""
    if obligation is not None:
        found = db.session.scalar(select(Submission).where(Submission.obligation_id == obligation.id))
        if found is not None:
            return found
        if obligation.subject_ref:
            return None  # obligations about a subject (a project, a person) share unit and period
    if period_key is None:
        return None
    return db.session.scalar(select(Submission).where(
        Submission.report_type_key == report_type_key, Submission.unit_id == unit_id,
        Submission.period_key == period_key).order_by(Submission.id).limit(1))


def default_title(report_type, period_key: str | None) -> str:
    from platform_core.obligations.display import period_label

    return report_type.title if not period_key else f"{report_type.title} — {period_label(period_key)}"


def new_submission(report_type, unit, user, obligation=None, title=None, period_key=None,
                   consolidated: bool = False) -> Submission:
    """Check and add a draft (flushed, with its first version); the caller commits. Shared by
    :func:`create_draft` and consolidation, which check the permission themselves."""
    from platform_core.obligations.models import STATUS_WAIVED
    from platform_core.plugins import activation

    plugin_key = report_type.key.split(".", 1)[0]
    if not unit.is_active:
        raise WorkflowError(_("Đơn vị %(unit)s đã giải thể; không lập báo cáo mới được.", unit=unit.name))
    if not activation.is_active_for_unit(plugin_key, unit.id):
        raise WorkflowError(_("Chế độ báo cáo này chưa được bật cho đơn vị %(unit)s.", unit=unit.name))
    if obligation is not None:
        if obligation.unit_id != unit.id or obligation.rule_key not in report_type.rule_keys:
            raise WorkflowError(_("Nghĩa vụ đã chọn không thuộc đơn vị hoặc loại báo cáo này."))
        if obligation.status == STATUS_WAIVED:
            raise WorkflowError(_("Nghĩa vụ này đã được miễn; không cần lập báo cáo."))
        period_key = obligation.period_key
    else:
        period_key = check_period(period_key)
        obligation = find_obligation(report_type, unit.id, period_key)
    found = existing_submission(report_type.key, unit.id, period_key, obligation)
    if found is not None:
        raise AlreadyExists(found)
    title = nfc(title or "").strip()[:255] or default_title(report_type, period_key)
    submission = Submission(report_type_key=report_type.key, plugin_key=plugin_key, unit_id=unit.id, unit=unit,
                            obligation_id=obligation.id if obligation is not None else None, period_key=period_key,
                            title=title, status=DRAFT, data={}, is_consolidated=consolidated,
                            created_by_id=getattr(user, "id", None))
    db.session.add(submission)
    db.session.flush()
    write_version(submission, user, "create")
    record_event(submission, user, "create", f"Lập báo cáo {_describe(submission)}")
    return submission


def create_draft(report_type_key: str, unit, user, obligation=None, title=None, period_key=None) -> Submission:
    """A new draft of ``report_type_key`` for ``unit``: for ``obligation``, or for ``period_key`` (linked
    to the unit's obligation of that period when there is one), or ad hoc. :class:`AlreadyExists` when
    the unit already has one for the obligation or period."""
    report_type = get_report_type(report_type_key)
    require_role(user, report_type, "enter", unit.id)
    with transaction(user):
        submission = new_submission(report_type, unit, user, obligation=obligation, title=title,
                                    period_key=period_key)
    return submission


# ---------------------------------------------------------------- data

def save_data(submission: Submission, user, data: dict, expected_version: int) -> Submission:
    """Store ``data`` (values as typed; other keys ignored) if the submission is still at
    ``expected_version`` and may be edited. ``data`` replaces the stored values: a field that is absent
    or empty is cleared. :class:`InvalidData` lists each value that cannot be read; nothing is written."""
    report_type = report_type_of(submission)
    require_role(user, report_type, "enter", submission.unit_id, submission)
    if submission.status in FINAL:
        raise WorkflowError(_("Báo cáo đã được phê duyệt; số liệu không thể sửa. Dùng “Điều chỉnh” để lập "
                              "phiên bản mới."))
    if submission.status not in EDITABLE:
        raise WorkflowError(_("Báo cáo đang chờ phê duyệt; chỉ sửa được khi bị trả lại."))
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise StaleData(stale_message()) from None
    if expected != submission.lock_version:
        raise StaleData(stale_message())
    cleaned, errors = values.clean_data(report_type, data or {})
    if errors:
        raise InvalidData(errors)
    changed = values.diff(report_type, submission.data, cleaned)
    if not changed:
        return submission
    with transaction(user):
        submission.data = cleaned
        submission.updated_at = utcnow()
        write_version(submission, user, "save")
        record_event(submission, user, "save", f"Lưu số liệu {_describe(submission)}",
               {f.name: [old, new] for f, old, new in changed})
    return submission


# ---------------------------------------------------------------- transitions

def _check_state(submission: Submission, allowed: tuple, message: str) -> None:
    if submission.status not in allowed:
        raise WorkflowError(message)


def submit(submission: Submission, user, at: datetime | None = None) -> Submission:
    """Draft → submitted, or returned → resubmitted. Required fields must be filled. The linked obligation
    is marked submitted (the first submission counts for timeliness). ``at`` backdates the hand-in instant
    for imported or demonstration data; pages never pass it."""
    from platform_core.obligations import service as obligations

    report_type = report_type_of(submission)
    require_role(user, report_type, "enter", submission.unit_id, submission)
    _check_state(submission, EDITABLE, _("Chỉ nộp được báo cáo đang soạn hoặc bị trả lại."))
    missing = values.missing_required(report_type, submission.data or {})
    if missing:
        raise InvalidData(missing)
    at = at or utcnow()
    resubmitting = submission.status == RETURNED
    with transaction(user):
        submission.status = RESUBMITTED if resubmitting else SUBMITTED
        submission.submitted_at = at
        submission.return_reason = None
        action = "resubmit" if resubmitting else "submit"
        write_version(submission, user, action, at=at)
        verb = "Nộp lại" if resubmitting else "Nộp"
        record_event(submission, user, action, f"{verb} báo cáo {_describe(submission)}")
        if submission.obligation is not None:
            try:
                obligations.mark_submitted(submission.obligation, at=at, commit=False)
            except obligations.ObligationError:
                pass  # a waived obligation keeps its status; the report is still received
    return submission


def return_for_correction(submission: Submission, user, reason: str) -> Submission:
    """Submitted/resubmitted → returned, with the reason the unit must read."""
    report_type = report_type_of(submission)
    require_role(user, report_type, "approve", submission.unit_id)
    _check_state(submission, UNDER_REVIEW, _("Chỉ trả lại được báo cáo đang chờ phê duyệt."))
    reason = nfc(reason or "").strip()
    if not reason:
        raise WorkflowError(_("Nhập lý do trả lại để đơn vị biết cần sửa gì."))
    if len(reason) > REASON_MAX:
        raise WorkflowError(_("Lý do trả lại tối đa %(max)d ký tự.", max=REASON_MAX))
    with transaction(user):
        submission.status = RETURNED
        submission.return_reason = reason
        write_version(submission, user, "return", note=reason)
        record_event(submission, user, "return", f"Trả lại báo cáo {_describe(submission)}: {reason}")
    return submission


def approve(submission: Submission, user) -> Submission:
    """Submitted/resubmitted → approved: the data is final from now on."""
    report_type = report_type_of(submission)
    require_role(user, report_type, "approve", submission.unit_id)
    _check_state(submission, UNDER_REVIEW, _("Chỉ phê duyệt được báo cáo đang chờ phê duyệt."))
    with transaction(user):
        submission.status = APPROVED
        submission.approved_at = utcnow()
        submission.approved_by_id = getattr(user, "id", None)
        write_version(submission, user, "approve")
        record_event(submission, user, "approve", f"Phê duyệt báo cáo {_describe(submission)}")
    return submission


def mark_signed(submission: Submission, user) -> Submission:
    """Approved → signed. Called by the signatures part once it has stored a valid signed PDF; who may sign
    is decided there."""
    report_type_of(submission)
    _check_state(submission, (APPROVED,), _("Chỉ ký được báo cáo đã được phê duyệt."))
    with transaction(user):
        submission.status = SIGNED
        submission.signed_at = utcnow()
        write_version(submission, user, "sign")
        record_event(submission, user, "sign", f"Ký số báo cáo {_describe(submission)}")
    return submission


def _has_valid_signature(submission: Submission) -> bool:
    try:
        from platform_core.signatures import service as signatures
    except ImportError:
        return False
    check = getattr(signatures, "has_valid_signature", None)
    return bool(check and check(submission))


def send(submission: Submission, user) -> Submission:
    """Approved (or signed) → sent. A report type that requires a signature is sent only when signed with
    a valid signature."""
    report_type = report_type_of(submission)
    require_role(user, report_type, "send", submission.unit_id)
    _check_state(submission, (APPROVED, SIGNED), _("Chỉ gửi được báo cáo đã được phê duyệt."))
    if report_type.requires_signature and (submission.status != SIGNED or not _has_valid_signature(submission)):
        raise WorkflowError(_("Báo cáo này phải được ký số trước khi gửi. Hãy ký số báo cáo rồi gửi lại."))
    with transaction(user):
        submission.status = SENT
        submission.sent_at = utcnow()
        write_version(submission, user, "send")
        record_event(submission, user, "send", f"Gửi báo cáo {_describe(submission)}")
    return submission


def amend(submission: Submission, user) -> Submission:
    """Approved, signed or sent → a new draft version with the same data, to correct. The earlier versions
    keep what was approved, signed and sent; the page shows what the amendment changes."""
    report_type = report_type_of(submission)
    require_role(user, report_type, "enter", submission.unit_id, submission)
    _check_state(submission, FINAL, _("Chỉ điều chỉnh được báo cáo đã được phê duyệt."))
    with transaction(user):
        previous = submission.status
        submission.status = DRAFT
        submission.approved_at = submission.approved_by_id = None
        submission.signed_at = submission.sent_at = None
        submission.return_reason = None
        write_version(submission, user, "amend", note=previous)
        record_event(submission, user, "amend",
                     f"Điều chỉnh báo cáo {_describe(submission)} (từ trạng thái {previous})")
    return submission


def consolidate(parent_unit, report_type_key: str, period_key: str, user, child_units=None) -> Submission:
    """Build ``parent_unit``'s report from its children's approved reports (or ``child_units``'): see
    ``consolidation.py``."""
    from platform_core.workflow.consolidation import consolidate as run

    return run(parent_unit, report_type_key, period_key, user, child_units)


# ---------------------------------------------------------------- reading

def versions(submission: Submission) -> list[SubmissionVersion]:
    return list(db.session.scalars(select(SubmissionVersion).where(
        SubmissionVersion.submission_id == submission.id).order_by(SubmissionVersion.number)))


def last_final_version(submission: Submission) -> SubmissionVersion | None:
    """The latest version whose data was approved (approved, signed or sent)."""
    return db.session.scalar(select(SubmissionVersion).where(
        SubmissionVersion.submission_id == submission.id, SubmissionVersion.status.in_(FINAL))
        .order_by(SubmissionVersion.number.desc()).limit(1))
