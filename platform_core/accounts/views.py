"""Sign-in pages (placeholder endpoints; the accounts work replaces them)."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    return "login"


@bp.route("/logout", methods=["POST"])
def logout():
    return "logout"


def init_app(app):
    app.register_blueprint(bp)
