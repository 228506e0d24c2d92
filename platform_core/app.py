"""The application factory."""
import logging
from pathlib import Path

import click
from flask import Flask, abort, current_app, request, session
from flask_babel import gettext
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from platform_core import settings
from platform_core.extensions import babel, csrf, db, login_manager, migrate

log = logging.getLogger(__name__)
PACKAGE_DIR = Path(__file__).resolve().parent


def create_app(config_name: str | None = None, overrides: dict | None = None, serving: bool = False,
               instance_path: str | None = None) -> Flask:
    """Build the app. ``config_name`` picks ``config/<name>.py`` (e.g. "testing"); ``overrides`` wins over
    everything; ``serving`` applies the migration check strictly (gunicorn's ``wsgi.py``); ``instance_path``
    replaces ``instance/`` (where the default SQLite file and ``production.py`` live)."""
    app = Flask("platform_core", instance_path=instance_path or str(settings.ROOT / "instance"),
                instance_relative_config=True,
                template_folder=str(PACKAGE_DIR / "templates"), static_folder=str(PACKAGE_DIR / "static"))
    settings.load(app, config_name, overrides)
    settings.check_production(app)
    if app.config.get("PROXY_COUNT"):
        n = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    _init_extensions(app)
    import platform_core.models  # noqa: F401  (complete metadata before plugins add theirs)
    from platform_core import (
        access,
        accounts,
        api,
        audit,
        backup,
        dashboard,
        documents,
        maintenance,
        notifications,
        obligations,
        scheduler,
        search,
        signatures,
        ui,
        units,
        workflow,
    )
    from platform_core.plugins import manager
    from platform_core.plugins import views as plugin_views

    with app.app_context():
        manager.init_app(app)
    for part in (ui, accounts, units, access, audit, plugin_views, obligations, scheduler, notifications,
                 maintenance, backup, workflow, documents, signatures, dashboard, api, search):
        part.init_app(app)
    _gate_plugin_urls(app)
    _register_cli(app)
    if app.config.get("MIGRATION_CHECK", "warn") != "off" and not _running_db_command():
        _check_migrations(app, strict=serving and app.config["MIGRATION_CHECK"] == "refuse")
    return app


def _locale():
    from flask import has_request_context

    if has_request_context():
        lang = session.get("lang")
        if lang in current_app.config["LANGUAGES"]:
            return lang
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def N_(message: str) -> str:
    """Marks a string for extraction where it is translated later (Flask-Login's localize_callback)."""
    return message


def _init_extensions(app):
    @app.before_request
    def fresh_request_globals():
        """Signed-in user, grants and plugin activations are cached in ``g`` for one request. When an app
        context outlives a request (tests, scripts), the next request must not inherit them. Registered
        before every extension so that their own per-request state (CSRF) is set afterwards."""
        from flask import g

        g.__dict__.clear()

    db.init_app(app)
    migrate.init_app(app, db, directory=str(settings.ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_locale, default_translation_directories=str(PACKAGE_DIR / "translations"))
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = N_("Vui lòng đăng nhập để tiếp tục.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(token: str):
        from platform_core.accounts.models import User

        user_id, _, version = token.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.is_active or user.session_version != int(version):
            return None
        return user

    @app.context_processor
    def inject_locale():
        return {"current_locale": _locale()}


def _gate_plugin_urls(app):
    """An inactive plugin's URLs answer 404, checked against the database on every request."""
    from platform_core.plugins.activation import is_active_for_user
    from platform_core.plugins.manager import get_registry

    @app.before_request
    def plugin_gate():
        bp = request.blueprint
        if not bp:
            return
        key = bp.split(".", 1)[0]
        if key in get_registry().loaded and not is_active_for_user(key, current_user):
            abort(404)
        return


def _check_migrations(app, strict: bool):
    from platform_core.migrations import pending

    with app.app_context():
        try:
            behind = pending()
        except Exception as exc:  # database unreachable: say so, do not hide it
            behind = [f"(cannot read the database: {exc.__class__.__name__})"]
    if behind:
        message = (f"DATABASE MIGRATIONS PENDING for: {', '.join(behind)}. "
                   "Run `flask db upgrade` before serving.")
        if strict:
            raise RuntimeError(message)
        click.secho(f"WARNING: {message}", fg="red", err=True)


def _running_db_command() -> bool:
    """`flask db …` is how pending migrations get applied: do not nag it."""
    import sys

    return len(sys.argv) > 1 and sys.argv[0].endswith("flask") and sys.argv[1] == "db"


def _register_cli(app):
    from platform_core.cli import register

    register(app)
