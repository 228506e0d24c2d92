"""Who is calling: ``Authorization: Bearer <token>`` and nothing else.

Cookies never authenticate an API call (a page open in the browser must not let another site drive the
API with the officer's session), which is also why the API needs no CSRF token. The token's owner is set
as Flask-Login's user for this request only — nothing is written to the session — so permission checks,
the workflow service and the audit log see the same person as on the web pages.
"""
from flask import g, request
from flask_babel import gettext as _

from platform_core.api import tokens
from platform_core.api.errors import ApiError
from platform_core.extensions import db
from platform_core.timeutil import utcnow


def bearer_secret() -> str | None:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def authenticate():
    """``before_request`` of the JSON API: the token's user, or a 401 with the reason."""
    secret = bearer_secret()
    if secret is None:
        raise ApiError(401, message=_("Thiếu khoá API: gửi tiêu đề Authorization: Bearer <khoá>."))
    token = tokens.find(secret)
    now = utcnow()
    if token is None:
        raise ApiError(401, message=_("Khoá API không đúng."))
    if token.revoked_at is not None:
        raise ApiError(401, message=_("Khoá API đã bị thu hồi."))
    if not token.is_usable(now):
        raise ApiError(401, message=_("Khoá API đã hết hạn."))
    user = token.user
    if user is None or not user.is_active:
        raise ApiError(401, message=_("Tài khoản gắn với khoá API đã bị khoá."))
    if tokens.touch(token, now):
        db.session.commit()
    g._login_user = user  # Flask-Login's per-request user: current_user without a session
    g.api_user = user
    g.api_token = token
    return None


def api_user():
    """The caller of the current API request (set by :func:`authenticate`)."""
    return g.api_user
