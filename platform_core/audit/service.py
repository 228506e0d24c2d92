"""Writing the audit log: explicit events (:func:`record`) and automatic create/update/delete events
for every model that sets ``__audited__ = True``."""
import contextvars
from datetime import date, datetime
from decimal import Decimal

from flask import has_request_context, request
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.base import NO_VALUE

from platform_core.audit.models import AuditEvent
from platform_core.extensions import db
from platform_core.timeutil import utcnow

# Who acts outside a web request (CLI, jobs): set with ``acting_as(user)``.
_cli_actor = contextvars.ContextVar("audit_actor", default=None)


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


def acting_as(user):
    """Record ``user`` as the actor of events outside a request; returns a token for ``reset``."""
    return _cli_actor.set(user)


def _actor():
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user.id, current_user.username
    user = _cli_actor.get()
    if user is not None:
        return user.id, user.username
    return None, None


def _ip():
    return request.remote_addr if has_request_context() else None


def _jsonable(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)


def record(action: str, *, object_type=None, object_id=None, unit_id=None, summary=None, changes=None,
           actor=None, username=None) -> AuditEvent:
    """Add an audit event to the session; it is written with the caller's commit.

    ``actor``/``username`` name the person when nobody is signed in (a failed login, for example).
    """
    actor_id, actor_name = (actor.id, actor.username) if actor is not None else _actor()
    event_row = AuditEvent(
        occurred_at=utcnow(), actor_id=actor_id, actor_username=username or actor_name, action=action,
        object_type=object_type, object_id=None if object_id is None else str(object_id), unit_id=unit_id,
        summary=summary, changes=changes, ip=_ip(),
    )
    db.session.add(event_row)
    return event_row


def _diff(obj, exclude):
    state = inspect(obj)
    changes, unloaded = {}, []
    for attr in state.mapper.column_attrs:
        if attr.key in exclude:
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if not hist.deleted and state.committed_state.get(attr.key) is NO_VALUE:
                unloaded.append(attr)
            if old != new:
                changes[attr.key] = [_jsonable(old), _jsonable(new)]
    if unloaded and state.identity:
        _fill_stored_values(state, unloaded, changes)
    return changes


def _fill_stored_values(state, attrs, changes):
    """An attribute set while expired (after a commit) has no old value in its history; the database,
    not yet flushed, still holds it."""
    columns = [attr.columns[0] for attr in attrs]
    stmt = select(*columns).where(*[c == v for c, v in zip(state.mapper.primary_key, state.identity)])
    stored = state.session.connection().execute(stmt).one_or_none()
    if stored is None:
        return
    for attr, old in zip(attrs, stored):
        new = state.attrs[attr.key].history.added[0]
        if old == new:
            changes.pop(attr.key, None)
        else:
            changes[attr.key] = [_jsonable(old), _jsonable(new)]


def _snapshot(obj, exclude):
    state = inspect(obj)
    return {a.key: _jsonable(getattr(obj, a.key)) for a in state.mapper.column_attrs if a.key not in exclude}


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, flush_context, instances):
    for obj in session.deleted:
        if isinstance(obj, AuditEvent):
            raise AppendOnlyError("audit events cannot be deleted")
    for obj in session.dirty:
        if isinstance(obj, AuditEvent) and session.is_modified(obj):
            raise AppendOnlyError("audit events cannot be changed")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(orm_execute_state):
    if orm_execute_state.is_update or orm_execute_state.is_delete:
        mapper = orm_execute_state.bind_mapper
        if mapper is not None and mapper.class_ is AuditEvent:
            raise AppendOnlyError("audit events cannot be changed or deleted")


@event.listens_for(Session, "before_flush")
def _collect_model_changes(session, flush_context, instances):
    """Diffs must be read before the flush; ids of new rows only exist after it."""
    pending = session.info.setdefault("audit_pending", [])
    for obj in session.dirty:
        if getattr(obj, "__audited__", False) and session.is_modified(obj, include_collections=False):
            changes = _diff(obj, getattr(obj, "__audit_exclude__", set()))
            if changes:
                pending.append(("update", obj, changes))
    for obj in session.deleted:
        if getattr(obj, "__audited__", False):
            pending.append(("delete", obj, _snapshot(obj, getattr(obj, "__audit_exclude__", set()))))
    for obj in session.new:
        if getattr(obj, "__audited__", False):
            pending.append(("create", obj, None))


@event.listens_for(Session, "after_flush")
def _write_model_changes(session, flush_context):
    pending = session.info.pop("audit_pending", [])
    if not pending:
        return
    actor_id, actor_name = _actor()
    rows = []
    for action, obj, changes in pending:
        if action == "create":
            changes = _snapshot(obj, getattr(obj, "__audit_exclude__", set()))
        state = inspect(obj)
        ident = state.identity or state.mapper.primary_key_from_instance(obj)  # new rows: no identity yet
        rows.append(dict(
            occurred_at=utcnow(), actor_id=actor_id, actor_username=actor_name, action=action,
            object_type=obj.__tablename__, object_id=str(ident[0]) if ident else None,
            unit_id=getattr(obj, "unit_id", None) if obj.__tablename__ != "units" else (ident[0] if ident else None),
            summary=None, changes=changes, ip=_ip(),
        ))
    session.connection().execute(AuditEvent.__table__.insert(), rows)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session):
    session.info.pop("audit_pending", None)
