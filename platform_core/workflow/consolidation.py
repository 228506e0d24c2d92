"""A parent unit's report built from its children's approved reports (CORE-12; seed 000 Đ20.1.a).

Who is expected: the parent's direct, active child units that owe the report type for the period (an
obligation of one of its ``rule_keys``, not waived) or that have a report for it anyway. Each child
contributes the data of its latest approved, signed or sent version. A child without one is *missing*;
a child whose obligation was met after its due date, or is still unmet past it, is *late*. Neither stops
the consolidation: they are listed in the version's ``sources`` and note and marked on the page.

Every figure traces back: ``sources["children"]`` names each child's submission id and version number,
and ``sources["fields"]`` lists, per field, the child values that went into it. Running the
consolidation again rebuilds the parent's draft as a new version (fields aggregated as "none" keep
what the parent typed); it never touches a parent report that was submitted or approved, and writes
nothing when neither the figures nor the children's versions changed.
"""
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from platform_core.extensions import db
from platform_core.timeutil import utcnow
from platform_core.units.models import UNIT_ACTIVE, Unit
from platform_core.workflow import service, values
from platform_core.workflow.models import Submission, SubmissionVersion
from platform_core.workflow.registry import effective_aggregate, get_report_type, load_callable

MEAN_PLACES = Decimal("0.01")


# ---------------------------------------------------------------- who contributes what

def _iso(value):
    return value.isoformat() if value is not None else None


def _is_late(obligation, now) -> bool:
    from platform_core.obligations.models import STATUS_LATE, STATUS_OPEN

    if obligation is None:
        return False
    if obligation.timeliness == "late":
        return True
    return obligation.submitted_at is None and obligation.status in (STATUS_OPEN, STATUS_LATE) \
        and obligation.due_at < now


def _latest_final(submission_ids: list[int]) -> SubmissionVersion | None:
    if not submission_ids:
        return None
    return db.session.scalar(select(SubmissionVersion).where(
        SubmissionVersion.submission_id.in_(submission_ids), SubmissionVersion.status.in_(service.FINAL))
        .order_by(SubmissionVersion.id.desc()).limit(1))


def children_status(parent_unit, report_type, period_key: str, child_units=None) -> list[dict]:
    """One entry per expected child unit: its unit, obligation, report and the version that
    counts (or ``missing``), with ``late`` and ``waived`` marks; ordered by unit code (the same on every database).

    ``child_units`` (or the report type's ``contributors``) replaces the parent's direct children in the
    tree when a regime says who contributes (a department that leads a report consolidates the agencies it
    coordinates)."""
    from platform_core.obligations.models import STATUS_WAIVED, Obligation

    if child_units is None and report_type.contributors:
        child_units = load_callable(report_type.contributors)(report_type, parent_unit)
    if child_units is None:
        children = db.session.scalars(select(Unit).where(Unit.parent_id == parent_unit.id, Unit.status == UNIT_ACTIVE)
                                      .order_by(Unit.code)).all()
    else:
        children = sorted((u for u in child_units if u.is_active and u.id != parent_unit.id), key=lambda u: u.code)
    ids = [c.id for c in children]
    obligations = {}
    if report_type.rule_keys and ids:
        for ob in db.session.scalars(select(Obligation).where(
                Obligation.rule_key.in_(report_type.rule_keys), Obligation.unit_id.in_(ids),
                Obligation.period_key == period_key, Obligation.subject_ref == "").order_by(Obligation.id)):
            obligations.setdefault(ob.unit_id, ob)
    submissions: dict[int, list[Submission]] = {}
    for sub in db.session.scalars(select(Submission).where(
            Submission.report_type_key == report_type.key, Submission.period_key == period_key,
            Submission.unit_id.in_(ids or [-1])).order_by(Submission.id)):
        submissions.setdefault(sub.unit_id, []).append(sub)
    now, out = utcnow(), []
    for child in children:
        ob, subs = obligations.get(child.id), submissions.get(child.id, [])
        if ob is None and not subs:
            continue
        waived = ob is not None and ob.status == STATUS_WAIVED
        version = _latest_final([s.id for s in subs])
        current = subs[-1] if subs else None
        out.append({
            "unit_id": child.id, "unit_code": child.code, "unit_name": child.name,
            "obligation_id": ob.id if ob is not None else None,
            "due_at": _iso(ob.due_at) if ob is not None else None,
            "submitted_at": _iso(ob.submitted_at) if ob is not None else None,
            "submission_id": version.submission_id if version is not None else (current.id if current else None),
            "submission_status": current.status if current is not None else None,
            "version_id": version.id if version is not None else None,
            "version_number": version.number if version is not None else None,
            "data": dict(version.data) if version is not None else None,
            "missing": version is None and not waived,
            "late": not waived and _is_late(ob, now),
            "waived": waived and version is None,
        })
    return out


# ---------------------------------------------------------------- aggregation

def _numbers(field, rows):
    for row in rows:
        value = row.get(field.name)
        if value is not None and value != "":
            yield Decimal(str(value))


def _aggregate_field(field, rows: list[dict]):
    how = effective_aggregate(field)
    present = [r for r in rows if r.get(field.name) not in (None, "")]
    if how == "count":
        return len(present)
    if how == "none" or not present:
        return None
    numbers = list(_numbers(field, present))
    if how in ("max", "min"):
        extreme = max(numbers) if how == "max" else min(numbers)
        return int(extreme) if field.kind == "int" else format(extreme, "f")
    total = sum(numbers, Decimal(0))
    if how == "sum":
        return int(total) if field.kind == "int" else format(total, "f")
    mean = total / len(numbers)
    if field.kind == "int":
        return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return format(mean.quantize(MEAN_PLACES, rounding=ROUND_HALF_UP), "f")



def aggregate(report_type, rows: list[dict]) -> dict:
    """The parent's values from the children's data: the report type's aggregator when it has one, else
    each field's ``aggregate`` (sum; mean rounded half up to a whole number for integers, two places for
    decimals; the largest or smallest value; count of children that gave a value; none)."""
    if report_type.aggregator:
        result = load_callable(report_type.aggregator)(report_type, [dict(r) for r in rows]) or {}
        cleaned, errors = values.clean_data(report_type, result)
        if errors:
            raise RuntimeError(f"aggregator {report_type.aggregator} returned unreadable values: {errors}")
        return cleaned
    out = {}
    for field in report_type.fields:
        value = _aggregate_field(field, rows)
        if value is not None:
            out[field.name] = value
    if report_type.validator:  # recompute what the regime derives (a rate from consolidated totals)
        load_callable(report_type.validator)(report_type, out)
    return out


# ---------------------------------------------------------------- the consolidation

def _traces(report_type, included: list[dict]) -> dict:
    return {f.name: [{"submission_id": c["submission_id"], "version": c["version_number"],
                      "unit_code": c["unit_code"], "value": c["data"].get(f.name)}
                     for c in included if c["data"].get(f.name) not in (None, "")]
            for f in report_type.fields}


def _note(children: list[dict]) -> str:
    counted = [c for c in children if not c["missing"] and not c["waived"]]
    expected = [c for c in children if not c["waived"]]
    parts = [_("Tổng hợp từ %(n)s/%(m)s đơn vị.", n=len(counted), m=len(expected))]
    missing = [c["unit_name"] for c in children if c["missing"]]
    late = [c["unit_name"] for c in children if c["late"]]
    if missing:
        parts.append(_("Chưa có báo cáo được duyệt: %(units)s.", units=", ".join(missing)))
    if late:
        parts.append(_("Nộp muộn hoặc quá hạn: %(units)s.", units=", ".join(late)))
    return " ".join(parts)


def _comparable(sources: dict | None) -> dict | None:
    """What makes a consolidation different: the versions used and the marks, not when it ran or where a
    child's newer, unapproved draft stands."""
    if not sources:
        return None
    out = {k: v for k, v in sources.items() if k not in ("consolidated_at", "children")}
    out["children"] = [{k: v for k, v in c.items() if k != "submission_status"} for c in sources.get("children", [])]
    return out


def _last_sources(parent: Submission):
    version = db.session.scalar(select(SubmissionVersion).where(
        SubmissionVersion.submission_id == parent.id, SubmissionVersion.action == "consolidate")
        .order_by(SubmissionVersion.number.desc()).limit(1))
    return version.sources if version is not None else None


def consolidate(parent_unit, report_type_key: str, period_key: str, user, child_units=None) -> Submission:
    """Build or rebuild ``parent_unit``'s report of ``report_type_key`` for ``period_key`` from its
    children, or from ``child_units`` when given (see :func:`children_status`); returns the parent's
    submission."""
    report_type = get_report_type(report_type_key)
    if not report_type.consolidate_permission:
        raise service.WorkflowError(_("Loại báo cáo này không tổng hợp từ đơn vị cấp dưới."))
    service.require_role(user, report_type, "consolidate", parent_unit.id)
    period_key = service.check_period(period_key)
    if period_key is None:
        raise service.WorkflowError(_("Chọn kỳ báo cáo cần tổng hợp."))
    children = children_status(parent_unit, report_type, period_key, child_units)
    if not children:
        raise service.WorkflowError(_("Không có đơn vị cấp dưới nào phải báo cáo kỳ này."))
    included = [c for c in children if c["data"] is not None]
    figures = aggregate(report_type, [c["data"] for c in included])
    sources = {
        "report_type": report_type.key, "period_key": period_key, "consolidated_at": utcnow().isoformat(),
        "children": [{k: v for k, v in c.items() if k != "data"} for c in children],
        "missing": [c["unit_id"] for c in children if c["missing"]],
        "late": [c["unit_id"] for c in children if c["late"]],
        "fields": _traces(report_type, included),
    }
    obligation = service.find_obligation(report_type, parent_unit.id, period_key)
    parent = service.existing_submission(report_type.key, parent_unit.id, period_key, obligation)
    if parent is not None and parent.status not in service.EDITABLE:
        raise service.WorkflowError(_("Báo cáo tổng hợp của đơn vị đã nộp hoặc đã được phê duyệt; không tổng hợp "
                                      "lại được. Dùng “Điều chỉnh” nếu cần lập phiên bản mới."))
    if parent is not None:
        kept = {f.name: parent.data[f.name] for f in report_type.fields
                if effective_aggregate(f) == "none" and (parent.data or {}).get(f.name) not in (None, "")}
        data = {**kept, **figures}
        if data == (parent.data or {}) and _comparable(_last_sources(parent)) == _comparable(sources) \
                and parent.is_consolidated:
            return parent
    else:
        data = figures
    note = _note(children)
    with service.transaction(user):
        if parent is None:
            parent = service.new_submission(report_type, parent_unit, user, obligation=obligation,
                                            period_key=period_key, consolidated=True)
        parent.is_consolidated = True
        parent.data = data
        parent.updated_at = utcnow()
        service.write_version(parent, user, "consolidate", note=note, sources=sources)
        service.record_event(parent, user, "consolidate",
                       f"Tổng hợp báo cáo «{parent.title}» của {parent_unit.name}: {note}",
                       {"children": [[c["unit_code"], c["submission_id"], c["version_number"]] for c in children]})
    return parent


def latest_sources(submission: Submission) -> dict | None:
    """The ``sources`` of the submission's latest consolidation, for its page."""
    return _last_sources(submission)
