"""Maintenance notices (CORE-20): administrators announce an upgrade, every user sees it on every page
from the moment it is announced until it ends or is cancelled."""


def init_app(app):
    from platform_core.maintenance import banner, views

    views.init_app(app)
    banner.init_app(app)
