"""Loading plugins: a broken plugin is named with its error and the others still load (CORE-08)."""
import inspect
from pathlib import Path

import pytest
from flask import Flask

from platform_core.plugins import hookspecs
from platform_core.plugins.manager import build_registry

FIXTURES = Path(__file__).parent / "fixtures"
BUNDLED = {"civil_servants", "email_governance", "env_monitoring", "it_reporting", "provincial_reports"}


@pytest.fixture
def load(monkeypatch):
    """``load("all", fake_key="pcfake_module", …)`` builds a registry as start-up would, with fake plugins."""
    monkeypatch.syspath_prepend(str(FIXTURES))

    def do(plugins="all", **fakes):
        app = Flask("registry_test")
        app.config.update(PLATFORM_PLUGINS=plugins, PLUGIN_MODULES=fakes)
        with app.app_context():
            return build_registry(app)

    return do


@pytest.mark.req("CORE-08")
def test_a_plugin_that_fails_to_import_is_named_with_its_traceback_and_the_others_load(load):
    registry = load(fake_broken="pcfake_import_error")

    broken = registry.records["fake_broken"]
    assert not broken.loaded
    assert broken.error_summary.startswith("ModuleNotFoundError")
    assert "platform_core_missing_dependency" in broken.error_summary
    assert "Traceback (most recent call last)" in broken.error
    assert "pcfake_import_error.py" in broken.error
    assert set(registry.loaded) == BUNDLED


@pytest.mark.req("CORE-08")
def test_a_plugin_declaring_another_key_is_refused(load):
    registry = load(fake_wrong_key="pcfake_wrong_key")

    record = registry.records["fake_wrong_key"]
    assert not record.loaded
    assert "'someone_else' differs from the registered name 'fake_wrong_key'" in record.error_summary
    assert not registry.pm.has_plugin("fake_wrong_key")


@pytest.mark.req("CORE-08")
def test_a_plugin_requiring_a_missing_plugin_is_not_loaded_and_the_message_names_it(load):
    registry = load(fake_needs_missing="pcfake_needs_missing")

    record = registry.records["fake_needs_missing"]
    assert not record.loaded
    assert "absent_plugin" in record.error_summary
    assert set(registry.loaded) == BUNDLED


@pytest.mark.req("CORE-08")
def test_a_misspelled_hook_is_caught_by_check_pending_and_attributed_to_its_plugin(load):
    registry = load(fake_misspelled="pcfake_misspelled")

    record = registry.records["fake_misspelled"]
    assert not record.loaded
    assert record.error_summary.startswith("PluginValidationError")
    assert "register_plugn" in record.error_summary
    assert not registry.pm.has_plugin("fake_misspelled")
    assert set(registry.loaded) == BUNDLED


@pytest.mark.req("CORE-08")
def test_declaring_another_plugins_permission_stops_start_up_naming_the_plugin(load):
    with pytest.raises(RuntimeError, match="fake_steals.*it_reporting.report.view"):
        load(fake_steals="pcfake_steals_permission")


@pytest.mark.req("CORE-08")
def test_declaring_a_permission_twice_stops_start_up_naming_the_plugin(load):
    with pytest.raises(RuntimeError, match="plugin fake_twice: permission 'fake_twice.view' already declared"):
        load(fake_twice="pcfake_twice")


@pytest.mark.req("CORE-08")
def test_the_platform_plugins_setting_decides_which_installed_plugins_load(load):
    registry = load("it_reporting,civil_servants")

    assert set(registry.loaded) == {"it_reporting", "civil_servants"}
    assert set(registry.records) >= BUNDLED  # the others are still listed as installed
    assert not registry.records["provincial_reports"].loaded
    assert registry.records["provincial_reports"].error is None
    assert not any(name.startswith("provincial_reports.") for name in registry.permissions)


@pytest.mark.req("CORE-08")
def test_a_configured_plugin_that_is_not_installed_is_reported(load):
    registry = load("it_reporting,no_such_plugin")

    assert "not installed" in registry.records["no_such_plugin"].error_summary
    assert set(registry.loaded) == {"it_reporting"}


@pytest.mark.req("CORE-08")
def test_every_hookspec_documents_its_result_or_shows_an_example():
    specs = [f for name, f in inspect.getmembers(hookspecs, inspect.isfunction)
             if hasattr(f, "platform_core_spec")]
    assert len(specs) >= 7
    for spec in specs:
        doc = spec.__doc__ or ""
        assert "Example" in doc or ":returns:" in doc, f"hookspec {spec.__name__} lacks ':returns:' and an example"
