"""Report types are collected from the plugins at start-up and checked; a wrong one stops start-up and
names its plugin (CORE-12). This module is itself the fake plugin "pcwf": each test sets what it declares."""
import dataclasses

import pytest

from platform_core import FieldSpec, Permission, PluginInfo, ReportType, hookimpl
from platform_core.testing.pytest_plugin import _make_app
from platform_core.workflow import registry

pytestmark = pytest.mark.req("CORE-12")
DECLARED: list = []
GOOD = ReportType("pcwf.monthly", "Báo cáo tháng thử nghiệm",
                  (FieldSpec("revenue", "Doanh thu", "decimal", "triệu đồng"), FieldSpec("note", "Ghi chú", "text")),
                  enter_permission="pcwf.enter", approve_permission="pcwf.approve", send_permission="pcwf.send",
                  consolidate_permission="pcwf.consolidate")


@hookimpl
def register_plugin(app):
    return PluginInfo(key="pcwf", title="Chế độ thử nghiệm báo cáo", version="0", regulation="—")


@hookimpl
def register_permissions(app):
    return [Permission(f"pcwf.{name}", name) for name in ("enter", "approve", "send", "consolidate")]


@hookimpl
def register_report_types(app):
    return list(DECLARED)


def _start(tmp_path, monkeypatch, *declared):
    monkeypatch.setattr(f"{__name__}.DECLARED", list(declared))
    return _make_app(f"sqlite:///{tmp_path / 'x.db'}", {"PLUGIN_MODULES": f"pcwf={__name__}"})


def test_report_types_of_loaded_plugins_are_collected(tmp_path, monkeypatch):
    app = _start(tmp_path, monkeypatch, GOOD)
    assert registry.get_report_type("pcwf.monthly", app) is GOOD
    assert "it_reporting.periodic" in registry.report_types(app)
    with pytest.raises(KeyError):
        registry.get_report_type("pcwf.unknown", app)


@pytest.mark.parametrize("bad, message", [
    (dataclasses.replace(GOOD, key="other.monthly"), "must start with 'pcwf.'"),
    (dataclasses.replace(GOOD, approve_permission="pcwf.nobody"), "approve_permission 'pcwf.nobody' is not a declared"),
    (dataclasses.replace(GOOD, fields=(FieldSpec("a", "A"), FieldSpec("a", "A lần hai"))), r"\['a'\] are used twice"),
    (dataclasses.replace(GOOD, fields=(FieldSpec("a", "A", aggregate="median"),)), "aggregate 'median'"),
    (dataclasses.replace(GOOD, fields=(FieldSpec("a", "A", kind="money"),)), "kind 'money'"),
    (dataclasses.replace(GOOD, rule_keys=("pcwf.no_such_rule",)), "obligation rules"),
    (dataclasses.replace(GOOD, aggregator="not a path"), "module:callable"),
])
def test_a_wrong_report_type_stops_start_up_naming_the_plugin(tmp_path, monkeypatch, bad, message):
    with pytest.raises(RuntimeError, match=rf"plugin pcwf: .*{message}"):
        _start(tmp_path, monkeypatch, bad)


def test_a_report_type_declared_twice_stops_start_up(tmp_path, monkeypatch):
    with pytest.raises(RuntimeError, match="plugin pcwf: report type 'pcwf.monthly' declared twice"):
        _start(tmp_path, monkeypatch, GOOD, GOOD)


def test_texts_are_never_summed():
    assert registry.effective_aggregate(FieldSpec("note", "Ghi chú", "text")) == "none"
    assert registry.effective_aggregate(FieldSpec("n", "Số", "int")) == "sum"
    assert registry.effective_aggregate(FieldSpec("note", "Ghi chú", "text", aggregate="count")) == "count"
