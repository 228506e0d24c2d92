"""Pytest fixtures for the core and for plugin authors.

Use from a plugin's tests with ``pytest_plugins = ["platform_core.testing.pytest_plugin"]`` (the
platform's own ``conftest.py`` does). Every test that takes ``app`` runs twice: on SQLite and on
PostgreSQL. PostgreSQL comes from ``TEST_DATABASE_URL`` (default: the local server's ``test``
database, used only to create and drop a scratch database per session). Outside CI an unreachable
PostgreSQL skips those runs with the reason; with ``CI=true`` it is an error.
"""
import os
import shutil
import socket
import threading
import uuid
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
import sqlalchemy as sa

DEFAULT_PG = "postgresql+psycopg://127.0.0.1:5432/test"


def pytest_configure(config):
    config.addinivalue_line("markers", "req(id): requirement proven by the test")
    config.addinivalue_line("markers", "backends(*names): run only on these database backends")


def _pg_admin_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_PG)
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


def _make_app(url, overrides=None):
    from platform_core.app import create_app

    settings = {"SQLALCHEMY_DATABASE_URI": url}
    settings.update(overrides or {})
    return create_app("testing", settings)


def _build_schema(url):
    """Tables from the models (migrations are tested on their own), plus declared roles."""
    app = _make_app(url)
    with app.app_context():
        from platform_core.extensions import db

        db.create_all()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    _build_schema(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_database():
    """A scratch PostgreSQL database for the whole session, dropped at the end."""
    admin_url = _pg_admin_url()
    name = f"pc_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except Exception as exc:
        if os.environ.get("CI", "").lower() == "true":
            raise RuntimeError(f"PostgreSQL is required in CI and unreachable at {admin_url}: {exc}") from exc
        pytest.skip(f"PostgreSQL unreachable at {admin_url}: {exc}")
    url = sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    _build_schema(url)
    yield url
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _truncate_all(url):
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        tables = [r[0] for r in conn.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        if tables:
            conn.exec_driver_sql("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request):
    marker = request.node.get_closest_marker("backends")
    if marker and request.param not in marker.args:
        pytest.skip(f"test runs on {', '.join(marker.args)} only")
    return request.param


@pytest.fixture
def database_url(backend, request, tmp_path):
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "test.db"
        shutil.copy(template, path)
        yield f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("pg_database")
        yield url
        _truncate_all(url)


@pytest.fixture
def empty_database_url(backend, request, tmp_path):
    """A URL of an empty database (no tables) on the current backend, for migration tests."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    request.getfixturevalue("pg_database")  # skips, or fails in CI, like every PostgreSQL test
    admin = sa.create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"pc_empty_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield sa.engine.make_url(_pg_admin_url()).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def app_overrides():
    """Override to change settings for the tests of a module: ``{"WTF_CSRF_ENABLED": True}``."""
    return {}


@pytest.fixture
def app(database_url, app_overrides):
    application = _make_app(database_url, app_overrides)
    with application.app_context():
        from platform_core.access.roles import sync_roles
        from platform_core.extensions import db
        from platform_core.plugins.manager import get_registry

        sync_roles(get_registry())
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def db(app):
    from platform_core.extensions import db as _db

    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_unit(db):
    """``make_unit("CODE", "Tên", parent=None, type_code="department")`` → Unit, created through the units
    service (closure maintained, committed); a missing unit type is created."""
    from platform_core.units import service

    def factory(code, name=None, parent=None, type_code="department", abbreviation=None):
        service.ensure_unit_type(type_code)
        return service.create_unit(code, name or code, type_code, parent=parent, abbreviation=abbreviation)

    return factory


@pytest.fixture
def make_user(db):
    """``make_user("name", password="Secret#2024", admin=False, unit=None, role=None, scope="unit")``.

    The account is ready to use (no forced password change) unless ``must_change=True``.
    """
    from platform_core.access.models import Membership, Role
    from platform_core.accounts.models import User
    from platform_core.accounts.passwords import hash_password

    def factory(username, password="Matkhau#2024", admin=False, unit=None, role=None, scope="unit",
                must_change=False, full_name=None):
        user = User(username=username, full_name=full_name or username.title(), password_hash=hash_password(password),
                    is_admin=admin, unit_id=unit.id if unit else None, must_change_password=must_change,
                    email=f"{username}@example.gov.vn")
        db.session.add(user)
        db.session.flush()
        if role is not None:
            role_obj = db.session.scalar(sa.select(Role).where(Role.key == role))
            assert role_obj is not None, f"unknown role {role}"
            db.session.add(Membership(user_id=user.id, unit_id=unit.id, role_id=role_obj.id, scope=scope))
        db.session.commit()
        return user

    return factory


@pytest.fixture
def login_as(client):
    """Sign ``user`` in on the test client without going through the login form."""

    def do(user):
        with client.session_transaction() as sess:
            sess["_user_id"] = user.get_id()
            sess["_fresh"] = True
        return client

    return do


def unused_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """Every message a loopback SMTP server (aiosmtpd) accepted, as (recipients, parsed message)."""

    def __init__(self):
        self.envelopes = []
        self.lock = threading.Lock()
        self.port = None

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.envelopes.append(envelope)
        return "250 OK"

    @property
    def messages(self):
        return [(tuple(e.rcpt_tos), message_from_bytes(e.content, policy=default_policy)) for e in self.envelopes]

    def addressees(self):
        return sorted(address for rcpts, _ in self.messages for address in rcpts)


@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1 for the test; point the app at it with ``MAIL_PORT = smtp.port``."""
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=unused_port())
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()
