"""Signing in and out, changing one's password, and the forced change at first login."""
from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from platform_core import audit
from platform_core.accounts import service
from platform_core.accounts.blueprint import bp
from platform_core.accounts.forms import ChangePasswordForm, LoginForm
from platform_core.extensions import db
from platform_core.ui.safe_redirect import safe_next

# Pages a user who must change the password can still reach.
OPEN_DURING_FORCED_CHANGE = {"accounts.change_password", "accounts.logout", "static", "home.set_language"}


def _next_target() -> str:
    return safe_next(request.args.get("next"), url_for("home.index"))


def _start_session(user) -> None:
    """A fresh session for the signed-in user (nothing carried over but the language)."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user, remember=False)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_next_target())
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        result = service.authenticate(form.username.data, form.password.data)
        if result.user is not None:
            _start_session(result.user)
            if result.user.must_change_password:
                return redirect(url_for("accounts.change_password"))
            return redirect(_next_target())
        error = result.error
    return render_template("accounts/login.html", form=form, error=error)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        audit.record("logout", object_type="user", object_id=user.id, unit_id=user.unit_id)
        service.end_sessions(user)
        db.session.commit()
        logout_user()
    flash(_("Bạn đã đăng xuất."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(user)
    if form.validate_on_submit():
        service.set_password(user, form.new_password.data)
        audit.record("password.change", object_type="user", object_id=user.id, unit_id=user.unit_id,
                     summary=f"Đổi mật khẩu tài khoản {user.username}")
        db.session.commit()
        login_user(user, remember=False)  # this session carries the new version; every other one ends
        flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."), "success")
        return redirect(url_for("home.index"))
    return render_template("accounts/change_password.html", form=form, forced=user.must_change_password)


def force_password_change():
    """``before_request``: a user who must change the password sees nothing else until done."""
    if request.endpoint is None or request.endpoint in OPEN_DURING_FORCED_CHANGE:
        return None
    if request.blueprint and request.blueprint.startswith("api.v1"):
        return None  # token calls: the API answers for itself, never with a redirect to a form
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("accounts.change_password"))
    return None
