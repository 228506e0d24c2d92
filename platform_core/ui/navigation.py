"""Navigation built from the ``menu_items`` hook, filtered by permission and plugin activation."""
import logging

from flask import current_app
from flask_login import current_user
from werkzeug.routing import BuildError

from platform_core.access.service import can
from platform_core.plugins.activation import is_active_for_user
from platform_core.plugins.manager import get_registry

log = logging.getLogger(__name__)


def menu_for(user) -> dict[str, list]:
    """``{section: [MenuItem]}`` the user may see, in the core's order."""
    if not getattr(user, "is_authenticated", False):
        return {}
    registry = get_registry()
    sections: dict[str, list] = {}
    for key, items in registry.results("menu_items", user=user):
        if key != "core" and not is_active_for_user(key, user):
            continue
        for item in items or []:
            if item.endpoint not in current_app.view_functions:
                log.warning("menu item %r of %s points to unknown endpoint %s", item.label, key, item.endpoint)
                continue
            if item.permission and not can(user, item.permission):
                continue
            sections.setdefault(item.section, []).append(item)
    for items in sections.values():
        items.sort(key=lambda i: (i.order, i.label))
    return sections


def init_app(app):
    @app.context_processor
    def inject_menu():
        def navigation():
            try:
                return menu_for(current_user)
            except BuildError:
                return {}

        return {"navigation": navigation}
