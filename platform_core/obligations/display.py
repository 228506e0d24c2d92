"""How obligations read on a page: status names and colours, days left, periods, the regime's title."""
import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from platform_core.obligations.models import (
    STATUS_DONE,
    STATUS_LATE,
    STATUS_OPEN,
    STATUS_SUBMITTED,
    STATUS_WAIVED,
)
from platform_core.obligations.service import days_left, due_day
from platform_core.plugins.manager import get_registry

STATUS_LABELS = {
    STATUS_OPEN: _l("Chưa nộp"),
    STATUS_LATE: _l("Quá hạn"),
    STATUS_SUBMITTED: _l("Đã nộp"),
    STATUS_DONE: _l("Hoàn thành"),
    STATUS_WAIVED: _l("Được miễn"),
}
# CSS class of the status badge (obligations/_style.html).
STATUS_BADGES = {
    STATUS_OPEN: "ob-open", STATUS_LATE: "ob-late", STATUS_SUBMITTED: "ob-submitted",
    STATUS_DONE: "ob-done", STATUS_WAIVED: "ob-waived",
}
TIMELINESS_LABELS = {"on_time": _l("Đúng hạn"), "late": _l("Trễ hạn")}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def days_left_text(obligation, today=None) -> str:
    """"còn 3 ngày", "hạn hôm nay", "quá hạn 2 ngày"; "" once the obligation is settled."""
    if obligation.status not in (STATUS_OPEN, STATUS_LATE):
        return ""
    n = days_left(obligation, today)
    if n > 0:
        return _("còn %(n)s ngày", n=n)
    if n == 0:
        return _("hạn hôm nay")
    return _("quá hạn %(n)s ngày", n=-n)


ROMAN_QUARTERS = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_PERIOD_FORMS = (
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), lambda y, m, d: date(int(y), int(m), int(d)).strftime("%d/%m/%Y")),
    (re.compile(r"(\d{4})-(\d{2})"), lambda y, m: _("Tháng %(month)s/%(year)s", month=m, year=y)),
    (re.compile(r"(\d{4})-Q([1-4])"), lambda y, q: _("Quý %(quarter)s/%(year)s", quarter=ROMAN_QUARTERS[q], year=y)),
    (re.compile(r"(\d{4})-H1"), lambda y: _("6 tháng đầu năm %(year)s", year=y)),
    (re.compile(r"(\d{4})-H2"), lambda y: _("6 tháng cuối năm %(year)s", year=y)),
    (re.compile(r"(\d{4})"), lambda y: _("Năm %(year)s", year=y)),
)


def period_label(period_key: str) -> str:
    """"2026-06" → "Tháng 06/2026", "2026-Q1" → "Quý I/2026", "2026-H1" → "6 tháng đầu năm 2026",
    "2026" → "Năm 2026", an event's "2026-01-28" → "28/01/2026"; anything else as it is."""
    for pattern, render in _PERIOD_FORMS:
        match = pattern.fullmatch(period_key or "")
        if match:
            try:
                return render(*match.groups())
            except ValueError:
                break
    return period_key


def is_overdue(obligation, today=None) -> bool:
    return obligation.status in (STATUS_OPEN, STATUS_LATE) and days_left(obligation, today) < 0


def regime_title(plugin_key: str) -> str:
    """The plugin's title (``PluginInfo.title``); the key when the plugin is not loaded any more."""
    if plugin_key == "core":
        return _("Hệ thống")
    record = get_registry().records.get(plugin_key)
    return record.info.title if record is not None and record.info is not None else plugin_key


def timeliness_label(obligation) -> str:
    value = obligation.timeliness
    return str(TIMELINESS_LABELS[value]) if value else ""


def template_helpers() -> dict:
    return {"ob_status_label": status_label, "ob_status_badge": lambda s: STATUS_BADGES.get(s, ""),
            "ob_days_left": days_left_text, "ob_due_day": due_day, "ob_regime": regime_title,
            "ob_timeliness": timeliness_label, "ob_is_overdue": is_overdue, "ob_period": period_label}
