"""The example plugin proves the plugin contract end to end: every hook, its own migration branch,
removal without harm to the core."""
import pytest
import sqlalchemy as sa

from platform_core import migrations
from platform_core.plugins import hookspecs
from platform_core.testing.pytest_plugin import _make_app

EXAMPLE = {"PLUGIN_MODULES": "example=examples.example_plugin"}


def _dispose(application):
    with application.app_context():
        from platform_core.extensions import db

        db.engine.dispose()


@pytest.fixture
def example_app(empty_database_url):
    application = _make_app(empty_database_url, EXAMPLE)
    yield application
    _dispose(application)


@pytest.mark.req("CORE-08")
def test_example_plugin_implements_every_hook(example_app):
    registry = example_app.extensions["plugins"]
    assert registry.records["example"].loaded, registry.records["example"].error
    specs = {name for name in dir(hookspecs) if callable(getattr(hookspecs, name)) and name != "hookspec"}
    implemented = {impl_name for impl_name in specs
                   if any(i.plugin_name == "example" for i in getattr(registry.pm.hook, impl_name).get_hookimpls())}
    assert implemented == specs


@pytest.mark.req("CORE-03")
def test_plugin_branch_migrates_with_its_own_version_table(example_app):
    with example_app.app_context():
        from platform_core.extensions import db

        assert migrations.branches()[0] == "core" and "example" in migrations.branches()
        migrations.upgrade_all(echo=lambda m: None)
        assert migrations.pending() == []
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"example_notes", "alembic_version_example", "alembic_version"} <= tables
        with db.engine.connect() as conn:
            assert migrations.model_diff("example", conn) == []
            assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar_one() == 1

        migrations.downgrade_to_base("example")
        tables = set(sa.inspect(db.engine).get_table_names())
        assert "example_notes" not in tables and "users" in tables
        assert migrations.pending() == ["example"]


@pytest.mark.req("CORE-03")
def test_removing_a_plugin_package_leaves_core_migrations_working(empty_database_url):
    with_example = _make_app(empty_database_url, EXAMPLE)
    with with_example.app_context():
        migrations.upgrade_all(echo=lambda m: None)
    _dispose(with_example)

    without = _make_app(empty_database_url)
    with without.app_context():
        assert "example" not in migrations.branches()
        assert migrations.pending() == []
        migrations.upgrade_all(echo=lambda m: None)
    _dispose(without)


@pytest.mark.req("CORE-08")
def test_example_pages_commands_and_demo_hook(example_app):
    with example_app.app_context():
        from platform_core.extensions import db
        from platform_core.plugins import activation

        migrations.upgrade_all(echo=lambda m: None)
        registry = example_app.extensions["plugins"]
        assert "example.editor" in registry.roles
        lines = [line for key, out in registry.results("seed_demo", keys={"example"}, session=db.session)
                 for line in out]
        db.session.commit()
        assert lines
        result = example_app.test_cli_runner().invoke(args=["example", "count"])
        assert result.output.strip() == "1"

        client = example_app.test_client()
        assert client.get("/p/example/").status_code == 404
        activation.enable("example")
        db.session.commit()
        from platform_core.accounts.models import User
        from platform_core.accounts.passwords import hash_password

        admin = User(username="quantri", full_name="Quản trị", is_admin=True, password_hash=hash_password("x"),
                     must_change_password=False)
        db.session.add(admin)
        db.session.commit()
        with client.session_transaction() as sess:
            sess["_user_id"] = admin.get_id()
        page = client.get("/p/example/")
        assert page.status_code == 200, page.headers.get("Location")
        assert "Xin chào" in page.get_data(as_text=True)


@pytest.mark.req("CORE-08")
def test_configured_report_types_follow_the_data_within_one_context(example_app):
    with example_app.app_context():
        from examples.example_plugin.models import ExampleNote
        from platform_core.extensions import db
        from platform_core.workflow import values
        from platform_core.workflow.registry import forget_configured, report_types

        migrations.upgrade_all(echo=lambda m: None)
        assert "example.checklist" not in report_types()
        db.session.add_all([ExampleNote(text="Máy chủ"), ExampleNote(text="Máy trạm")])
        db.session.commit()
        assert "example.checklist" not in report_types(), "kept for the rest of the context"
        forget_configured()
        checklist = report_types()["example.checklist"]
        assert [f.label for f in checklist.fields] == ["Máy chủ", "Máy trạm"]
        _values, errors = values.clean_data(checklist, {checklist.fields[0].name: "-3"})
        assert "không được là số âm" in errors[checklist.fields[0].name]
