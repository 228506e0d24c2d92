"""Assigning regimes to units (QĐ 09/2024 Đ8.3, RPT-03) and generating their obligations (Đ9, RPT-04).

An :class:`~plugins.provincial_reports.models.Assignment` names units three ways: one unit, a unit and
its whole subtree, or every unit of a type (inside a unit's subtree when one is given). The units a
regime is assigned to are the union of its assignments, less dissolved units, units where the plugin is
not active and, per period, units whose validity does not meet the period.

Obligations: a periodic regime gets one obligation per unit and period, under the rule key of the
version in force for that period (``provincial_reports.regime_<id>_v<n>``, which is also the report
type's key, so a report of that version answers it); an ad-hoc regime gets one obligation per unit due
on its ``adhoc_due_date``. A district assigned together with its communes gets its own obligation, which
its consolidated report answers.

The 72-hour rule (Đ8.3): a regime that is neither ad-hoc nor required by the centre cannot be assigned
less than 72 hours before the deadline it would create. The refusal names the deadline, how short the
notice is, and the next period that can be assigned; assigning "from the next period" then skips the
near one. Generation applies the same rule: for these regimes no obligation is ever created with less
than 72 hours' notice (a commune added to an assigned district two days before a deadline starts with
the following period).
"""
import re
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exists, func, select, union

from platform_core import audit
from platform_core.access import visible_unit_ids
from platform_core.extensions import db
from platform_core.obligations import calendar, planning
from platform_core.obligations import service as obligations
from platform_core.obligations.models import Obligation
from platform_core.obligations.rules import AdHoc, Periodic
from platform_core.timeutil import LOCAL_TZ, format_date, to_local, utcnow
from platform_core.units.models import UNIT_ACTIVE, Unit, UnitClosure, UnitType
from platform_core.units.service import valid_during
from plugins.provincial_reports.models import (
    KINDS_WITHOUT_NOTICE,
    SELECT_SUBTREE,
    SELECT_TYPE,
    SELECT_UNIT,
    STATUS_ACTIVE,
    STATUS_DRAFT,
    STATUS_RETIRED,
    Assignment,
    Regime,
)

MANAGE = "provincial_reports.regime.manage"
ADHOC = "adhoc"
NOTICE_HOURS = 72
HORIZON_DAYS = obligations.DEFAULT_HORIZON_DAYS
_PERIOD_KEY = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2})|-(\d{2})|-Q([1-4])|-H([12]))?$")


class AssignmentError(ValueError):
    """An assignment that is refused; the message is for the user (Vietnamese)."""


# ---------------------------------------------------------------- periods and versions

def period_text(period_key: str) -> str:
    """How a period reads after "kỳ": "11/2026", "quý III/2026", "6 tháng đầu năm 2026", "năm 2026"."""
    match = _PERIOD_KEY.match(period_key or "")
    if match is None:
        return period_key
    year, month, day, only_month, quarter, half = match.groups()
    if month:
        return f"{day}/{month}/{year}"
    if only_month:
        return f"{only_month}/{year}"
    if quarter:
        return _("quý %(q)s/%(year)s", q=("I", "II", "III", "IV")[int(quarter) - 1], year=year)
    if half:
        return (_("6 tháng đầu năm %(year)s", year=year) if half == "1"
                else _("6 tháng cuối năm %(year)s", year=year))
    return _("năm %(year)s", year=year)


def version_for_period(regime: Regime, period_key: str):
    """The version in force for ``period_key`` (the regime service decides: the latest whose
    ``valid_from`` is not after the period)."""
    from plugins.provincial_reports import regimes as regime_service

    return regime_service.version_for_period(regime, period_key)


def rule_for(regime: Regime, version):
    """The obligation rule of one version: ``Periodic`` with the regime's cut-off kind and deadline, or
    ``AdHoc`` for an ad-hoc regime. Built on the fly (never registered); its key is the report type's."""
    key, title = version.report_type_key, (regime.name or regime.code)[:255]
    if regime.frequency == ADHOC:
        return AdHoc(key, title)
    try:
        if regime.due_days is not None:
            return Periodic(key, title, regime.frequency, due_days=regime.due_days)
        if regime.due_working_days is not None:
            return Periodic(key, title, regime.frequency, due_working_days=regime.due_working_days)
        return Periodic(key, title, regime.frequency, due_day=regime.due_day,
                        due_months_later=regime.due_months_later or 0)
    except ValueError as exc:
        raise AssignmentError(_("Kỳ báo cáo hoặc thời hạn gửi của chế độ %(code)s không hợp lệ: %(error)s",
                                code=regime.code, error=str(exc))) from exc


def _latest_version(regime: Regime):
    if not regime.versions:
        raise AssignmentError(_("Chế độ báo cáo %(code)s chưa có nội dung (phiên bản) nên chưa giao được.",
                                code=regime.code))
    return regime.versions[-1]


def _planned(regime: Regime, today: date) -> list[planning.PlannedPeriod]:
    """The regime's periods due from ``today`` to the horizon, by due date (the due dates are the same for
    every version: they come from the regime)."""
    rule = rule_for(regime, _latest_version(regime))
    return planning.plan(rule, today, today + timedelta(days=HORIZON_DAYS))


def _hours_left(due_day: date, now: datetime) -> int:
    """Whole hours from ``now`` to the end of ``due_day`` (Viet Nam)."""
    end = datetime.combine(due_day + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)
    return int((end - now).total_seconds() // 3600)


def needs_notice(regime: Regime) -> bool:
    return regime.kind not in KINDS_WITHOUT_NOTICE


# ---------------------------------------------------------------- which units

def _valid_during(unit: Unit, start: date, end: date) -> bool:
    return valid_during(unit, start, end)


def _plugin_units():
    """A SELECT of the active units where this plugin is active (the core's rule for generating
    obligations, asked through a rule of this plugin that names no unit type)."""
    return obligations.applicable_units(AdHoc("provincial_reports.assigned_units", "-"))


def _selection(selector: str, unit_id: int | None, type_code: str | None):
    """A SELECT of the unit ids one assignment names."""
    if selector == SELECT_UNIT:
        return select(Unit.id).where(Unit.id == unit_id)
    if selector == SELECT_SUBTREE:
        return select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == unit_id)
    stmt = select(Unit.id).join(UnitType, Unit.unit_type_id == UnitType.id).where(UnitType.code == type_code)
    if unit_id is not None:
        stmt = stmt.where(Unit.id.in_(select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == unit_id)))
    return stmt


def _units_of(specs, start: date | None = None, end: date | None = None) -> list[Unit]:
    specs = list(specs)
    if not specs:
        return []
    parts = [_selection(*spec) for spec in specs]
    ids = union(*parts) if len(parts) > 1 else parts[0]
    units = db.session.scalars(select(Unit).where(Unit.id.in_(ids), Unit.status == UNIT_ACTIVE,
                                                  Unit.id.in_(_plugin_units())).order_by(Unit.code)).all()
    if start is not None and end is not None:
        units = [u for u in units if _valid_during(u, start, end)]
    return units


def _spec(assignment: Assignment) -> tuple:
    return assignment.selector, assignment.unit_id, assignment.unit_type_code


def resolve_units(regime: Regime, start: date | None = None, end: date | None = None) -> list[Unit]:
    """The active units the regime is assigned to (where the plugin is active), by code; with ``start`` and
    ``end``, only those whose validity meets that period."""
    return _units_of([_spec(a) for a in regime.assignments], start, end)


# ---------------------------------------------------------------- the first deadline

def _first_period(regime: Regime, units, now: datetime, min_hours: int = 0):
    """``(period_key, due day)`` of the first deadline an assignment to ``units`` creates at ``now`` with at
    least ``min_hours`` of notice; None when there is none within the horizon."""
    today = to_local(now).date()
    if regime.frequency == ADHOC:
        due = regime.adhoc_due_date
        if due is None:
            raise AssignmentError(_("Chế độ báo cáo đột xuất %(code)s chưa có hạn gửi.", code=regime.code))
        if due < today or _hours_left(due, now) < min_hours:
            return None
        return due.isoformat(), due
    for period in _planned(regime, today):
        if _hours_left(period.due, now) < min_hours:
            continue
        if units and not any(_valid_during(u, period.start, period.end) for u in units):
            continue
        if version_for_period(regime, period.period_key) is None:
            continue
        return period.period_key, period.due
    return None


def first_due(regime: Regime, units, now: datetime | None = None) -> datetime | None:
    """The first deadline an assignment to ``units`` creates (an aware instant, the end of the due day):
    the earliest period due from today on, or the ad-hoc due date. None when there is none."""
    found = _first_period(regime, units, now or utcnow())
    return calendar.due_instant(found[1]) if found else None


def _deadline_text(period_key: str, due: date) -> str:
    return _("kỳ %(period)s là 23:59 ngày %(day)s", period=period_text(period_key), day=format_date(due))


def _check_notice(regime: Regime, units, now: datetime, from_next_period: bool) -> None:
    """Đ8.3: refuse when the first deadline is less than 72 hours away (unless the user chose to start from
    the next period and there is one)."""
    if not needs_notice(regime):
        return
    first = _first_period(regime, units, now)
    if first is None:
        raise AssignmentError(_("Chế độ báo cáo %(code)s không còn kỳ báo cáo nào đến hạn để giao.", code=regime.code))
    left = _hours_left(first[1], now)
    if left >= NOTICE_HOURS:
        return
    following = _first_period(regime, units, now, NOTICE_HOURS)
    if from_next_period and following is not None:
        return
    message = _("Giao báo cáo phải trước hạn gửi ít nhất 72 giờ (Điều 8 khoản 3). Hạn gửi %(deadline)s; "
                "giao lúc này chỉ còn %(left)s giờ, thiếu %(short)s giờ.",
                deadline=_deadline_text(*first), left=max(left, 0), short=NOTICE_HOURS - max(left, 0))
    if following is not None:
        message += " " + _("Có thể giao bắt đầu từ kỳ %(period)s (hạn gửi 23:59 ngày %(day)s): chọn “Bắt đầu "
                           "từ kỳ sau”.", period=period_text(following[0]), day=format_date(following[1]))
    raise AssignmentError(message)


# ---------------------------------------------------------------- generation

def _units_per_period(units, periods) -> list[tuple[list[int], list]]:
    """Group periods whose valid units are the same (usually all of them): ``[(unit ids, periods)]``."""
    groups: dict[tuple, list] = {}
    for period in periods:
        ids = tuple(u.id for u in units if _valid_during(u, period.start, period.end))
        if ids:
            groups.setdefault(ids, []).append(period)
    return [(list(ids), group) for ids, group in groups.items()]


def _generate_periodic(regime: Regime, units, now: datetime) -> int:
    today = to_local(now).date()
    min_hours = NOTICE_HOURS if needs_notice(regime) else 0
    by_version: dict[int, tuple] = {}
    for period in _planned(regime, today):
        if _hours_left(period.due, now) < min_hours:
            continue
        version = version_for_period(regime, period.period_key)
        if version is not None:
            by_version.setdefault(version.number, (version, []))[1].append(period)
    created = 0
    for version, periods in by_version.values():
        rule = rule_for(regime, version)
        for unit_ids, group in _units_per_period(units, periods):
            created += obligations.generate_for_units(rule, unit_ids, today, today + timedelta(days=HORIZON_DAYS),
                                                      planned=group, commit=False)
    return created


def _generate_adhoc(regime: Regime, units, now: datetime) -> int:
    due = regime.adhoc_due_date
    today = to_local(now).date()
    if due is None or due < today:
        return 0
    if needs_notice(regime) and _hours_left(due, now) < NOTICE_HOURS:
        return 0
    version = version_for_period(regime, due.isoformat())
    if version is None:
        return 0
    rule = rule_for(regime, version)
    have = set(db.session.scalars(select(Obligation.unit_id).where(
        Obligation.rule_key == rule.key, Obligation.period_key == due.isoformat(), Obligation.subject_ref == "")))
    created = 0
    for unit in units:
        if unit.id in have or not _valid_during(unit, today, due):
            continue
        obligations.create_ad_hoc(rule, unit, due, regime.name, commit=False)
        created += 1
    return created


def _pending_without_report(rule_keys):
    from platform_core.workflow.models import Submission

    return select(Obligation).where(
        Obligation.rule_key.in_(list(rule_keys)), Obligation.status.in_(obligations.PENDING),
        Obligation.submitted_at.is_(None), ~exists().where(Submission.obligation_id == Obligation.id))


def _rekey(regime: Regime) -> int:
    """Move open obligations nobody has started a report for to the version in force for their period
    (a version added later applies from its period on); returns how many moved."""
    if len(regime.versions) < 2:
        return 0
    moved = 0
    for ob in db.session.scalars(_pending_without_report(v.report_type_key for v in regime.versions)):
        version = version_for_period(regime, ob.period_key)
        if version is None or version.report_type_key == ob.rule_key:
            continue
        taken = db.session.scalar(select(Obligation.id).where(
            Obligation.rule_key == version.report_type_key, Obligation.unit_id == ob.unit_id,
            Obligation.period_key == ob.period_key, Obligation.subject_ref == ob.subject_ref))
        if taken is None:
            ob.rule_key = version.report_type_key
            moved += 1
    if moved:
        db.session.flush()
    return moved


def _generate_regime(regime: Regime, now: datetime) -> int:
    _rekey(regime)
    units = resolve_units(regime)
    if not units:
        return 0
    if regime.frequency == ADHOC:
        return _generate_adhoc(regime, units, now)
    return _generate_periodic(regime, units, now)


def _now_of(today: date | None, now: datetime | None) -> datetime:
    if now is not None:
        return now
    if today is not None:
        return datetime.combine(today, time.min, tzinfo=LOCAL_TZ)
    return utcnow()


def generate(regime: Regime | None = None, today: date | None = None, now: datetime | None = None) -> int:
    """Create the missing obligations of ``regime`` (default: every regime in force) for its assigned
    units, for the periods due from today to the horizon. Idempotent. Each regime is one transaction;
    a regime that fails is logged and the others still run, then the failure is raised."""
    now = _now_of(today, now)
    regimes = [regime] if regime is not None else db.session.scalars(
        select(Regime).where(Regime.status == STATUS_ACTIVE).order_by(Regime.id)).all()
    total, failed = 0, []
    for row in regimes:
        if row.status != STATUS_ACTIVE:
            continue
        try:
            total += _generate_regime(row, now)
            db.session.commit()
        except Exception:
            db.session.rollback()
            if regime is not None:
                raise
            current_app.logger.exception("provincial_reports: generating obligations of regime %s failed", row.code)
            failed.append(row.code)
    if failed:
        raise RuntimeError(f"generating obligations failed for regimes {', '.join(failed)} "
                           f"({total} obligations created for the others)")
    return total


def generate_job():
    """Scheduler entry point (``provincial_reports.generate``)."""
    return generate()


# ---------------------------------------------------------------- assigning and unassigning

def _check_scope(user, units) -> None:
    """Every unit must be one ``user`` manages regimes for (one query, however many units)."""
    ids = [u.id for u in units]
    allowed = set(db.session.scalars(select(Unit.id).where(
        Unit.id.in_(ids), Unit.id.in_(visible_unit_ids(user, MANAGE))))) if ids else set()
    outside = [u for u in units if u.id not in allowed]
    if outside:
        names = ", ".join(u.name for u in outside[:5]) + ("…" if len(outside) > 5 else "")
        raise AssignmentError(_("Bạn không có quyền giao báo cáo cho %(n)s đơn vị: %(names)s.",
                                n=len(outside), names=names))


def _new_specs(unit_ids, subtree_ids, unit_type_codes, within_unit_id) -> list[tuple]:
    specs = [(SELECT_UNIT, int(i), None) for i in dict.fromkeys(unit_ids)]
    specs += [(SELECT_SUBTREE, int(i), None) for i in dict.fromkeys(subtree_ids)]
    within = int(within_unit_id) if within_unit_id else None
    specs += [(SELECT_TYPE, within, code) for code in dict.fromkeys(c for c in unit_type_codes if c)]
    if not specs:
        raise AssignmentError(_("Chọn ít nhất một đơn vị, một cây đơn vị hoặc một loại đơn vị để giao báo cáo."))
    ids = {spec[1] for spec in specs if spec[1] is not None}
    found = dict(db.session.execute(select(Unit.id, Unit.status).where(Unit.id.in_(ids))).all()) if ids else {}
    if set(found) != ids:
        raise AssignmentError(_("Đơn vị đã chọn không tồn tại."))
    if any(status != UNIT_ACTIVE for status in found.values()):
        raise AssignmentError(_("Không giao báo cáo cho đơn vị đã giải thể."))
    codes = {spec[2] for spec in specs if spec[2]}
    known = set(db.session.scalars(select(UnitType.code).where(UnitType.code.in_(codes)))) if codes else set()
    if codes - known:
        raise AssignmentError(_("Loại đơn vị không tồn tại: %(codes)s.", codes=", ".join(sorted(codes - known))))
    return specs


def _check_content(regime: Regime) -> None:
    """A draft must have content without problems before units are asked for it (the same checks as the
    regime service's ``activate``, which commits on its own and so is not called inside an assignment)."""
    from plugins.provincial_reports import regimes as regime_service

    definition = _latest_version(regime).definition or {}
    if regime_service.is_empty(definition):
        raise AssignmentError(_("Chế độ báo cáo chưa có mục đề cương hay biểu số liệu nào; hãy soạn nội dung "
                                "trước khi giao."))
    problems = regime_service.check_definition(definition)
    if problems:
        raise AssignmentError(" ".join([_("Nội dung chế độ báo cáo còn lỗi; sửa trước khi giao:"), *problems]))


def _activate(regime: Regime, user) -> None:
    """A draft regime comes into force with its first assignment."""
    from plugins.provincial_reports import fields

    regime.status = STATUS_ACTIVE
    audit.record("provincial_reports.regime.activate", object_type=Regime.__tablename__, object_id=regime.id,
                 summary=f"Đưa chế độ báo cáo {regime.code} vào áp dụng (giao lần đầu)", actor=user)
    fields.forget()


def assign(regime: Regime, user, *, unit_ids=(), subtree_ids=(), unit_type_codes=(), within_unit_id=None,
           now: datetime | None = None, from_next_period: bool = False) -> list[Assignment]:
    """Assign ``regime`` to the chosen units, subtrees and unit types and create their obligations, all
    in one transaction. Refused (:class:`AssignmentError`, nothing written) when nothing is chosen, the
    regime is retired, a unit is outside what ``user`` manages, no active unit is named, or the 72-hour
    rule of Đ8.3 is not met (see the module docstring; ``from_next_period`` skips a period too near).
    Returns the new assignments (choices already assigned are not repeated)."""
    now = now or utcnow()
    if regime.status == STATUS_RETIRED:
        raise AssignmentError(_("Chế độ báo cáo %(code)s đã hết hiệu lực; không giao được nữa.", code=regime.code))
    if regime.frequency == ADHOC and (regime.adhoc_due_date is None or regime.adhoc_due_date < to_local(now).date()):
        raise AssignmentError(_("Chế độ báo cáo đột xuất %(code)s chưa có hạn gửi hoặc hạn gửi đã qua; sửa hạn gửi "
                                "trước khi giao.", code=regime.code))
    if regime.status == STATUS_DRAFT:
        _check_content(regime)
    specs = _new_specs(unit_ids, subtree_ids, unit_type_codes, within_unit_id)
    existing = {_spec(a) for a in regime.assignments}
    fresh = [spec for spec in specs if spec not in existing]
    if not fresh:
        raise AssignmentError(_("Các lựa chọn này đã được giao trước đó."))
    chosen = _units_of(fresh)
    if not chosen:
        raise AssignmentError(_("Không có đơn vị nào đang hoạt động (và đã bật hệ thống báo cáo) trong lựa chọn."))
    _check_scope(user, chosen)
    before = {u.id for u in resolve_units(regime)}
    _check_notice(regime, [u for u in chosen if u.id not in before] or chosen, now, from_next_period)
    try:
        rows = [Assignment(regime=regime, selector=selector, unit_id=unit_id, unit_type_code=code,
                           created_by_id=getattr(user, "id", None)) for selector, unit_id, code in fresh]
        db.session.add_all(rows)
        if regime.status == STATUS_DRAFT:
            _activate(regime, user)
        db.session.flush()
        created = _generate_regime(regime, now)
        audit.record("provincial_reports.assign", object_type="provincial_reports_regimes", object_id=regime.id,
                     summary=f"Giao chế độ báo cáo «{regime.name}» cho {len(chosen)} đơn vị; sinh {created} nghĩa vụ",
                     changes={"assignments": [list(spec) for spec in fresh], "obligations": created}, actor=user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return rows


def _lost_units(assignment: Assignment) -> set[int]:
    regime = assignment.regime
    before = {u.id for u in resolve_units(regime)}
    return before - {u.id for u in _units_of([_spec(a) for a in regime.assignments if a.id != assignment.id])}


def unassign_preview(assignment: Assignment) -> tuple[int, int]:
    """``(units no longer assigned, open obligations that would be waived)`` if ``assignment`` went."""
    lost = _lost_units(assignment)
    if not lost:
        return 0, 0
    stmt = _pending_without_report(v.report_type_key for v in assignment.regime.versions).where(
        Obligation.unit_id.in_(lost))
    return len(lost), db.session.scalar(select(func.count()).select_from(stmt.subquery()))


def unassign(assignment: Assignment, user, now: datetime | None = None) -> int:
    """Remove ``assignment``. Open obligations of units no longer assigned, for which no report was started,
    are waived with the reason; returns how many. One transaction."""
    regime = assignment.regime
    own = _units_of([_spec(assignment)])
    _check_scope(user, own)
    now = now or utcnow()
    lost = _lost_units(assignment)
    reason = _("Chế độ báo cáo «%(name)s» không còn giao cho đơn vị (bỏ giao ngày %(day)s).",
               name=regime.name, day=format_date(now))
    waived = 0
    try:
        if lost:
            stmt = _pending_without_report(v.report_type_key for v in regime.versions).where(
                Obligation.unit_id.in_(lost))
            for ob in db.session.scalars(stmt).all():
                obligations.waive(ob, user, reason, commit=False)
                waived += 1
        description = assignment.unit.name if assignment.unit is not None else ""
        audit.record("provincial_reports.unassign", object_type="provincial_reports_regimes", object_id=regime.id,
                     summary=f"Bỏ giao chế độ báo cáo «{regime.name}» ({assignment.selector} {description} "
                             f"{assignment.unit_type_code or ''}); miễn {waived} nghĩa vụ chưa thực hiện",
                     changes={"assignment": list(_spec(assignment)), "waived": waived}, actor=user)
        db.session.delete(assignment)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return waived


def describe(assignment: Assignment) -> str:
    """How an assignment reads in a list."""
    if assignment.selector == SELECT_UNIT:
        return assignment.unit.name if assignment.unit else "—"
    if assignment.selector == SELECT_SUBTREE:
        return _("%(unit)s và các đơn vị trực thuộc", unit=assignment.unit.name if assignment.unit else "—")
    type_name = db.session.scalar(select(UnitType.name).where(UnitType.code == assignment.unit_type_code))
    type_name = type_name or assignment.unit_type_code
    if assignment.unit is not None:
        return _("Mọi đơn vị loại “%(type)s” thuộc %(unit)s", type=type_name, unit=assignment.unit.name)
    return _("Mọi đơn vị loại “%(type)s”", type=type_name)
