"""Units: see models.py, service modules and views.py."""


def init_app(app):
    from platform_core.units import views

    views.init_app(app)
