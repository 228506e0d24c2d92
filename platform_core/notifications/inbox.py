"""The in-app inbox: what a user has been told, and what they have read."""
from flask import g, has_request_context
from sqlalchemy import func, select, update

from platform_core.extensions import db
from platform_core.notifications.models import KIND_INFO, Delivery, Notification
from platform_core.timeutil import utcnow


def notify(user_id: int, title: str, body: str = "", link: str | None = None, kind: str = KIND_INFO,
           obligation_id: int | None = None) -> Notification:
    """Add a notification to a user's inbox (the caller commits). For anything that must reach a person
    once only, go through ``dispatch`` instead, which keeps the delivery key."""
    note = Notification(user_id=user_id, title=title, body=body, link=link, kind=kind,
                        obligation_id=obligation_id)
    db.session.add(note)
    return note


def for_user(user_id: int):
    """The user's notifications, newest first (a statement, to paginate)."""
    return (select(Notification).where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def deliveries_for(user_id: int):
    """What was sent to the user, by any channel, newest first (a statement, to paginate)."""
    return (select(Delivery).where(Delivery.recipient_id == user_id)
            .order_by(Delivery.created_at.desc(), Delivery.id.desc()))


def unread_count(user_id: int) -> int:
    """Unread notifications of the user, counted once per request (the bell is on every page)."""
    cache = g.setdefault("_unread_notifications", {}) if has_request_context() else {}
    if user_id not in cache:
        cache[user_id] = db.session.scalar(
            select(func.count(Notification.id))
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))) or 0
    return cache[user_id]


def mark_read(user_id: int, notification_id: int | None = None) -> int:
    """Mark one notification (or, with no id, all) of the user as read; returns how many changed.
    Another user's notification is never touched: the user id is part of the condition."""
    stmt = (update(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .values(read_at=utcnow()))
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    changed = db.session.execute(stmt).rowcount
    if has_request_context() and hasattr(g, "_unread_notifications"):
        del g._unread_notifications
    return changed
