"""Home page (the signed-in user's work queue) and language switch."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from platform_core.ui.safe_redirect import safe_next

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    return render_template("home.html", queue=_work_queue())


def _work_queue():
    """The user's obligations in three groups, or None while the obligations part is not installed."""
    if "obligations.index" not in current_app.view_functions:
        return None
    from platform_core.access.service import can
    from platform_core.core_hooks import OBLIGATIONS_VIEW
    from platform_core.obligations.queries import work_queue

    groups = work_queue(current_user)
    linkable = {ob.id for group in groups for ob in group.items if can(current_user, OBLIGATIONS_VIEW, ob.unit_id)}
    return {"groups": groups, "can_list": can(current_user, OBLIGATIONS_VIEW), "linkable": linkable}


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
