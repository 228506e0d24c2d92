"""The ``api`` blueprint at ``/api``: the token page for signed-in people (a normal web page, with CSRF),
the OpenAPI document, and the JSON API itself in the nested blueprint ``api.v1`` (``/api/v1``), which
only a bearer token opens."""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from platform_core.api import openapi
from platform_core.api import tokens as token_service
from platform_core.api.forms import RevokeForm, TokenForm
from platform_core.api.models import ApiToken
from platform_core.api.v1 import v1
from platform_core.extensions import csrf, db
from platform_core.timeutil import utcnow

bp = Blueprint("api", __name__, url_prefix="/api")

STATE_LABELS = {"active": _l("Đang dùng"), "revoked": _l("Đã thu hồi"), "expired": _l("Đã hết hạn")}


def _page(form, secret=None, new_token=None):
    return render_template("api/tokens.html", form=form, tokens=token_service.owned_by(current_user), now=utcnow(),
                           state_labels=STATE_LABELS, revoke_form=RevokeForm(), secret=secret, new_token=new_token)


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    """GET lists the user's tokens; POST creates one and shows its secret, this once (never stored, so the
    answer must not be cached either)."""
    form = TokenForm()
    if form.validate_on_submit():
        token, secret = token_service.issue(current_user, form.name.data, form.expires_at)
        db.session.commit()
        return _page(TokenForm(formdata=None), secret=secret, new_token=token), 200, {"Cache-Control": "no-store"}
    return _page(form)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    if not RevokeForm().validate_on_submit():
        abort(400)
    if token_service.revoke(token):
        db.session.commit()
    flash(_("Đã thu hồi khoá API “%(name)s”; hệ thống dùng khoá này sẽ không truy cập được nữa.", name=token.name),
          "success")
    return redirect(url_for(".tokens"))


@bp.route("/openapi.json", endpoint="openapi")
def openapi_document():
    """Public: the description of the API holds no data."""
    return jsonify(openapi.document())


bp.register_blueprint(v1)


def init_app(app):
    """Tokens, not cookies, authenticate ``/api/v1``: no CSRF token there (the token page keeps its own)."""
    csrf.exempt(v1)
    app.register_blueprint(bp)
