"""Account administration: list, create, edit, deactivate/reactivate, reset password.

Viewing needs ``core.users.view`` on the account's unit; changing needs ``core.users.manage`` on it
(:func:`service.may_manage`). Accounts outside every unit are the system administrators' alone.
"""
from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from platform_core.access.models import Membership
from platform_core.access.service import can, is_system_admin, permission_required, require, visible_unit_ids
from platform_core.accounts import service
from platform_core.accounts.blueprint import bp
from platform_core.accounts.choices import no_unit_label, unit_choices
from platform_core.accounts.credentials import mail_credentials
from platform_core.accounts.forms import ConfirmForm, UserEditForm, UserNewForm
from platform_core.accounts.models import User
from platform_core.core_hooks import USERS_MANAGE, USERS_VIEW
from platform_core.database import nfc
from platform_core.extensions import db
from platform_core.pagination import paginate
from platform_core.timeutil import utcnow
from platform_core.units.models import Unit


def _may_view(target: User) -> bool:
    if is_system_admin(current_user):
        return True
    return target.unit_id is not None and can(current_user, USERS_VIEW, target.unit_id)


def _target(user_id: int, manage: bool = False) -> User:
    target = db.session.get(User, user_id) or abort(404)
    require(service.may_manage(current_user, target) if manage else _may_view(target))
    return target


def _unit_options(keep_id=None):
    placeholder = no_unit_label() if is_system_admin(current_user) else None
    return unit_choices(current_user, USERS_MANAGE, placeholder=placeholder, keep_id=keep_id)


def _chosen_unit(form) -> Unit | None:
    """The unit picked in the form, checked again against the actor's rights."""
    if not form.unit_id.data:
        require(is_system_admin(current_user))
        return None
    unit = db.session.get(Unit, form.unit_id.data) or abort(400)
    require(can(current_user, USERS_MANAGE, unit))
    return unit


def _no_store(response):
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def _show_temporary_password(user: User, password: str, reason: str):
    """The password page, shown once; the e-mail goes out too when the account has an address."""
    sent, mail_error = mail_credentials(user.email, user, password, reason) if user.email else ([], None)
    return _no_store(render_template("accounts/temporary_password.html", user=user, password=password,
                                     reason=reason, sent=sent, mail_error=mail_error))


@bp.route("/admin/users")
@permission_required(USERS_VIEW)
def users():
    q = nfc(request.args.get("q", "")).strip()
    stmt = select(User).options(selectinload(User.unit)).order_by(User.username)
    if not is_system_admin(current_user):
        stmt = stmt.where(User.unit_id.in_(visible_unit_ids(current_user, USERS_VIEW)))
    if q:
        stmt = stmt.where(or_(User.username.icontains(q, autoescape=True),
                              User.full_name.icontains(q, autoescape=True)))
    return render_template("accounts/users.html", page=paginate(stmt), q=q,
                           can_create=can(current_user, USERS_MANAGE), now=utcnow())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@permission_required(USERS_MANAGE)
def user_new():
    form = UserNewForm()
    form.unit_id.choices = _unit_options()
    if form.validate_on_submit():
        unit = _chosen_unit(form)
        password = service.generate_temporary_password()
        user = service.create_user(form.username.data, form.full_name.data, password, email=form.email.data,
                                   phone=form.phone.data, position=form.position.data, unit=unit)
        db.session.commit()
        return _show_temporary_password(user, password, "new")
    return render_template("accounts/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>")
@permission_required(USERS_VIEW)
def user_detail(user_id):
    target = _target(user_id)
    memberships = db.session.scalars(
        select(Membership).where(Membership.user_id == target.id).order_by(Membership.granted_at)).all()
    return render_template("accounts/user_detail.html", user=target, memberships=memberships,
                           may_manage=service.may_manage(current_user, target), now=utcnow())


@bp.route("/admin/users/<int:user_id>/edit", methods=["GET", "POST"])
@permission_required(USERS_MANAGE)
def user_edit(user_id):
    target = _target(user_id, manage=True)
    form = UserEditForm(obj=target)
    form.unit_id.choices = _unit_options(keep_id=target.unit_id)
    if request.method == "GET":
        form.unit_id.data = target.unit_id or 0
    if form.validate_on_submit():
        unit = _chosen_unit(form)
        target.full_name = form.full_name.data
        target.email = form.email.data or None
        target.phone = form.phone.data or None
        target.position = form.position.data or None
        target.unit_id = unit.id if unit is not None else None
        db.session.commit()
        flash(_("Đã lưu thông tin tài khoản %(name)s.", name=target.username), "success")
        return redirect(url_for("accounts.user_detail", user_id=target.id))
    return render_template("accounts/user_form.html", form=form, user=target)


def _confirm_page(target, form, action, title, warning, button):
    return render_template("accounts/confirm.html", user=target, form=form, action=action, title=title,
                           warning=warning, button=button)


@bp.route("/admin/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@permission_required(USERS_MANAGE)
def user_deactivate(user_id):
    target = _target(user_id, manage=True)
    if target.id == current_user.id:
        flash(_("Bạn không thể tự ngừng hoạt động tài khoản của mình."), "error")
        return redirect(url_for("accounts.user_detail", user_id=target.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        service.deactivate(target)
        db.session.commit()
        flash(_("Đã ngừng hoạt động tài khoản %(name)s; mọi phiên đăng nhập của tài khoản đã kết thúc.",
                name=target.username), "success")
        return redirect(url_for("accounts.user_detail", user_id=target.id))
    return _confirm_page(
        target, form, url_for("accounts.user_deactivate", user_id=target.id),
        _("Ngừng hoạt động tài khoản %(name)s", name=target.username),
        _("Người dùng sẽ bị đăng xuất ngay và không thể đăng nhập cho đến khi tài khoản được kích hoạt lại."),
        _("Ngừng hoạt động"))


@bp.route("/admin/users/<int:user_id>/reactivate", methods=["POST"])
@permission_required(USERS_MANAGE)
def user_reactivate(user_id):
    target = _target(user_id, manage=True)
    service.reactivate(target)
    db.session.commit()
    flash(_("Đã kích hoạt lại tài khoản %(name)s.", name=target.username), "success")
    return redirect(url_for("accounts.user_detail", user_id=target.id))


@bp.route("/admin/users/<int:user_id>/reset-password", methods=["GET", "POST"])
@permission_required(USERS_MANAGE)
def user_reset_password(user_id):
    target = _target(user_id, manage=True)
    form = ConfirmForm()
    if form.validate_on_submit():
        password = service.reset_password(target)
        db.session.commit()
        return _show_temporary_password(target, password, "reset")
    return _confirm_page(
        target, form, url_for("accounts.user_reset_password", user_id=target.id),
        _("Đặt lại mật khẩu tài khoản %(name)s", name=target.username),
        _("Mật khẩu hiện tại sẽ mất hiệu lực ngay, mọi phiên đăng nhập của tài khoản kết thúc. Hệ thống tạo "
          "một mật khẩu tạm thời, hiển thị một lần duy nhất và gửi tới thư điện tử của người dùng (nếu có); "
          "người dùng phải đổi mật khẩu khi đăng nhập."),
        _("Đặt lại mật khẩu"))
