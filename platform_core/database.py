"""Column types and database glue shared by the core and every plugin."""
import unicodedata
from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, String, Text, event
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
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


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


@event.listens_for(Session, "before_flush")
def _normalise_text(session, flush_context, instances):
    """Every string written through the ORM is stored in NFC, whatever form the input came in."""
    for obj in list(session.new) + list(session.dirty):
        mapper = getattr(obj, "__mapper__", None)
        if mapper is None:
            continue
        for column_attr in mapper.column_attrs:
            column = column_attr.columns[0]
            if isinstance(column.type, (String, Text)):
                value = getattr(obj, column_attr.key, None)
                if isinstance(value, str):
                    normalised = unicodedata.normalize("NFC", value)
                    if normalised != value:
                        setattr(obj, column_attr.key, normalised)


def utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc)
