"""The leader lock: one holder at a time, handed over on release, on a dead session (PostgreSQL) or an
expired lease (SQLite), and regained after a lost connection (CORE-10)."""
import time

import pytest
import sqlalchemy as sa

from platform_core.scheduler import leader


@pytest.fixture
def locks(app):
    made = []

    def make(**kwargs):
        lock = leader.for_app(app)
        for name, value in kwargs.items():
            setattr(lock, name, value)
        made.append(lock)
        return lock

    yield make
    for lock in made:
        lock.release()


@pytest.mark.req("CORE-10")
def test_one_holder_at_a_time_and_release_hands_over(locks):
    a, b = locks(), locks()

    assert a.hold() is True
    assert b.hold() is False
    assert a.hold() is True
    a.release()
    assert b.hold() is True
    assert a.hold() is False


@pytest.mark.req("CORE-10")
@pytest.mark.backends("postgresql")
def test_a_dead_leader_session_frees_the_lock_and_the_old_leader_reconnects(app, db, locks):
    a, b = locks(), locks()
    assert isinstance(a, leader.AdvisoryLock) and a.hold()
    backend_pid = a._conn.scalar(sa.text("SELECT pg_backend_pid()"))

    db.session.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": backend_pid})
    db.session.commit()
    time.sleep(0.2)

    assert b.hold() is True
    assert a.hold() is False  # connection lost: not the leader, and no exception
    assert a.hold() is False  # reconnected, but b holds it
    b.release()
    assert a.hold() is True


@pytest.mark.req("CORE-10")
@pytest.mark.backends("sqlite")
def test_an_expired_lease_is_taken_over_and_the_old_holder_knows(locks):
    a, b = locks(seconds=0.3), locks(seconds=0.3)
    assert isinstance(a, leader.LeaseLock)

    assert a.hold() and not b.hold()
    time.sleep(0.4)

    assert b.hold() is True
    assert a.hold() is False
