"""Paging for list pages: ``paginate(stmt)`` reads ?page= and the configured page size."""
from flask import current_app, request

from platform_core.extensions import db


def paginate(stmt, per_page: int | None = None):
    """A Flask-SQLAlchemy ``Pagination`` of ``stmt`` (use with the ``pager`` macro in macros.html)."""
    per_page = per_page or current_app.config.get("PAGE_SIZE", 50)
    page = request.args.get("page", 1, type=int) or 1
    return db.paginate(stmt, page=max(page, 1), per_page=per_page, error_out=False)
