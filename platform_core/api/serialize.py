"""Records as the API shows them. Instants are ISO 8601 in UTC, days ISO dates; the same shapes are
described in ``openapi.py``."""
from platform_core.plugins.types import ReportType


def _instant(value):
    return value.isoformat() if value is not None else None


def _day(value):
    return value.isoformat() if value is not None else None


def unit(u) -> dict | None:
    if u is None:
        return None
    return {"id": u.id, "code": u.code, "name": u.name}


def report_type(rt: ReportType) -> dict:
    return {
        "key": rt.key,
        "title": rt.title,
        "plugin": rt.key.split(".", 1)[0],
        "description": rt.description,
        "requires_signature": rt.requires_signature,
        "fields": [
            {"name": f.name, "label": f.label, "kind": f.kind, "unit": f.unit, "required": f.required,
             "aggregate": f.aggregate}
            for f in rt.fields
        ],
    }


def obligation(o, submission_id: int | None = None) -> dict:
    return {
        "id": o.id,
        "plugin": o.plugin_key,
        "rule_key": o.rule_key,
        "title": o.title,
        "subject_ref": o.subject_ref or "",
        "unit": unit(o.unit),
        "period_key": o.period_key,
        "period_start": _day(o.period_start),
        "period_end": _day(o.period_end),
        "due_at": _instant(o.due_at),
        "status": o.status,
        "submitted_at": _instant(o.submitted_at),
        "timeliness": o.timeliness,
        "submission_id": submission_id,
    }


def submission(s) -> dict:
    return {
        "id": s.id,
        "report_type": s.report_type_key,
        "plugin": s.plugin_key,
        "title": s.title,
        "unit": unit(s.unit),
        "obligation_id": s.obligation_id,
        "period_key": s.period_key,
        "status": s.status,
        "version": s.lock_version,
        "data": dict(s.data or {}),
        "document_number": s.document_number,
        "return_reason": s.return_reason,
        "is_consolidated": bool(s.is_consolidated),
        "created_at": _instant(s.created_at),
        "updated_at": _instant(s.updated_at),
        "submitted_at": _instant(s.submitted_at),
        "approved_at": _instant(s.approved_at),
        "signed_at": _instant(s.signed_at),
        "sent_at": _instant(s.sent_at),
    }
