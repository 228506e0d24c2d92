"""Obligations: unit U owes report R for period P by instant D (CORE-09, CORE-22).

``rules`` is what plugins declare, ``registry`` collects it at start-up, ``planning`` computes periods and
due dates (on ``periods`` and ``calendar``), ``service`` creates and changes obligations, ``jobs`` are the
scheduler's entry points, ``queries`` decides who sees what, ``views``/``forms``/``display`` are the pages
under ``/obligations``, ``cli`` is ``flask obligations``.
"""
import importlib
import importlib.util


def _add_calendar_pages(bp):
    """The holiday pages (``calendar_views``) live on this blueprint. Routes can be added to a blueprint
    only before its first registration, and the blueprint is shared by every app of the process."""
    if getattr(bp, "_calendar_pages_added", False):
        return
    name = f"{__name__}.calendar_views"
    if importlib.util.find_spec(name) is not None:
        importlib.import_module(name).register(bp)
    bp._calendar_pages_added = True


def init_app(app):
    """Collect the plugins' rules (plugins must be loaded: ``app.extensions["plugins"]``) and mount the
    pages."""
    from platform_core.obligations import display, registry, views

    registry.init_app(app)
    _add_calendar_pages(views.bp)
    app.register_blueprint(views.bp)
    app.context_processor(display.template_helpers)
