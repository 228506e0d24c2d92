"""How submissions read on a page: state and action names, badge colours, values, version changes."""
from flask_babel import lazy_gettext as _l

from platform_core.workflow import values
from platform_core.workflow.models import APPROVED, DRAFT, RESUBMITTED, RETURNED, SENT, SIGNED, SUBMITTED

STATUS_LABELS = {
    DRAFT: _l("Nháp"),
    SUBMITTED: _l("Đã nộp"),
    RETURNED: _l("Trả lại"),
    RESUBMITTED: _l("Nộp lại"),
    APPROVED: _l("Đã duyệt"),
    SIGNED: _l("Đã ký"),
    SENT: _l("Đã gửi"),
}
STATUS_BADGES = {
    DRAFT: "wf-draft", SUBMITTED: "wf-submitted", RETURNED: "wf-returned", RESUBMITTED: "wf-submitted",
    APPROVED: "wf-approved", SIGNED: "wf-signed", SENT: "wf-sent",
}
ACTION_LABELS = {
    "create": _l("Lập báo cáo"),
    "save": _l("Lưu số liệu"),
    "submit": _l("Nộp"),
    "resubmit": _l("Nộp lại"),
    "return": _l("Trả lại"),
    "approve": _l("Phê duyệt"),
    "sign": _l("Ký số"),
    "send": _l("Gửi"),
    "amend": _l("Điều chỉnh"),
    "consolidate": _l("Tổng hợp"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def history(report_type, versions: list) -> list[tuple]:
    """``[(version, [(field, old, new)])]``, newest first: each version with the fields it changed."""
    out, previous = [], None
    for version in versions:
        changes = values.diff(report_type, previous, version.data) if previous is not None else []
        out.append((version, changes))
        previous = version.data
    return list(reversed(out))


def template_helpers() -> dict:
    return {"wf_status_label": status_label, "wf_status_badge": lambda s: STATUS_BADGES.get(s, ""),
            "wf_action_label": action_label, "wf_value": values.display_value}
