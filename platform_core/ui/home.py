"""Home page and language switch."""
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from platform_core.ui.safe_redirect import safe_next

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    return render_template("home.html")


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.form.get("next") or request.referrer, url_for("home.index")))


def init_app(app):
    app.register_blueprint(bp)
