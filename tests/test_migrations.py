"""Migrations create exactly what the models describe, on SQLite and PostgreSQL, branch by branch."""
import pytest
import sqlalchemy as sa

from platform_core import migrations
from platform_core.testing.pytest_plugin import _make_app


@pytest.fixture
def empty_app(empty_database_url):
    application = _make_app(empty_database_url)
    yield application
    with application.app_context():
        from platform_core.extensions import db

        db.engine.dispose()


@pytest.mark.req("CORE-03")
def test_upgrade_brings_every_branch_to_head_and_models_agree(empty_app):
    with empty_app.app_context():
        from platform_core.extensions import db

        assert "core" in migrations.pending()
        migrations.upgrade_all(echo=lambda m: None)
        assert migrations.pending() == []
        with db.engine.connect() as conn:
            for branch in migrations.branches():
                assert migrations.model_diff(branch, conn) == [], f"models and migrations differ in {branch}"
            assert "alembic_version" in sa.inspect(conn).get_table_names()


@pytest.mark.req("CORE-03")
def test_a_table_belongs_to_the_plugin_whose_key_prefixes_it(empty_app):
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
            with pytest.raises(sa.exc.DatabaseError), db.engine.begin() as conn:
                conn.exec_driver_sql(statement)
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT action FROM audit_events").scalar_one() == "test"


@pytest.mark.req("CORE-03")
def test_serving_refuses_a_database_with_pending_migrations(empty_database_url):
    with pytest.raises(RuntimeError, match="flask db upgrade"):
        _make_app(empty_database_url, {"MIGRATION_CHECK": "refuse"}) and None
        from platform_core.app import create_app

        create_app("testing", {"SQLALCHEMY_DATABASE_URI": empty_database_url, "MIGRATION_CHECK": "refuse"},
                   serving=True)


@pytest.mark.req("CORE-03")
def test_flask_db_upgrade_command_migrates_everything(empty_app):
    result = empty_app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with empty_app.app_context():
        assert migrations.pending() == []
        from platform_core.access.models import Role
        from platform_core.extensions import db

        assert db.session.scalar(sa.select(Role).where(Role.key == "unit_admin")) is not None
