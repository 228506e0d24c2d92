"""Roles, memberships and the permission helpers (public API: ``can``, ``scope_query``…)."""
from platform_core.access.service import (
    admin_required,
    can,
    permission_required,
    permissions_on,
    require,
    scope_query,
    visible_unit_ids,
)

__all__ = [
    "admin_required",
    "can",
    "init_app",
    "permission_required",
    "permissions_on",
    "require",
    "scope_query",
    "visible_unit_ids",
]


def init_app(app):
    from platform_core.access import views

    views.init_app(app)
