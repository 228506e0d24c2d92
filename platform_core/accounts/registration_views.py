"""The public registration form and the reviewers' pages (``core.registrations.review``).

Reviewers see every pending request (nobody owns it yet) and the decided ones of the units in their
scope; they can approve only onto a unit on which they hold the permission.
"""
from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import case, func, or_, select
from wtforms.fields.choices import SelectChoice

from platform_core import audit
from platform_core.access.models import Role
from platform_core.access.service import can, is_system_admin, permission_required, require, visible_unit_ids
from platform_core.accounts import registration, review_deadline
from platform_core.accounts.blueprint import bp
from platform_core.accounts.choices import unit_choices
from platform_core.accounts.credentials import mail_credentials
from platform_core.accounts.forms import RegistrationForm, RejectForm, approve_form
from platform_core.accounts.models import REQUEST_PENDING, RegistrationRequest
from platform_core.core_hooks import REGISTRATIONS_REVIEW
from platform_core.extensions import db
from platform_core.notifications.mail import MailError, send_template
from platform_core.pagination import paginate
from platform_core.units.models import Unit

FIELDS = ("agency_name", "address", "phone", "fax", "email", "portal_url", "contact_name", "contact_unit",
          "contact_position", "contact_landline", "contact_mobile", "contact_email", "username")


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegistrationForm()
    form.regimes.choices = [SelectChoice(key, title) for key, title in registration.regime_choices()]
    if form.validate_on_submit():
        req = RegistrationRequest(**{name: getattr(form, name).data or None for name in FIELDS},
                                  regimes=list(form.regimes.data), status=REQUEST_PENDING)
        db.session.add(req)
        db.session.flush()
        review_deadline.open_for(req)
        db.session.commit()
        return render_template("accounts/register_done.html", req=req)
    return render_template("accounts/register.html", form=form, caps_hint=_caps_hint())


def _caps_hint() -> str | None:
    caps = [_("Mỗi đơn vị báo cáo được đăng ký tối đa %(cap)s tài khoản cho “%(regime)s”.",
              cap=cap, regime=title)
            for key, title in registration.regime_choices() if (cap := registration.account_cap(key))]
    return " ".join(caps) or None


def _visible(stmt):
    if is_system_admin(current_user):
        return stmt
    in_scope = RegistrationRequest.unit_id.in_(visible_unit_ids(current_user, REGISTRATIONS_REVIEW))
    return stmt.where(or_(RegistrationRequest.status == REQUEST_PENDING, in_scope))


def _get(request_id: int) -> RegistrationRequest:
    stmt = _visible(select(RegistrationRequest).where(RegistrationRequest.id == request_id))
    return db.session.scalar(stmt) or abort(404)


@bp.route("/admin/registrations")
@permission_required(REGISTRATIONS_REVIEW)
def registrations():
    pending_first = case((RegistrationRequest.status == REQUEST_PENDING, 0), else_=1)
    stmt = _visible(select(RegistrationRequest)).order_by(
        pending_first, RegistrationRequest.created_at.desc(), RegistrationRequest.id.desc())
    page = paginate(stmt)
    return render_template("accounts/registrations.html", page=page, titles=_titles(),
                           deadlines=review_deadline.deadlines(page.items))


def _titles() -> dict[str, str]:
    return {key: title for key, title in registration.regime_choices()}


def _approve_form(req, **kwargs):
    regimes = [(key, registration.regime_title(key), registration.regime_roles(key))
               for key in req.regimes or []]
    form = approve_form(regimes, **kwargs)
    form.unit_id.choices = unit_choices(current_user, REGISTRATIONS_REVIEW, placeholder=_("— Chọn đơn vị —"))
    if form.unit_id.data is None:
        form.unit_id.data = _unit_named(req.agency_name) or 0
    return form


def _unit_named(name: str) -> int | None:
    """Preselect the unit whose name is the agency's, when there is exactly one."""
    ids = db.session.scalars(select(Unit.id).where(func.lower(Unit.name) == name.lower()).limit(2)).all()
    return ids[0] if len(ids) == 1 else None


def _detail(req, approve=None, reject=None, error=None):
    return render_template("accounts/registration_detail.html", req=req, titles=_titles(), error=error,
                           deadline=review_deadline.deadlines([req]).get(req.id),
                           approve_form=approve if approve is not None else _approve_form(req),
                           reject_form=reject if reject is not None else RejectForm(formdata=None))


@bp.route("/admin/registrations/<int:request_id>")
@permission_required(REGISTRATIONS_REVIEW)
def registration_detail(request_id):
    return _detail(_get(request_id))


@bp.route("/admin/registrations/<int:request_id>/approve", methods=["POST"])
@permission_required(REGISTRATIONS_REVIEW)
def registration_approve(request_id):
    req = _get(request_id)
    form = _approve_form(req)
    if not form.validate_on_submit():
        return _detail(req, approve=form)
    if not form.unit_id.data:
        form.unit_id.errors.append(_("Vui lòng chọn đơn vị."))
        return _detail(req, approve=form)
    unit = db.session.get(Unit, form.unit_id.data) or abort(400)
    require(can(current_user, REGISTRATIONS_REVIEW, unit))
    roles = {key: db.session.get(Role, form[f"role_{key}"].data) for key in req.regimes or []}
    try:
        approval = registration.approve(req, unit, roles, current_user._get_current_object())
    except registration.RegistrationError as exc:
        return _detail(db.session.get(RegistrationRequest, request_id), approve=form, error=str(exc))
    sent, mail_error = mail_credentials(approval.recipients, approval.user, approval.password, "new")
    audit.record("registration.mail", object_type="registration_request", object_id=req.id, unit_id=unit.id,
                 summary=(f"Đã gửi thông tin tài khoản tới {', '.join(sent)}" if sent
                          else f"Gửi thư thông tin tài khoản thất bại: {mail_error}"))
    db.session.commit()
    response = make_response(render_template("accounts/registration_approved.html", req=req,
                                             approval=approval, sent=sent, mail_error=mail_error))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/registrations/<int:request_id>/reject", methods=["POST"])
@permission_required(REGISTRATIONS_REVIEW)
def registration_reject(request_id):
    req = _get(request_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _detail(req, reject=form)
    try:
        registration.reject(req, form.reason.data, current_user._get_current_object())
    except registration.RegistrationError as exc:
        return _detail(db.session.get(RegistrationRequest, request_id), reject=form, error=str(exc))
    try:
        send_template([req.contact_email, req.email], _("Kết quả đăng ký tài khoản sử dụng hệ thống báo cáo"),
                      "registration_rejected", req=req)
        flash(_("Đã từ chối yêu cầu và gửi thư thông báo cho đơn vị."), "success")
    except MailError as exc:
        flash(_("Đã từ chối yêu cầu, nhưng chưa gửi được thư thông báo (%(error)s). Vui lòng báo cho đơn vị "
                "bằng cách khác.", error=str(exc)), "warning")
    return redirect(url_for("accounts.registration_detail", request_id=req.id))
