"""The scheduler's entry points (``core.notifications.reminders`` at 07:00 and
``core.notifications.escalations`` at 08:00). Idempotent: a second run on the same day, or a run in
another process, finds every key claimed and sends nothing.

Each ends its session's transaction on the way out: a run must not leave a read transaction open
(on SQLite it would pin an old snapshot for whatever the process does next)."""
from datetime import date

from platform_core.extensions import db
from platform_core.notifications import dispatch, reminders


def send_reminders(today: date | None = None) -> str:
    """Reminders due today (Viet Nam); returns a one-line summary for the run history."""
    try:
        return str(dispatch.deliver(reminders.due_reminders(today)))
    finally:
        db.session.rollback()


def send_escalations(today: date | None = None) -> str:
    """Escalations due today (Viet Nam); returns a one-line summary for the run history."""
    try:
        return str(dispatch.deliver(reminders.due_escalations(today)))
    finally:
        db.session.rollback()
