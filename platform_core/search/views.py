"""The search page (``/search?q=…``, CORE-21): one box, results grouped by kind, each linking to its record.
``kind`` shows one group alone, page by page ("xem thêm")."""
from flask import Blueprint, render_template, request
from flask_login import login_required

from platform_core.search import service

bp = Blueprint("search", __name__)


@bp.route("/search")
@login_required
def index():
    raw = request.args.get("q", "")
    kind = request.args.get("kind") or None
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    try:
        query = service.clean_query(raw)
    except service.QueryTooShort as exc:
        return render_template("search/index.html", q=raw.strip(), message=str(exc) if raw.strip() else None,
                               results=None, kind=None, page=1)
    results = service.search(query, _current_user(), kind=kind, page=page)
    return render_template("search/index.html", q=query, message=None, results=results, kind=kind, page=page)


def _current_user():
    from flask_login import current_user

    return current_user._get_current_object()


def init_app(app):
    app.register_blueprint(bp)
