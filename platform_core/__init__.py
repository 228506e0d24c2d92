"""Public API for plugin authors.

Import from here (or the documented sub-modules ``platform_core.access``, ``platform_core.audit``,
``platform_core.timeutil``, ``platform_core.database``); anything else is internal and may change.
"""
from platform_core.extensions import db
from platform_core.plugins.markers import hookimpl
from platform_core.plugins.types import (
    FieldSpec,
    JobSpec,
    MenuItem,
    Permission,
    PluginInfo,
    ReportType,
    RoleSpec,
    SearchHit,
)

__all__ = [
    "FieldSpec", "JobSpec", "MenuItem", "Permission", "PluginInfo", "ReportType", "RoleSpec", "SearchHit", "db",
    "hookimpl",
]
