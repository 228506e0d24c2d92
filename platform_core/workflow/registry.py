"""Collecting the report types plugins declare, once at start-up, into ``app.extensions["report_types"]``,
and those they keep as data (``configured_report_types``), once per application context.

Each plugin is asked on its own, so a report type that is declared wrongly is reported with the plugin
that declared it, and start-up stops: a report whose workflow names a permission nobody can hold, or
whose figures cannot be consolidated, must not run quietly. A configured report type is data an
administrator saved: one that is wrong is left out (and logged) instead, so one bad regime cannot stop
the site; the plugin checks its regimes when they are saved.
"""
import importlib
import logging

from flask import current_app, g

from platform_core.plugins.types import ReportType

EXTENSION = "report_types"
CONFIGURED = "_configured_report_types"
log = logging.getLogger(__name__)
KINDS = ("int", "decimal", "text", "date")
AGGREGATES = ("sum", "mean", "max", "min", "count", "none")
NUMERIC_KINDS = ("int", "decimal")


def collect(app) -> dict[str, ReportType]:
    """``{key: ReportType}`` from every loaded plugin (and the core), checked; RuntimeError names the plugin."""
    registry = app.extensions["plugins"]
    rules = app.extensions.get("obligation_rules")
    found: dict[str, ReportType] = {}
    for plugin_key in ["core", *registry.loaded]:
        try:
            answers = registry.results("register_report_types", keys={plugin_key}, app=app)
        except (ValueError, TypeError) as exc:
            raise RuntimeError(f"plugin {plugin_key}: invalid report type: {exc}") from exc
        for _, declared in answers:
            for report_type in declared or []:
                problem = _problem(plugin_key, report_type, registry.permissions, rules, found)
                if problem:
                    raise RuntimeError(f"plugin {plugin_key}: {problem}")
                found[report_type.key] = report_type
    return dict(sorted(found.items()))


def _problem(plugin_key, rt, permissions, rules, seen) -> str | None:
    if not isinstance(rt, ReportType):
        return f"{rt!r} is not a ReportType"
    if not rt.key.startswith(f"{plugin_key}.") or len(rt.key) > 120:
        return f"report type '{rt.key}' must start with '{plugin_key}.' (at most 120 characters)"
    if rt.key in seen:
        return f"report type '{rt.key}' declared twice"
    for role in ("enter_permission", "approve_permission", "send_permission", "consolidate_permission"):
        name = getattr(rt, role)
        if name is None and role == "consolidate_permission":
            continue
        if name not in permissions:
            return f"report type '{rt.key}': {role} '{name}' is not a declared permission"
    if not rt.fields:
        return f"report type '{rt.key}' has no fields"
    names = [f.name for f in rt.fields]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        return f"report type '{rt.key}': field names {duplicates} are used twice"
    for field in rt.fields:
        if field.kind not in KINDS:
            return f"report type '{rt.key}': field '{field.name}' has kind '{field.kind}' (one of {', '.join(KINDS)})"
        if field.aggregate not in AGGREGATES:
            return (f"report type '{rt.key}': field '{field.name}' has aggregate '{field.aggregate}' "
                    f"(one of {', '.join(AGGREGATES)})")
        for bound in (field.minimum, field.maximum):
            if bound is not None and field.kind not in NUMERIC_KINDS:
                return f"report type '{rt.key}': field '{field.name}' has bounds but is not a number"
    for hook in ("aggregator", "validator", "contributors"):
        path = getattr(rt, hook)
        if path is not None and (path.count(":") != 1 or not all(path.split(":"))):
            return f"report type '{rt.key}': {hook} '{path}' must be 'module:callable'"
    if rules is not None:
        unknown = [key for key in rt.rule_keys if key not in rules]
        if unknown:
            return f"report type '{rt.key}': obligation rules {unknown} are not declared"
    return None


def effective_aggregate(field) -> str:
    """How consolidation combines ``field``: a sum or mean of texts or dates means nothing, so those fields
    (whose ``FieldSpec.aggregate`` defaults to "sum") are left for the parent unit to fill in."""
    if field.aggregate in ("sum", "mean", "max", "min") and field.kind not in NUMERIC_KINDS:
        return "none"
    return field.aggregate


def collect_configured(app) -> dict[str, ReportType]:
    """``{key: ReportType}`` kept as data by the loaded plugins, checked; a wrong one is logged and left out."""
    registry = app.extensions["plugins"]
    declared = app.extensions.get(EXTENSION, {})
    found: dict[str, ReportType] = {}
    for plugin_key in registry.loaded:
        for _, answer in registry.results("configured_report_types", keys={plugin_key}, app=app):
            for report_type in answer or []:
                problem = _problem(plugin_key, report_type, registry.permissions, None, {**declared, **found})
                if problem:
                    log.error("plugin %s: configured report type left out: %s", plugin_key, problem)
                    continue
                found[report_type.key] = report_type
    return found


def forget_configured() -> None:
    """Drop this application context's copy of the configured report types: call after saving one."""
    g.pop(CONFIGURED, None)


def init_app(app):
    app.extensions[EXTENSION] = collect(app)


def report_types(app=None) -> dict[str, ReportType]:
    """Every report type: those declared in code and, inside the app's context, those configured as data
    (read once per context)."""
    app = app or current_app._get_current_object()
    declared = app.extensions.get(EXTENSION, {})
    if not _in_context(app) or "plugins" not in app.extensions:
        return declared  # configured types live in the database: only inside the app's context
    configured = g.get(CONFIGURED)
    if configured is None:
        configured = collect_configured(app)
        setattr(g, CONFIGURED, configured)
    if not configured:
        return declared
    return dict(sorted({**declared, **configured}.items()))


def _in_context(app) -> bool:
    from flask import has_app_context

    return has_app_context() and current_app._get_current_object() is app


def get_report_type(key: str, app=None) -> ReportType:
    """The report type ``key``; KeyError when no loaded plugin declares or configures it."""
    return report_types(app)[key]


def load_callable(path: str):
    """The callable named by ``"package.module:name"`` (a report type's aggregator or validator)."""
    module, _sep, name = path.partition(":")
    return getattr(importlib.import_module(module), name)
