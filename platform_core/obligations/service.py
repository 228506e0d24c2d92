"""Creating obligations and changing their status. Every change of status is audited: single changes go
through the ORM (``Obligation`` is ``__audited__``), and generation, which creates rows in bulk, writes
one summary event per rule instead of one per row.

Functions that write take ``commit`` (default True): one call is one transaction.
"""
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.utils import secure_filename

from platform_core import audit
from platform_core.database import nfc
from platform_core.extensions import db
from platform_core.obligations import calendar, planning, registry
from platform_core.obligations.models import (
    STATUS_DONE,
    STATUS_LATE,
    STATUS_OPEN,
    STATUS_SUBMITTED,
    STATUS_WAIVED,
    Obligation,
    OutOfBandReceipt,
)
from platform_core.obligations.rules import AdHoc, EventRelative, FixedYearly, Periodic, plugin_of
from platform_core.plugins import activation
from platform_core.storage import upload_dir
from platform_core.timeutil import local_today, to_local, utcnow
from platform_core.units.models import UNIT_ACTIVE, Unit, UnitClosure, UnitType

PAST_DAYS = 31
DEFAULT_HORIZON_DAYS = 400
BATCH = 1000
PENDING = (STATUS_OPEN, STATUS_LATE)


class ObligationError(ValueError):
    """A change that is refused; the message is for the user (Vietnamese)."""


# ---------------------------------------------------------------- reading

def due_day(obligation: Obligation) -> date:
    """The local day the obligation is due (``due_at`` is the end of that day)."""
    return to_local(obligation.due_at - timedelta(microseconds=1)).date()


def days_left(obligation: Obligation, today: date | None = None) -> int:
    """Days from ``today`` (Viet Nam) to the due day: 0 on the day, negative once overdue."""
    return (due_day(obligation) - (today or local_today())).days


def active_units_clause(plugin_key: str, unit_column):
    """A condition on ``unit_column`` true where ``plugin_key`` is active (always for the core); None
    means everywhere. Mirrors :func:`activation.is_active_for_unit`, as one clause for set-based queries."""
    if plugin_key == "core":
        return None
    rows = activation.activations(plugin_key)
    if any(r.unit_id is None for r in rows):
        return None
    roots = [r.unit_id for r in rows]
    if not roots:
        return unit_column.in_([])
    return unit_column.in_(select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id.in_(roots)))


def applicable_units(rule):
    """A SELECT of the ids of the active units ``rule`` applies to: its unit types, where its plugin is
    active."""
    stmt = select(Unit.id).where(Unit.status == UNIT_ACTIVE)
    if rule.unit_types:
        stmt = stmt.join(UnitType, Unit.unit_type_id == UnitType.id).where(UnitType.code.in_(rule.unit_types))
    clause = active_units_clause(plugin_of(rule.key), Unit.id)
    return stmt if clause is None else stmt.where(clause)


def _unit_applies(rule, unit: Unit) -> bool:
    if not unit.is_active:
        return False
    if rule.unit_types and unit.unit_type.code not in rule.unit_types:
        return False
    plugin_key = plugin_of(rule.key)
    return plugin_key == "core" or activation.is_active_for_unit(plugin_key, unit.id)


# ---------------------------------------------------------------- generation

def _insert(rows: list[dict]) -> int:
    """Insert rows, skipping any another process created meanwhile (ON CONFLICT DO NOTHING on both
    databases); returns how many were inserted. Core inserts bypass the ORM's NFC listener: texts are
    normalised by the caller."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    inserted = 0
    for start in range(0, len(rows), BATCH):
        stmt = dialect.insert(Obligation).on_conflict_do_nothing().returning(Obligation.id)
        inserted += len(db.session.execute(stmt, rows[start:start + BATCH]).all())
    return inserted


def _generate_rule(rule, first: date, last: date, unit_ids: list[int] | None = None, planned=None) -> int:
    planned = planning.plan(rule, first, last) if planned is None else planned
    if not planned:
        return 0
    keys = [p.period_key for p in planned]
    unit_ids = list(db.session.scalars(applicable_units(rule))) if unit_ids is None else unit_ids
    if not unit_ids:
        return 0
    existing = {(unit_id, period_key) for unit_id, period_key in db.session.execute(
        select(Obligation.unit_id, Obligation.period_key).where(
            Obligation.rule_key == rule.key, Obligation.period_key.in_(keys), Obligation.subject_ref == ""))}
    title, plugin_key, now = nfc(rule.title), plugin_of(rule.key), utcnow()
    rows = [
        dict(plugin_key=plugin_key, rule_key=rule.key, unit_id=unit_id, title=title, subject_ref="",
             period_key=p.period_key, period_start=p.start, period_end=p.end, due_at=calendar.due_instant(p.due),
             status=STATUS_OPEN, created_at=now)
        for p in planned for unit_id in unit_ids if (unit_id, p.period_key) not in existing
    ]
    if not rows:
        return 0
    created = _insert(rows)
    if created:
        audit.record("obligation.generate", object_type="obligations", object_id=rule.key,
                     summary=f"Sinh {created} nghĩa vụ «{title}» ({', '.join(keys)})",
                     changes={"rule": rule.key, "created": created, "periods": keys})
    return created


def generate(today: date | None = None, horizon_days: int = DEFAULT_HORIZON_DAYS, commit: bool = True) -> int:
    """Create the missing obligations of every fixed-yearly and periodic rule, for every unit it applies
    to, for the periods due between ``today`` − 31 days and ``today`` + ``horizon_days``.

    Idempotent: what exists (by rule, unit, period) is loaded once per rule and skipped, so a second run
    creates nothing. Returns the number of obligations created.
    """
    today = today or local_today()
    first, last = today - timedelta(days=PAST_DAYS), today + timedelta(days=horizon_days)
    total = 0
    try:
        for rule in registry.all_rules().values():
            if isinstance(rule, (FixedYearly, Periodic)):
                total += _generate_rule(rule, first, last)
        if commit:
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return total


def generate_for_units(rule, unit_ids, first: date, last: date, planned=None, commit: bool = True) -> int:
    """Create the missing obligations of ``rule`` (a ``FixedYearly`` or ``Periodic`` built by a plugin,
    registered or not) for exactly ``unit_ids``, for the periods due between ``first`` and ``last`` —
    or for ``planned`` (:class:`planning.PlannedPeriod` items) when given. For regimes kept as data,
    whose units are chosen by an assignment rather than by unit type. Idempotent like :func:`generate`;
    returns how many were created."""
    if not isinstance(rule, (FixedYearly, Periodic)):
        raise TypeError("generate_for_units takes a FixedYearly or Periodic rule")
    try:
        created = _generate_rule(rule, first, last, unit_ids=sorted(set(unit_ids)), planned=planned)
        if commit:
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return created


# ---------------------------------------------------------------- obligations on demand

def _existing(rule_key: str, unit_id: int, period_key: str, subject_ref: str) -> Obligation | None:
    return db.session.scalar(select(Obligation).where(
        Obligation.rule_key == rule_key, Obligation.unit_id == unit_id, Obligation.period_key == period_key,
        Obligation.subject_ref == subject_ref))


def _check_applies(rule, unit: Unit) -> None:
    if not _unit_applies(rule, unit):
        raise ObligationError(_("Nghĩa vụ “%(title)s” không áp dụng cho đơn vị %(unit)s.",
                                title=rule.title, unit=unit.name))


def _check_subject(subject_ref: str) -> str:
    subject_ref = nfc(subject_ref or "").strip()
    if len(subject_ref) > 120:
        raise ValueError("subject_ref is longer than 120 characters")
    return subject_ref


def open_for_event(rule_key: str, unit: Unit, event_date: date, subject_ref: str, title: str | None = None,
                   commit: bool = True) -> Obligation:
    """The obligation an event starts (a project approved, a person recruited), due
    ``calendar.deadline_after(event_date, …)`` as the rule says. Calling it again for the same event and
    subject returns the same obligation."""
    rule = registry.get_rule(rule_key, EventRelative)
    subject_ref = _check_subject(subject_ref)
    _check_applies(rule, unit)
    period_key = event_date.isoformat()
    found = _existing(rule.key, unit.id, period_key, subject_ref)
    if found is not None:
        return found
    due = calendar.deadline_after(event_date, days=rule.days, months=rule.months, working_days=rule.working_days)
    obligation = Obligation(plugin_key=plugin_of(rule.key), rule_key=rule.key, unit_id=unit.id,
                            title=(title or rule.title).strip()[:255], subject_ref=subject_ref,
                            period_key=period_key, period_start=event_date, period_end=event_date,
                            due_at=calendar.due_instant(due), status=STATUS_OPEN)
    return _save(obligation, commit)


def create_ad_hoc(rule_key, unit: Unit, due_date: date, title: str, subject_ref: str = "",
                  commit: bool = True) -> Obligation:
    """A request with its own due date (today or later); a date in the past is refused. ``rule_key`` is a
    registered rule's key, or an :class:`AdHoc` rule a plugin built for a regime kept as data."""
    rule = rule_key if isinstance(rule_key, AdHoc) else registry.get_rule(rule_key, AdHoc)
    title = nfc(title or "").strip()
    if not title:
        raise ObligationError(_("Nhập nội dung yêu cầu báo cáo."))
    if due_date < local_today():
        raise ObligationError(_("Hạn nộp %(day)s đã qua; chọn hạn nộp từ hôm nay trở đi.",
                                day=due_date.strftime("%d/%m/%Y")))
    subject_ref = _check_subject(subject_ref)
    _check_applies(rule, unit)
    period_key = due_date.isoformat()
    if _existing(rule.key, unit.id, period_key, subject_ref) is not None:
        raise ObligationError(_("Đơn vị %(unit)s đã có yêu cầu này với cùng hạn nộp %(day)s.",
                                unit=unit.name, day=due_date.strftime("%d/%m/%Y")))
    today = local_today()
    obligation = Obligation(plugin_key=plugin_of(rule.key), rule_key=rule.key, unit_id=unit.id, title=title[:255],
                            subject_ref=subject_ref, period_key=period_key, period_start=today, period_end=due_date,
                            due_at=calendar.due_instant(due_date), status=STATUS_OPEN)
    return _save(obligation, commit)


def _save(obligation: Obligation, commit: bool) -> Obligation:
    db.session.add(obligation)
    try:
        db.session.flush()
        if commit:
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return obligation


def _finish(commit: bool) -> None:
    try:
        db.session.flush()
        if commit:
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise


# ---------------------------------------------------------------- status

def mark_submitted(obligation: Obligation, at: datetime | None = None, commit: bool = True) -> Obligation:
    """Record the report as submitted at ``at`` (now by default). The first submission counts: a second
    call leaves the time unchanged. A waived obligation cannot be submitted."""
    if obligation.status == STATUS_WAIVED:
        raise ObligationError(_("Nghĩa vụ này đã được miễn; không thể ghi nhận nộp báo cáo."))
    if obligation.status in (STATUS_SUBMITTED, STATUS_DONE):
        return obligation
    obligation.status = STATUS_SUBMITTED
    obligation.submitted_at = at or utcnow()
    _finish(commit)
    return obligation


def waive(obligation: Obligation, by, reason: str, commit: bool = True) -> Obligation:
    """Release the unit from an obligation it has not met yet, with the reason (kept in ``note``)."""
    reason = nfc(reason or "").strip()
    if not reason:
        raise ObligationError(_("Nhập lý do miễn nghĩa vụ."))
    if obligation.status not in PENDING:
        raise ObligationError(_("Chỉ miễn được nghĩa vụ chưa nộp."))
    obligation.status = STATUS_WAIVED
    obligation.note = reason
    audit.record("obligation.waive", object_type="obligations", object_id=obligation.id, unit_id=obligation.unit_id,
                 summary=f"Miễn nghĩa vụ «{obligation.title}» ({obligation.period_key}): {reason}", actor=by)
    _finish(commit)
    return obligation


def refresh_overdue(now: datetime | None = None, commit: bool = True) -> int:
    """Mark ``late`` every open obligation whose due instant has passed; returns how many. Rows are
    changed through the ORM, in batches, so each change is audited."""
    now = now or utcnow()
    changed = 0
    try:
        while True:
            batch = db.session.scalars(select(Obligation).where(
                Obligation.status == STATUS_OPEN, Obligation.due_at < now).order_by(Obligation.id).limit(BATCH)).all()
            if not batch:
                break
            for obligation in batch:
                obligation.status = STATUS_LATE
            db.session.flush()
            changed += len(batch)
        if commit:
            db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return changed


# ---------------------------------------------------------------- reports received elsewhere (CORE-22)

def _store_file(file_storage, received: date) -> tuple[str, str]:
    """Save the upload under a generated name; returns (path relative to the upload folder, original name)."""
    original = nfc(file_storage.filename or "").strip()
    suffix = Path(secure_filename(original)).suffix.lower()
    suffix = suffix if suffix[1:].isalnum() and len(suffix) <= 10 else ""
    relative = Path("obligations") / f"{received:%Y}" / f"{uuid.uuid4().hex}{suffix}"
    target = upload_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    file_storage.save(str(target))
    return relative.as_posix(), original[:255] or relative.name


def receipt_file(receipt: OutOfBandReceipt) -> Path | None:
    """The stored file of a receipt, or None; never a path outside the upload folder."""
    if not receipt.file_path:
        return None
    base = upload_dir().resolve()
    path = (base / receipt.file_path).resolve()
    return path if path.is_relative_to(base) and path.is_file() else None


def record_out_of_band(obligation: Obligation, document_number: str, document_date: date, received_at: datetime,
                       file_storage=None, by=None, note: str | None = None, commit: bool = True) -> OutOfBandReceipt:
    """Record a report that arrived through another channel (paper, the document system) while this
    system was down (seed 002 Đ11.5): its number, date and file. The obligation counts as submitted at
    ``received_at``, which decides its timeliness."""
    document_number = nfc(document_number or "").strip()
    if not document_number:
        raise ObligationError(_("Nhập số văn bản."))
    if len(document_number) > 80:
        raise ObligationError(_("Số văn bản dài quá 80 ký tự."))
    if received_at.tzinfo is None:
        raise ValueError("received_at must be an aware datetime")
    if received_at > utcnow():
        raise ObligationError(_("Thời điểm nhận không được ở tương lai."))
    if document_date > to_local(received_at).date():
        raise ObligationError(_("Ngày văn bản không được sau ngày nhận."))
    if obligation.status == STATUS_WAIVED:
        raise ObligationError(_("Nghĩa vụ này đã được miễn; không thể ghi nhận báo cáo."))
    if db.session.scalar(select(OutOfBandReceipt.id).where(OutOfBandReceipt.obligation_id == obligation.id)):
        raise ObligationError(_("Nghĩa vụ này đã có báo cáo nhận qua kênh khác."))
    stored = _store_file(file_storage, to_local(received_at).date()) if file_storage is not None else (None, None)
    try:
        receipt = OutOfBandReceipt(obligation_id=obligation.id, document_number=document_number,
                                   document_date=document_date, received_at=received_at, file_path=stored[0],
                                   original_filename=stored[1], note=nfc(note or "").strip() or None,
                                   recorded_by_id=by.id if by is not None else None)
        db.session.add(receipt)
        if obligation.submitted_at is None or received_at < obligation.submitted_at:
            obligation.submitted_at = received_at
        if obligation.status in PENDING:
            obligation.status = STATUS_SUBMITTED
        audit.record("obligation.receipt", object_type="obligations", object_id=obligation.id,
                     unit_id=obligation.unit_id, actor=by,
                     summary=f"Ghi nhận báo cáo nhận qua kênh khác: văn bản số {document_number} "
                             f"ngày {document_date:%d/%m/%Y} cho «{obligation.title}» ({obligation.period_key})")
        db.session.flush()
        if commit:
            db.session.commit()
    except Exception:
        db.session.rollback()
        if stored[0]:
            (upload_dir() / stored[0]).unlink(missing_ok=True)
        raise
    return receipt

