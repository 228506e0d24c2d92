"""Finding, loading and checking plugins, and asking them things.

Loading is decided by configuration (``PLATFORM_PLUGINS``: "all" or a list of keys) and happens once
per process in :func:`init_app`. Activation (who sees a loaded plugin) is data: see ``activation.py``.
"""
import importlib
import importlib.util
import logging
import pkgutil
import traceback
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import entry_points
from pathlib import Path

import pluggy

from platform_core.plugins import hookspecs
from platform_core.plugins.markers import PROJECT
from platform_core.plugins.types import KEY_PATTERN, PluginInfo

ENTRY_POINT_GROUP = "platform_core.plugins"
BUNDLED_PACKAGE = "plugins"
log = logging.getLogger(__name__)


@dataclass
class PluginRecord:
    """One installed plugin as this process sees it."""

    key: str
    source: str  # "bundled" or the distribution name
    module: object | None = None
    info: PluginInfo | None = None
    error: str | None = None
    loaded: bool = False

    @property
    def package_dir(self) -> Path | None:
        if self.module is None or not getattr(self.module, "__file__", None):
            return None
        return Path(self.module.__file__).parent

    @property
    def migrations_dir(self) -> Path | None:
        """The plugin's Alembic versions live in ``<package>/migrations/versions``."""
        path = self.package_dir / "migrations" / "versions" if self.package_dir else None
        return path.parent if path is not None and path.is_dir() else None

    @property
    def error_summary(self) -> str:
        """The first line of the error: the exception and its message, without the traceback."""
        return self.error.strip().splitlines()[0] if self.error else ""


@dataclass
class PluginRegistry:
    """What the loaded plugins declared, checked and ordered by the core."""

    pm: pluggy.PluginManager
    records: dict[str, PluginRecord] = field(default_factory=dict)
    permissions: dict = field(default_factory=dict)  # name -> Permission
    roles: dict = field(default_factory=dict)  # key -> RoleSpec
    permission_owner: dict = field(default_factory=dict)  # name -> plugin key ("core" for the core)

    @property
    def loaded(self) -> dict[str, PluginRecord]:
        return {k: r for k, r in sorted(self.records.items()) if r.loaded}

    def results(self, hook_name: str, keys=None, **kwargs):
        """Call ``hook_name`` on each plugin (optionally only ``keys``) and return ``[(key, result)]``
        sorted by key, so callers know who answered and never depend on load order."""
        out = []
        for impl in getattr(self.pm.hook, hook_name).get_hookimpls():
            if keys is not None and impl.plugin_name not in keys:
                continue
            args = {name: kwargs[name] for name in impl.argnames}
            out.append((impl.plugin_name, impl.function(**args)))
        return sorted(out, key=lambda pair: pair[0])


def discover() -> dict[str, tuple[str, callable]]:
    """Installed plugins: ``{key: (source, loader)}`` from ``plugins/`` and the entry-point group."""
    found = {}
    try:
        package = importlib.import_module(BUNDLED_PACKAGE)
        for mod in pkgutil.iter_modules(package.__path__):
            if mod.ispkg and not mod.name.startswith("_"):
                name = f"{BUNDLED_PACKAGE}.{mod.name}"
                found[mod.name] = ("bundled", lambda name=name: importlib.import_module(name))
    except ImportError:
        pass
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist.name if ep.dist else "?"
        found.setdefault(ep.name, (dist, ep.load))
    return found


def configured_modules(setting) -> dict[str, tuple[str, callable]]:
    """Plugins named in ``PLUGIN_MODULES`` ("key=package.module,…" or a dict): modules that are neither
    bundled nor packaged, such as ``examples.example_plugin``."""
    if isinstance(setting, str):
        setting = dict(part.split("=", 1) for part in setting.split(",") if "=" in part)
    return {key.strip(): ("config", partial(importlib.import_module, name.strip()))
            for key, name in (setting or {}).items()}


def _import_models(module):
    """A plugin's ``models`` module is imported with it, so its tables are in the metadata even before
    any of its views are used (Alembic and create_all need them)."""
    name = f"{module.__name__}.models"
    if getattr(module, "__path__", None) and importlib.util.find_spec(name) is not None:
        importlib.import_module(name)


def wanted_keys(setting, installed) -> list[str]:
    if isinstance(setting, str):
        setting = [] if not setting.strip() else (
            list(installed) if setting.strip() == "all" else [s.strip() for s in setting.split(",") if s.strip()]
        )
    return list(setting)


def build_registry(app) -> PluginRegistry:
    """Load the configured plugins and the core's own hook implementations, then check them all.

    A plugin that cannot be imported or breaks a rule is not loaded; its error (with traceback) is kept on
    its record, logged, and shown by ``flask plugins list``. With ``PLUGINS_STRICT`` it stops start-up.
    """
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    registry = PluginRegistry(pm=pm)

    from platform_core import core_hooks

    pm.register(core_hooks, name="core")

    installed = discover()
    installed.update(configured_modules(app.config.get("PLUGIN_MODULES")))
    wanted = wanted_keys(app.config.get("PLATFORM_PLUGINS", "all"), installed)
    for key in wanted:
        if key not in installed:
            registry.records[key] = PluginRecord(key, "?", error=f"plugin '{key}' is configured but not installed")
    for key, (source, loader) in sorted(installed.items()):
        record = registry.records.setdefault(key, PluginRecord(key, source))
        if key not in wanted:
            continue
        try:
            if not KEY_PATTERN.match(key):
                raise ValueError(f"invalid plugin key '{key}' (lower case letters, digits, _)")
            record.module = loader()
            _import_models(record.module)
            pm.register(record.module, name=key)
            pm.check_pending()  # a misspelled hook name is this plugin's error, not a start-up crash
            infos = [r for k, r in registry.results("register_plugin", keys={key}, app=app)]
            if len(infos) != 1 or not isinstance(infos[0], PluginInfo):
                raise ValueError("register_plugin must return exactly one PluginInfo")
            if infos[0].key != key:
                raise ValueError(f"PluginInfo.key '{infos[0].key}' differs from the registered name '{key}'")
            record.info = infos[0]
            record.loaded = True
        except Exception as exc:
            record.error = f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc()}"
            if pm.has_plugin(key):
                pm.unregister(name=key)

    _check_requirements(registry)
    pm.check_pending()
    _collect_permissions_and_roles(registry, app)
    for record in registry.records.values():
        if record.error:
            log.error("plugin %s failed to load:\n%s", record.key, record.error)
    if app.config.get("PLUGINS_STRICT") and any(r.error for r in registry.records.values()):
        failed = ", ".join(k for k, r in registry.records.items() if r.error)
        raise RuntimeError(f"plugins failed to load: {failed}")
    return registry


def _unload(registry, key, error):
    record = registry.records[key]
    record.loaded = False
    record.error = error
    if registry.pm.has_plugin(key):
        registry.pm.unregister(name=key)


def _check_requirements(registry):
    changed = True
    while changed:
        changed = False
        for key, record in list(registry.loaded.items()):
            missing = [r for r in record.info.requires if r not in registry.loaded]
            if missing:
                _unload(registry, key, f"requires plugin(s) not loaded: {', '.join(missing)}")
                changed = True


def _collect_permissions_and_roles(registry, app):
    """Permissions and roles from every loaded plugin, with their names checked against the owner's key.

    A duplicate or misnamed permission is a programming error and stops start-up, naming the plugin.
    """
    for key, perms in registry.results("register_permissions", app=app):
        for perm in perms or []:
            if not perm.name.startswith(f"{key}."):
                raise RuntimeError(f"plugin {key}: permission '{perm.name}' must start with '{key}.'")
            if perm.name in registry.permissions:
                other = registry.permission_owner[perm.name]
                raise RuntimeError(f"plugin {key}: permission '{perm.name}' already declared by {other}")
            registry.permissions[perm.name] = perm
            registry.permission_owner[perm.name] = key
    for key, roles in registry.results("register_roles", app=app):
        for role in roles or []:
            if key != "core" and not role.key.startswith(f"{key}."):
                raise RuntimeError(f"plugin {key}: role '{role.key}' must start with '{key}.'")
            if role.key in registry.roles:
                raise RuntimeError(f"plugin {key}: role '{role.key}' declared twice")
            unknown = [p for p in role.permissions if p not in registry.permissions]
            if unknown:
                raise RuntimeError(f"plugin {key}: role '{role.key}' names undeclared permissions {unknown}")
            registry.roles[role.key] = role


def init_app(app):
    registry = build_registry(app)
    app.extensions["plugins"] = registry
    for key, blueprints in registry.results("register_blueprints", app=app):
        if key == "core":
            continue
        for bp in blueprints or []:
            if bp.name != key and not bp.name.startswith(f"{key}."):
                raise RuntimeError(f"plugin {key}: blueprint '{bp.name}' must be named '{key}' or '{key}.*'")
            app.register_blueprint(bp, url_prefix=f"/p/{key}")
    registry.results("register_commands", cli=app.cli)
    return registry


def get_registry(app=None) -> PluginRegistry:
    from flask import current_app

    return (app or current_app).extensions["plugins"]
