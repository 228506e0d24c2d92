"""Jinja filters for Vietnamese display."""
from platform_core.timeutil import format_date, format_datetime


def init_app(app):
    app.jinja_env.filters["date_vn"] = format_date
    app.jinja_env.filters["datetime_vn"] = format_datetime
