"""Accounts: see models.py, service modules and views.py."""


def init_app(app):
    from platform_core.accounts import views

    views.init_app(app)
