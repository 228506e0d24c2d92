"""Home page and language switch."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from platform_core.ui.safe_redirect import safe_next

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    return render_template("home.html")


def current_path() -> str:
    """This page as a ``next`` target: path and query, without Werkzeug's trailing "?"."""
    query = request.query_string.decode("utf-8", "replace")
    return f"{request.path}?{query}" if query else request.path


def _same_site_referrer() -> str | None:
    """The Referer header reduced to its path when it points at this site (browsers send it absolute)."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.scheme not in {"http", "https"} or parts.netloc != request.host:
        return None
    return f"{parts.path or '/'}?{parts.query}" if parts.query else (parts.path or "/")


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code):
    target = request.form.get("next") or _same_site_referrer()  # a refused body changes nothing
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(target, url_for("home.index")))


def init_app(app):
    app.register_blueprint(bp)
    app.jinja_env.globals["current_path"] = current_path
