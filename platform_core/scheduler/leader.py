"""Leader election: normally only one scheduler process in the whole deployment runs jobs.

PostgreSQL: a session-level advisory lock on a dedicated connection held for the life of the process.
When the process dies its session ends and the lock is free at once; a standby asking every few
seconds takes over. Elsewhere (SQLite): a lease row the leader renews; a standby takes it once expired.

Neither is what makes a run happen once — the claim row is (``runner.py``). Leadership only keeps the
other processes idle, so a failover at the wrong moment costs at most a refused claim.
"""
import logging
import os
import socket
import uuid
import zlib
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from platform_core.extensions import db
from platform_core.scheduler.models import SchedulerLease
from platform_core.timeutil import utcnow

log = logging.getLogger(__name__)
LOCK_NAME = "platform_core.scheduler"
ADVISORY_KEY = zlib.crc32(LOCK_NAME.encode())


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class AdvisoryLock:
    """``pg_try_advisory_lock`` on its own connection: not from the pool (a pooled connection would
    carry the lock back to the pool) and never through a transaction-pooling PgBouncer."""

    def __init__(self, url: str, key: int = ADVISORY_KEY):
        self.key = key
        self._engine = sa.create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        self._conn = None
        self._held = False

    def hold(self) -> bool:
        """True while this process is the leader: takes the lock, or checks that the session holding it
        is still alive. A lost connection means a lost lock; the next call reconnects and tries again."""
        try:
            if self._conn is None:
                self._conn = self._engine.connect()
                self._held = False
            if self._held:
                self._conn.execute(sa.text("SELECT 1"))
            else:
                self._held = bool(self._conn.scalar(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}))
            return self._held
        except sa.exc.DBAPIError as exc:
            log.warning("scheduler: leader lock connection lost (%s); retrying", exc.__class__.__name__)
            self._drop()
            return False

    def release(self):
        if self._conn is not None and self._held:
            try:
                self._conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            except sa.exc.DBAPIError:
                pass
        self._drop()
        self._engine.dispose()

    def _drop(self):
        if self._conn is not None:
            try:
                self._conn.invalidate()
                self._conn.close()
            except sa.exc.DBAPIError:
                pass
        self._conn = None
        self._held = False


class LeaseLock:
    """A row in ``scheduler_leases`` naming the holder until ``expires_at``. Renew well within the lease
    (the supervisor does, every few seconds): an expired lease is anyone's."""

    def __init__(self, engine, seconds: float, name: str = LOCK_NAME, holder: str | None = None):
        self.engine = engine
        self.seconds = seconds
        self.name = name
        self.holder = holder or holder_id()
        self.table = SchedulerLease.__table__

    def hold(self) -> bool:
        now = utcnow()
        values = dict(holder=self.holder, expires_at=now + timedelta(seconds=self.seconds))
        t = self.table
        try:
            with self.engine.begin() as conn:
                renewed = conn.execute(
                    sa.update(t).where(t.c.name == self.name, sa.or_(t.c.holder == self.holder, t.c.expires_at < now))
                    .values(**values)).rowcount
            if renewed:
                return True
            with self.engine.begin() as conn:
                conn.execute(sa.insert(t).values(name=self.name, **values))
            return True
        except IntegrityError:
            return False
        except sa.exc.DBAPIError as exc:
            log.warning("scheduler: cannot renew the lease (%s); retrying", exc.__class__.__name__)
            return False

    def release(self):
        t = self.table
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.delete(t).where(t.c.name == self.name, t.c.holder == self.holder))
        except sa.exc.DBAPIError:
            pass


def for_app(app):
    """The right lock for the app's database (call inside an app context)."""
    if db.engine.dialect.name == "postgresql":
        return AdvisoryLock(db.engine.url.render_as_string(hide_password=False))
    return LeaseLock(db.engine, float(app.config.get("SCHEDULER_LEASE_SECONDS", 30)))
