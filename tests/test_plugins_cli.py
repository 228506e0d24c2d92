"""``flask plugins list|enable|disable|purge`` (CORE-08)."""
from pathlib import Path

import pytest
import sqlalchemy as sa

from platform_core.audit.models import AuditEvent
from platform_core.plugins.models import PluginActivation

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def app_overrides(monkeypatch):
    """Two fake plugins besides the bundled ones: one that cannot be imported, one with migrations."""
    monkeypatch.syspath_prepend(str(FIXTURES))
    return {"PLUGIN_MODULES": "fake_broken=pcfake_import_error,purgeable=pcfake_purgeable"}


def rows_of(db, key):
    return db.session.scalars(sa.select(PluginActivation).where(PluginActivation.plugin_key == key)).all()


def line_of(output, key):
    return next(line for line in output.splitlines() if line.startswith(key + " "))


@pytest.mark.req("CORE-08")
def test_list_shows_name_version_regulation_and_state(runner, make_unit):
    make_unit("40", "Tỉnh Nghệ An")
    runner.invoke(args=["plugins", "enable", "it_reporting"])
    runner.invoke(args=["plugins", "enable", "provincial_reports", "--unit", "40"])

    result = runner.invoke(args=["plugins", "list"])

    assert result.exit_code == 0, result.output
    it = line_of(result.output, "it_reporting")
    assert "Báo cáo thông tin dự án và ứng dụng CNTT" in it
    assert "0.1.0" in it and "QĐ 1676/QĐ-BTNMT" in it
    assert it.endswith("có   toàn hệ thống")
    assert line_of(result.output, "provincial_reports").endswith("có   40")
    assert line_of(result.output, "email_governance").endswith("có   không")
    assert line_of(result.output, "fake_broken").endswith("lỗi  không")


@pytest.mark.req("CORE-08")
def test_list_gives_a_broken_plugins_error_line_and_the_traceback_when_verbose(runner):
    short = runner.invoke(args=["plugins", "list"])
    verbose = runner.invoke(args=["plugins", "list", "--verbose"])

    assert "Lỗi plugin fake_broken: ModuleNotFoundError: No module named 'platform_core_missing_dependency'" \
        in short.output
    assert "Traceback" not in short.output
    assert "Traceback (most recent call last)" in verbose.output
    assert "pcfake_import_error.py" in verbose.output


@pytest.mark.req("CORE-08")
def test_enable_and_disable_everywhere_and_per_unit(runner, db, make_unit):
    a, b = make_unit("A", "Đơn vị A"), make_unit("B", "Đơn vị B")

    assert runner.invoke(args=["plugins", "enable", "it_reporting", "--unit", "A"]).exit_code == 0
    assert runner.invoke(args=["plugins", "enable", "it_reporting", "--unit", "B"]).exit_code == 0
    assert {r.unit_id for r in rows_of(db, "it_reporting")} == {a.id, b.id}

    result = runner.invoke(args=["plugins", "disable", "it_reporting", "--unit", "A"])
    assert result.exit_code == 0 and "Đã tắt plugin it_reporting cho đơn vị A" in result.output
    assert {r.unit_id for r in rows_of(db, "it_reporting")} == {b.id}

    result = runner.invoke(args=["plugins", "enable", "it_reporting"])
    assert "Đã bật plugin it_reporting toàn hệ thống" in result.output
    assert "đã được bật toàn hệ thống từ trước" in runner.invoke(args=["plugins", "enable", "it_reporting"]).output

    result = runner.invoke(args=["plugins", "disable", "it_reporting"])
    assert result.exit_code == 0 and "Dữ liệu của plugin được giữ nguyên" in result.output
    assert rows_of(db, "it_reporting") == []


@pytest.mark.req("CORE-08")
@pytest.mark.parametrize("args, message", [
    (["enable", "no_such_plugin"], "Không có plugin 'no_such_plugin'"),
    (["disable", "no_such_plugin"], "Không có plugin 'no_such_plugin'"),
    (["enable", "it_reporting", "--unit", "XX"], "Không có đơn vị mã 'XX'"),
    (["disable", "it_reporting", "--unit", "XX"], "Không có đơn vị mã 'XX'"),
    (["enable", "fake_broken"], "Plugin 'fake_broken' chưa được nạp"),
])
def test_unknown_plugin_or_unit_is_a_clear_error(runner, db, args, message):
    result = runner.invoke(args=["plugins", *args])

    assert result.exit_code != 0
    assert f"Lỗi: {message}" in result.output
    assert db.session.scalars(sa.select(PluginActivation)).all() == []


@pytest.mark.req("CORE-08")
@pytest.mark.req("CORE-16")
def test_enable_and_disable_from_the_cli_are_in_the_audit_log(runner, db):
    runner.invoke(args=["plugins", "enable", "email_governance"])
    runner.invoke(args=["plugins", "disable", "email_governance"])

    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.object_type == "plugin")
                                .order_by(AuditEvent.id)).all()
    assert [(e.action, e.object_id) for e in events] == [
        ("plugin.enable", "email_governance"), ("plugin.disable", "email_governance")]
    assert events[0].summary == "Bật plugin email_governance toàn hệ thống"


@pytest.mark.req("CORE-08")
@pytest.mark.parametrize("key", ["civil_servants", "env_monitoring"])
def test_purge_is_refused_for_a_plugin_under_legal_retention(runner, db, key):
    runner.invoke(args=["plugins", "enable", key])

    result = runner.invoke(args=["plugins", "purge", key], input=f"{key}\n")

    assert result.exit_code != 0
    assert "giữ dữ liệu theo quy định lưu trữ; không được xoá dữ liệu" in result.output
    assert len(rows_of(db, key)) == 1
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "plugin.purge")) is None


@pytest.fixture
def purgeable_data(app, db, make_unit):
    """The purgeable plugin migrated to head, with rows, a stray table of its own and an activation."""
    from platform_core import migrations

    def clean():
        with db.engine.begin() as conn:
            for name in ("purgeable_items", "purgeable_leftover", "alembic_version_purgeable"):
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")

    clean()
    unit = make_unit("A", "Đơn vị A")
    from alembic import command

    command.upgrade(migrations.alembic_config("purgeable"), "heads")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"INSERT INTO purgeable_items (unit_id, label) VALUES ({unit.id}, 'x'), ({unit.id}, 'y')")
        conn.exec_driver_sql("CREATE TABLE purgeable_leftover (id INTEGER PRIMARY KEY, "
                             "unit_id INTEGER REFERENCES units (id))")
    from platform_core.plugins import activation

    activation.enable("purgeable", unit)
    db.session.commit()
    yield unit
    db.session.rollback()
    clean()


def table_names(db):
    return set(sa.inspect(db.engine).get_table_names())


@pytest.mark.req("CORE-08")
def test_purge_previews_tables_and_does_nothing_unless_the_key_is_typed(runner, db, purgeable_data):
    result = runner.invoke(args=["plugins", "purge", "purgeable"], input="purgable\n")

    assert result.exit_code != 0
    assert "Chưa xác nhận: không xoá gì." in result.output
    preview = result.output.split("Gõ 'purgeable'")[0]
    assert "purgeable_items            2" in preview
    assert "purgeable_leftover         0" in preview
    assert "alembic_version_purgeable  1" in preview
    assert {"purgeable_items", "purgeable_leftover", "alembic_version_purgeable"} <= table_names(db)
    assert len(rows_of(db, "purgeable")) == 1


@pytest.mark.req("CORE-08")
@pytest.mark.req("CORE-16")
def test_purge_downgrades_drops_the_plugins_tables_and_activations_and_nothing_else(runner, db, purgeable_data):
    from platform_core.units.models import Unit

    before = table_names(db)

    result = runner.invoke(args=["plugins", "purge", "purgeable"], input="purgeable\n")

    assert result.exit_code == 0, result.output
    assert "Đã xoá dữ liệu của plugin purgeable (3 bảng)" in result.output
    assert table_names(db) == before - {"purgeable_items", "purgeable_leftover", "alembic_version_purgeable"}
    assert db.session.scalar(sa.select(Unit).where(Unit.code == "A")) is not None
    assert rows_of(db, "purgeable") == []
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "plugin.purge"))
    assert event.object_id == "purgeable"
    assert event.changes == {"tables": {"purgeable_items": 2, "purgeable_leftover": 0,
                                        "alembic_version_purgeable": 1}}
