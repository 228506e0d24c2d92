"""Dashboards (CORE-15): ``compliance`` computes the figures, ``charts`` draws them as inline SVG,
``views``/``forms`` are the pages ``/dashboard`` (the user's units) and ``/public`` (published figures)."""


def init_app(app):
    from platform_core.dashboard import views

    views.init_app(app)
