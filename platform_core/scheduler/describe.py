"""A job's schedule in words an administrator reads: "Hằng ngày lúc 07:00", "Mỗi 2 giờ"."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from platform_core.plugins.types import JobSpec

WEEKDAYS = {"mon": _l("Thứ Hai"), "tue": _l("Thứ Ba"), "wed": _l("Thứ Tư"), "thu": _l("Thứ Năm"),
            "fri": _l("Thứ Sáu"), "sat": _l("Thứ Bảy"), "sun": _l("Chủ nhật")}
INTERVAL_UNITS = (("weeks", _l("tuần")), ("days", _l("ngày")), ("hours", _l("giờ")), ("minutes", _l("phút")),
                  ("seconds", _l("giây")))
CRON_FIELDS = ("year", "month", "day", "week", "day_of_week", "hour", "minute", "second")


def _number(value) -> int | None:
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def _weekdays(value) -> str | None:
    names = [part.strip().lower() for part in str(value).split(",")]
    if not all(name in WEEKDAYS for name in names):
        return None
    return ", ".join(str(WEEKDAYS[name]) for name in names)


def _cron(args: dict) -> str | None:
    """Plain words for the usual shapes (a time of day on some days); None for anything fancier."""
    if set(args) - {"month", "day", "day_of_week", "hour", "minute", "second"}:
        return None
    hour, minute = _number(args.get("hour", 0)), _number(args.get("minute", 0))
    if minute is None or _number(args.get("second", 0)) is None:
        return None
    if "hour" not in args:
        if set(args) - {"minute", "second"}:
            return None
        return _("Hằng giờ vào phút %(minute)02d", minute=minute)
    if hour is None:
        return None
    at = f"{hour:02d}:{minute:02d}"
    if "day_of_week" in args:
        days = _weekdays(args["day_of_week"])
        if days is None or "day" in args or "month" in args:
            return None
        return _("%(days)s hằng tuần lúc %(at)s", days=days, at=at)
    day, month = _number(args.get("day", 1)), _number(args.get("month", 1))
    if day is None or month is None:
        return None
    if "month" in args:
        return _("Ngày %(day)02d/%(month)02d hằng năm lúc %(at)s", day=day, month=month, at=at)
    if "day" in args:
        return _("Ngày %(day)s hằng tháng lúc %(at)s", day=day, at=at)
    return _("Hằng ngày lúc %(at)s", at=at)


def _interval(args: dict) -> str | None:
    parts = [f"{args[name]} {unit}" for name, unit in INTERVAL_UNITS if args.get(name)]
    if not parts or set(args) - {name for name, _unit in INTERVAL_UNITS} - {"start_date", "end_date"}:
        return None
    return _("Mỗi %(every)s", every=" ".join(parts))


def describe(spec: JobSpec) -> str:
    args = dict(spec.trigger_args or {})
    words = _cron(args) if spec.trigger == "cron" else _interval(args)
    if words:
        return words
    fields = " ".join(f"{name}={args[name]}" for name in CRON_FIELDS + tuple(name for name, _unit in INTERVAL_UNITS)
                      if name in args)
    return _("Lịch %(kind)s: %(fields)s (giờ Việt Nam)", kind=spec.trigger, fields=fields)
