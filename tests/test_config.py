"""Configuration: files, environment, the production secret guard and the choice of database."""
import secrets
import shutil

import pytest
import sqlalchemy as sa

from platform_core.app import create_app
from platform_core.settings import CONFIG_DIR, DEFAULT_SECRET

# Variables a developer's shell or CI may carry; every test here starts without them.
ENVIRONMENT = ("PLATFORM_ENV", "PLATFORM_CONFIG", "DATABASE_URL", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY",
               "MIGRATION_CHECK", "PAGE_SIZE", "LOGIN_MAX_FAILURES", "SESSION_COOKIE_SECURE", "LANGUAGES")
QUIET = {"MIGRATION_CHECK": "off", "TESTING": True}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def instance(tmp_path):
    """An instance folder of our own, so no test reads or writes the checkout's instance/."""
    return tmp_path / "instance"


@pytest.mark.req("CORE-01")
@pytest.mark.parametrize("secret", [None, DEFAULT_SECRET, "short-secret"])
def test_production_refuses_the_default_or_a_short_secret(monkeypatch, instance, secret):
    monkeypatch.setenv("PLATFORM_ENV", "production")
    if secret is not None:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(instance_path=str(instance))


@pytest.mark.req("CORE-01")
def test_production_starts_with_a_proper_secret(monkeypatch, instance):
    secret = secrets.token_hex(32)
    monkeypatch.setenv("PLATFORM_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secret)
    monkeypatch.setenv("MIGRATION_CHECK", "off")
    app = create_app(instance_path=str(instance))
    assert app.config["PLATFORM_ENV"] == "production"
    assert app.config["SECRET_KEY"] == secret


@pytest.mark.req("CORE-01")
def test_development_runs_on_the_shipped_secret(instance):
    app = create_app(overrides=QUIET, instance_path=str(instance))
    assert app.config["SECRET_KEY"] == DEFAULT_SECRET


@pytest.mark.req("CORE-01")
def test_production_reads_instance_production_py(monkeypatch, instance):
    """The documented set-up: copy config/production.example.py to instance/production.py."""
    instance.mkdir()
    shutil.copy(CONFIG_DIR / "production.example.py", instance / "production.py")
    monkeypatch.setenv("PLATFORM_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secrets.token_hex(32))
    monkeypatch.setenv("MIGRATION_CHECK", "off")
    app = create_app(instance_path=str(instance))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["PROXY_COUNT"] == 1


@pytest.mark.req("CORE-01")
def test_platform_config_file_then_environment(monkeypatch, instance, tmp_path):
    extra = tmp_path / "site.py"
    extra.write_text("PAGE_SIZE = 20\nMAIL_SERVER = 'mail.tinh.gov.vn'\n", encoding="utf-8")
    monkeypatch.setenv("PLATFORM_CONFIG", str(extra))
    app = create_app(overrides=QUIET, instance_path=str(instance))
    assert (app.config["PAGE_SIZE"], app.config["MAIL_SERVER"]) == (20, "mail.tinh.gov.vn")

    monkeypatch.setenv("PAGE_SIZE", "30")
    app = create_app(overrides=QUIET, instance_path=str(instance))
    assert app.config["PAGE_SIZE"] == 30


@pytest.mark.req("CORE-01")
@pytest.mark.parametrize(("name", "text", "expected"), [
    ("LOGIN_MAX_FAILURES", "7", 7),
    ("SESSION_COOKIE_SECURE", "true", True),
    ("SESSION_COOKIE_SECURE", "1", True),
    ("SESSION_COOKIE_SECURE", "off", False),
    ("LANGUAGES", "vi, en", ["vi", "en"]),
    ("LANGUAGES", '["vi"]', ["vi"]),
    ("MAIL_SERVER", "smtp.example.gov.vn", "smtp.example.gov.vn"),
])
def test_environment_overrides_with_the_type_of_the_setting(monkeypatch, instance, name, text, expected):
    monkeypatch.setenv(name, text)
    app = create_app(overrides=QUIET, instance_path=str(instance))
    assert app.config[name] == expected
    assert type(app.config[name]) is type(expected)


@pytest.mark.req("CORE-01")
@pytest.mark.parametrize(("name", "text"), [("SESSION_COOKIE_SECURE", "maybe"), ("LOGIN_MAX_FAILURES", "five")])
def test_environment_value_of_the_wrong_type_stops_start_up(monkeypatch, instance, name, text):
    monkeypatch.setenv(name, text)
    with pytest.raises(ValueError, match=name):
        create_app(overrides=QUIET, instance_path=str(instance))


@pytest.mark.req("CORE-02")
@pytest.mark.parametrize(("given", "used"), [
    ("postgres://bc:pw@db.internal:5432/baocao", "postgresql+psycopg://bc:pw@db.internal:5432/baocao"),
    ("postgresql://bc:pw@db.internal/baocao", "postgresql+psycopg://bc:pw@db.internal/baocao"),
    ("postgresql+psycopg://bc@db.internal/baocao", "postgresql+psycopg://bc@db.internal/baocao"),
])
def test_database_url_picks_postgresql_through_psycopg3(monkeypatch, instance, given, used):
    monkeypatch.setenv("DATABASE_URL", given)
    app = create_app(overrides=QUIET, instance_path=str(instance))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == used
    with app.app_context():
        from platform_core.extensions import db

        assert db.engine.url.drivername == "postgresql+psycopg"
    assert not instance.exists()


@pytest.mark.req("CORE-02")
def test_database_url_wins_over_configuration_files(monkeypatch, instance, tmp_path):
    extra = tmp_path / "site.py"
    extra.write_text(f"SQLALCHEMY_DATABASE_URI = 'sqlite:///{tmp_path / 'file.db'}'\n", encoding="utf-8")
    monkeypatch.setenv("PLATFORM_CONFIG", str(extra))
    monkeypatch.setenv("DATABASE_URL", "postgresql://bc@db.internal/baocao")
    app = create_app(overrides=QUIET, instance_path=str(instance))
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://bc@db.internal/baocao"


@pytest.mark.req("CORE-02")
def test_test_suite_never_follows_database_url(monkeypatch, tmp_path):
    """A production DATABASE_URL left in a shell must not send the test suite to that database."""
    monkeypatch.setenv("DATABASE_URL", "postgresql://bc@db.internal/baocao")
    url = f"sqlite:///{tmp_path / 't.db'}"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == url


@pytest.mark.req("CORE-02")
def test_without_a_url_the_database_is_a_sqlite_file_under_instance(instance):
    app = create_app(overrides=QUIET, instance_path=str(instance))
    target = instance / "platform.db"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{target}"
    with app.app_context():
        from platform_core.extensions import db

        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        db.engine.dispose()
    assert target.is_file()


@pytest.mark.req("CORE-02")
def test_first_run_creates_and_migrates_the_embedded_database(instance):
    """What `make run` does on a fresh checkout: `flask db upgrade` against the default SQLite file."""
    app = create_app(overrides=QUIET, instance_path=str(instance))
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from platform_core import migrations
        from platform_core.extensions import db

        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"users", "units", "alembic_version"} <= tables
        assert migrations.pending() == []
        db.engine.dispose()
    assert (instance / "platform.db").is_file()


@pytest.mark.req("CORE-02")
@pytest.mark.backends("sqlite")
def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(app, db):
    conn = db.session.connection()
    assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


@pytest.mark.req("CORE-02")
def test_foreign_keys_are_enforced_on_both_databases(app, db):
    from platform_core.units.models import Unit

    db.session.add(Unit(code="MO_COI", name="Đơn vị mồ côi", unit_type_id=987654))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
