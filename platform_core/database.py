"""Column types and database glue shared by the core and every plugin."""
import unicodedata
from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, String, Text, event, inspect
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """An instant stored in UTC on every backend.

    SQLite keeps no offset and PostgreSQL converts on read, so naive values are refused on write and
    UTC is attached on read: the same code sees the same aware datetimes on both databases.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused; use platform_core.timeutil.utcnow()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


JSONType = JSON().with_variant(JSONB(), "postgresql")


def nfc(value):
    """Unicode NFC (TCVN 6909:2001) for a string; anything else unchanged."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL, a busy timeout and enforced foreign keys for every SQLite connection."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def nfc_deep(value):
    """NFC for a string, and for every string inside JSON-like lists and dicts (keys included)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc_deep(v) for v in value]
    if isinstance(value, dict):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    return value


def _holds_text(column_type) -> bool:
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    return isinstance(column_type, (String, Text, JSON))


@event.listens_for(Session, "before_flush")
def _normalise_text(session, flush_context, instances):
    """Every string written through the ORM is stored in NFC, whatever form the input came in.

    Only values already loaded on the object are looked at, so a flush never triggers extra SELECTs.
    Core ``insert()``/``update()`` statements bypass this: normalise their parameters with :func:`nfc`.
    """
    for obj in list(session.new) + list(session.dirty):
        state = inspect(obj, raiseerr=False)
        if state is None or state.mapper is None:
            continue
        for column_attr in state.mapper.column_attrs:
            if column_attr.key not in state.dict or not _holds_text(column_attr.columns[0].type):
                continue
            value = state.dict[column_attr.key]
            normalised = nfc_deep(value)
            if normalised != value:
                setattr(obj, column_attr.key, normalised)


def utc(dt: datetime) -> datetime:
    return dt.astimezone(UTC)
