"""Time for people in Viet Nam: instants are stored in UTC and shown in Asia/Ho_Chi_Minh as dd/mm/yyyy."""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_local(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_TZ)


def local_today() -> date:
    return utcnow().astimezone(LOCAL_TZ).date()


def format_date(value) -> str:
    """dd/mm/yyyy for a date or an instant (converted to local time); '' for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value)
    return value.strftime("%d/%m/%Y")


def format_datetime(value) -> str:
    """dd/mm/yyyy HH:MM in local time; '' for None."""
    if value is None:
        return ""
    return to_local(value).strftime("%d/%m/%Y %H:%M")


def parse_date(text: str) -> date:
    """Parse dd/mm/yyyy (the form officers type) or ISO yyyy-mm-dd; ValueError otherwise."""
    text = (text or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"không đọc được ngày '{text}' (dạng dd/mm/yyyy)")
