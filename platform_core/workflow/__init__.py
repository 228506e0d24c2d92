"""Submissions and their workflow (CORE-12).

``registry`` collects the report types plugins declare, ``values`` reads, stores and shows their field
values, ``service`` is the workflow (every transition one call), ``consolidation`` builds a parent
unit's report from its children's, ``views``/``forms``/``display`` are the pages under ``/reports``.
"""
from datetime import datetime


def _iso_filter(formatter):
    def apply(value):
        if not value:
            return ""
        try:
            return formatter(datetime.fromisoformat(value) if isinstance(value, str) else value)
        except ValueError:
            return value
    return apply


def init_app(app):
    """Collect the plugins' report types (plugins and obligation rules must be loaded first) and mount the
    pages."""
    from platform_core.timeutil import format_date, format_datetime
    from platform_core.workflow import display, registry, views

    registry.init_app(app)
    app.register_blueprint(views.bp)
    app.context_processor(display.template_helpers)
    app.add_template_filter(_iso_filter(format_date), "iso_date_vn")
    app.add_template_filter(_iso_filter(format_datetime), "iso_datetime_vn")
