"""Migrations create exactly what the models describe, on SQLite and PostgreSQL, branch by branch."""
import pytest
import sqlalchemy as sa

from platform_core import migrations
from platform_core.testing.pytest_plugin import _make_app


@pytest.fixture
def empty_app(backend, request, tmp_path):
    """An app on an empty database (no create_all)."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
        yield _make_app(url)
    else:
        import uuid

        from platform_core.testing.pytest_plugin import _pg_admin_url

        admin = sa.create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
        name = f"pc_mig_{uuid.uuid4().hex[:8]}"
        request.getfixturevalue("pg_database")  # skips or fails (CI) like the other PostgreSQL tests
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = sa.engine.make_url(_pg_admin_url()).set(database=name).render_as_string(hide_password=False)
        application = _make_app(url)
        yield application
        with application.app_context():
            from platform_core.extensions import db

            db.engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.mark.req("CORE-03")
def test_upgrade_brings_every_branch_to_head_and_models_agree(empty_app):
    with empty_app.app_context():
        from platform_core.extensions import db

        assert migrations.pending() == [b for b in migrations.branches() if migrations.heads(b)]
        migrations.upgrade_all(echo=lambda m: None)
        assert migrations.pending() == []
        with db.engine.connect() as conn:
            for branch in migrations.branches():
                assert migrations.model_diff(branch, conn) == [], f"models and migrations differ in {branch}"
            assert "alembic_version" in sa.inspect(conn).get_table_names()


@pytest.mark.req("CORE-03")
def test_core_autogenerate_never_sees_plugin_tables(empty_app):
    """A table named after a plugin belongs to that plugin's branch, never to the core's."""
    with empty_app.app_context():
        assert migrations.owner_of("it_reporting_projects") == "it_reporting"
        assert migrations.owner_of("users") == "core"
        assert migrations.owner_of("units") == "core"


@pytest.mark.req("CORE-16")
def test_migrated_audit_table_refuses_update_and_delete(empty_app):
    with empty_app.app_context():
        from platform_core.extensions import db

        migrations.upgrade_all(echo=lambda m: None)
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO audit_events (occurred_at, action) VALUES ('2026-01-01 00:00:00+00', 'test')")
        for statement in ("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"):
            with pytest.raises(sa.exc.DatabaseError):
                with db.engine.begin() as conn:
                    conn.exec_driver_sql(statement)
