"""What the audit log records, and that nobody can change it afterwards (CORE-16)."""
import pytest
import sqlalchemy as sa
from flask_login import login_user

from platform_core import audit
from platform_core.accounts.models import User
from platform_core.audit.models import AuditEvent
from platform_core.audit.service import AppendOnlyError
from platform_core.units.models import Unit, UnitType


@pytest.fixture
def as_admin_from(app, make_user):
    """``with as_admin_from("10.1.2.3"):`` — a request from that address by a signed-in administrator."""
    admin = make_user("quantri", admin=True)

    class Acting:
        def __init__(self, ip):
            self.ctx = app.test_request_context("/", environ_base={"REMOTE_ADDR": ip})

        def __enter__(self):
            self.ctx.push()
            login_user(admin)
            return admin

        def __exit__(self, *exc):
            self.ctx.pop()

    return Acting


def events_for(db, table, object_id):
    return db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.object_type == table, AuditEvent.object_id == str(object_id)).order_by(AuditEvent.id)).all()


@pytest.mark.req("CORE-16")
def test_creating_and_renaming_a_unit_records_who_when_what_and_where(db, as_admin_from):
    with as_admin_from("10.1.2.3"):
        unit_type = UnitType(code="province", name="Tỉnh")
        db.session.add(unit_type)
        db.session.flush()
        unit = Unit(code="40", name="Tỉnh Nghệ An", unit_type_id=unit_type.id)
        db.session.add(unit)
        db.session.commit()
    with as_admin_from("10.1.2.4"):
        unit.name = "Tỉnh Nghệ An (mới)"
        db.session.commit()

    created, updated = events_for(db, "units", unit.id)
    assert (created.action, created.actor_username, created.ip) == ("create", "quantri", "10.1.2.3")
    assert created.changes["code"] == "40" and created.changes["name"] == "Tỉnh Nghệ An"
    assert created.unit_id == unit.id
    assert created.occurred_at is not None
    assert (updated.action, updated.actor_username, updated.ip) == ("update", "quantri", "10.1.2.4")
    assert updated.changes == {"name": ["Tỉnh Nghệ An", "Tỉnh Nghệ An (mới)"]}


@pytest.mark.req("CORE-16")
def test_user_changes_are_recorded_without_the_password_hash(db, as_admin_from):
    with as_admin_from("10.9.9.9") as admin:
        user = User(username="canbo", full_name="Cán Bộ", password_hash="argon2-secret-hash-1")
        db.session.add(user)
        db.session.commit()
        user.full_name = "Nguyễn Cán Bộ"
        user.password_hash = "argon2-secret-hash-2"
        db.session.commit()
        user.password_hash = "argon2-secret-hash-3"
        db.session.commit()

    created, updated = events_for(db, "users", user.id)
    assert created.action == "create" and created.actor_id == admin.id
    assert created.changes["username"] == "canbo"
    assert updated.changes == {"full_name": ["Cán Bộ", "Nguyễn Cán Bộ"]}
    every = db.session.scalars(sa.select(AuditEvent)).all()
    assert not any("password_hash" in (e.changes or {}) or "argon2-secret" in str(e.changes) for e in every)


def one_event(db):
    event = audit.record("test.event", object_type="thing", object_id=1, summary="gốc")
    db.session.commit()
    return event.id


def stored_action(db, event_id):
    with db.engine.connect() as conn:
        return conn.execute(sa.select(AuditEvent.action).where(AuditEvent.id == event_id)).scalar_one_or_none()


@pytest.mark.req("CORE-16")
def test_the_orm_refuses_to_change_an_event(db):
    event_id = one_event(db)

    db.session.get(AuditEvent, event_id).action = "forged"
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()

    assert stored_action(db, event_id) == "test.event"


@pytest.mark.req("CORE-16")
def test_the_orm_refuses_to_delete_an_event(db):
    event_id = one_event(db)

    db.session.delete(db.session.get(AuditEvent, event_id))
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()

    assert stored_action(db, event_id) == "test.event"


@pytest.mark.req("CORE-16")
@pytest.mark.parametrize("statement", [sa.update(AuditEvent).values(action="forged"), sa.delete(AuditEvent)])
def test_the_orm_refuses_bulk_updates_and_deletes(db, statement):
    event_id = one_event(db)

    with pytest.raises(AppendOnlyError):
        db.session.execute(statement)
    db.session.rollback()

    assert stored_action(db, event_id) == "test.event"


@pytest.mark.req("CORE-16")
@pytest.mark.parametrize("sql", ["UPDATE audit_events SET action = 'forged'", "DELETE FROM audit_events"])
def test_the_database_refuses_raw_sql_updates_and_deletes(db, sql):
    event_id = one_event(db)

    with pytest.raises(sa.exc.DatabaseError, match="append-only"), db.engine.begin() as conn:
        conn.exec_driver_sql(sql)

    assert stored_action(db, event_id) == "test.event"
