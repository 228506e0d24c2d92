"""Reminder offsets per regime: what an administrator set, else the configured default."""
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from platform_core.extensions import db
from platform_core.notifications.models import ReminderSetting
from platform_core.timeutil import utcnow

MAX_OFFSET = 60


@dataclass(frozen=True)
class RegimeSchedule:
    offsets: tuple[int, ...]
    escalate: bool
    custom: bool  # False: the configured default applies


def default_offsets() -> tuple[int, ...]:
    return tuple(sorted({int(n) for n in current_app.config.get("REMINDER_OFFSETS") or ()}, reverse=True))


def parse_offsets(text: str) -> tuple[int, ...]:
    """"7, 3, 1, 0" → (7, 3, 1, 0). Duplicates are dropped, largest first. Raises ValueError with a
    message for the officer when a part is not a whole number from 0 to 60."""
    values = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise ValueError(_("“%(part)s” không phải là số ngày. Nhập các số nguyên từ 0 đến %(max)s, "
                               "cách nhau bởi dấu phẩy, ví dụ: 7, 3, 1, 0.", part=part, max=MAX_OFFSET))
        value = int(part)
        if not 0 <= value <= MAX_OFFSET:
            raise ValueError(_("Số ngày %(value)s nằm ngoài khoảng cho phép (từ 0 đến %(max)s).",
                               value=value, max=MAX_OFFSET))
        values.add(value)
    return tuple(sorted(values, reverse=True))


def schedules(keys) -> dict[str, RegimeSchedule]:
    """The schedule of every regime in ``keys``, read in one query."""
    rows = {r.plugin_key: r for r in db.session.scalars(
        select(ReminderSetting).where(ReminderSetting.plugin_key.in_(list(keys))))}
    default = default_offsets()
    result = {}
    for key in keys:
        row = rows.get(key)
        if row is None:
            result[key] = RegimeSchedule(default, True, False)
        elif row.offsets is None:
            result[key] = RegimeSchedule(default, bool(row.escalate), False)
        else:
            result[key] = RegimeSchedule(tuple(sorted(row.offsets, reverse=True)), bool(row.escalate), True)
    return result


def save(plugin_key: str, offsets: tuple[int, ...] | None, escalate: bool, by=None) -> ReminderSetting:
    """Store a regime's schedule (``offsets`` None: back to the default). The caller commits."""
    row = db.session.get(ReminderSetting, plugin_key) or ReminderSetting(plugin_key=plugin_key)
    row.offsets = None if offsets is None else list(offsets)
    row.escalate = escalate
    row.updated_by_id = by.id if by is not None else None
    row.updated_at = utcnow()
    db.session.add(row)
    return row
