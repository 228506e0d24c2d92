"""Forms of the account pages. Labels are the Vietnamese text (msgids); choices are set by the views."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from platform_core.accounts.passwords import password_problems, verify_password
from platform_core.accounts.usernames import normalise, username_problems, username_taken
from platform_core.forms import BaseForm

REQUIRED = _l("Vui lòng nhập thông tin này.")
EMAIL = _l("Địa chỉ thư điện tử không hợp lệ.")


def _required():
    return InputRequired(message=REQUIRED)


def _email(required=True):
    first = _required() if required else Optional()
    return [first, Email(message=EMAIL), Length(max=255)]


def _text(max_length, required=True):
    return [_required() if required else Optional(), Length(max=max_length)]


def _lower(value):
    return normalise(value) if isinstance(value, str) else value


def _extend_errors(field, problems):
    """WTForms keeps one message per validator; the password and user-name rules report each broken part."""
    field.errors.extend(problems)


class LoginForm(BaseForm):
    username = StringField(_l("Tên đăng nhập"), validators=[_required()], filters=[_lower])
    password = PasswordField(_l("Mật khẩu"), validators=[_required()])


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(_l("Mật khẩu hiện tại"), validators=[_required()])
    new_password = PasswordField(_l("Mật khẩu mới"), validators=[_required()])
    confirm_password = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
        _required(), EqualTo("new_password", message=_l("Mật khẩu nhập lại không khớp."))])

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_current_password(self, field):
        if not verify_password(self.user.password_hash, field.data or ""):
            raise ValidationError(_l("Mật khẩu hiện tại không đúng."))

    def validate_new_password(self, field):
        _extend_errors(field, password_problems(field.data or "", self.user.username))
        if field.data and field.data == self.current_password.data:
            field.errors.append(str(_l("Mật khẩu mới phải khác mật khẩu hiện tại.")))


class UsernameRule:
    """The user-name rule, and optionally that no account or pending request uses the name yet."""

    def __init__(self, unique=True):
        self.unique = unique

    def __call__(self, form, field):
        problems = username_problems(field.data or "")
        _extend_errors(field, problems)
        if not problems and self.unique and username_taken(field.data):
            field.errors.append(str(_l("Tên tài khoản này đã được sử dụng hoặc đang chờ duyệt; "
                                       "vui lòng chọn tên khác.")))


class UserEditForm(BaseForm):
    full_name = StringField(_l("Họ và tên"), validators=_text(200))
    email = StringField(_l("Thư điện tử"), validators=_email(required=False))
    phone = StringField(_l("Điện thoại"), validators=_text(40, required=False))
    position = StringField(_l("Chức vụ"), validators=_text(200, required=False))
    unit_id = SelectField(_l("Đơn vị"), coerce=int)


class UserNewForm(UserEditForm):
    username = StringField(_l("Tên tài khoản"), validators=[_required(), UsernameRule()], filters=[_lower])


class ConfirmForm(BaseForm):
    confirm = BooleanField(_l("Tôi đã kiểm tra và xác nhận thực hiện thao tác này"),
                           validators=[InputRequired(message=_l("Vui lòng đánh dấu ô xác nhận."))])


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def at_least_one(form, field):
    """Like InputRequired, without the ``required`` flag that would put ``required`` on every checkbox."""
    if not field.data:
        raise ValidationError(_l("Vui lòng chọn ít nhất một chế độ báo cáo."))


class RegistrationForm(BaseForm):
    """Seed 000, Phụ lục 1 "Mẫu đăng ký tài khoản sử dụng hệ thống báo cáo"."""

    agency_name = StringField(_l("Tên cơ quan báo cáo"), validators=_text(255))
    address = StringField(_l("Địa chỉ"), validators=_text(500))
    phone = StringField(_l("Điện thoại"), validators=_text(40))
    fax = StringField(_l("Fax"), validators=_text(40, required=False))
    email = StringField(_l("Thư điện tử liên hệ"), validators=_email())
    portal_url = StringField(_l("Địa chỉ trang/cổng thông tin điện tử chính thức"),
                             validators=_text(255, required=False))
    contact_name = StringField(_l("Họ và tên người thực hiện báo cáo"), validators=_text(200))
    contact_unit = StringField(_l("Đơn vị công tác"), validators=_text(255))
    contact_position = StringField(_l("Chức vụ"), validators=_text(200, required=False))
    contact_landline = StringField(_l("Điện thoại cố định"), validators=_text(40, required=False))
    contact_mobile = StringField(_l("Điện thoại di động"), validators=_text(40, required=False))
    contact_email = StringField(_l("Thư điện tử"), validators=_email())
    username = StringField(_l("Tên tài khoản (tối thiểu 6 ký tự không dấu, viết liền)"),
                           validators=[_required(), UsernameRule()], filters=[_lower])
    regimes = CheckboxListField(_l("Đăng ký sử dụng hệ thống"), validators=[at_least_one])


class RejectForm(BaseForm):
    reason = TextAreaField(_l("Lý do từ chối"), validators=_text(2000))


class ApproveForm(BaseForm):
    """The unit; one ``role_<plugin key>`` select per requested regime is added by :func:`approve_form`."""

    unit_id = SelectField(_l("Đơn vị được cấp tài khoản"), coerce=int,
                          validators=[InputRequired(message=_l("Vui lòng chọn đơn vị."))])

    def role_fields(self):
        return [f for f in self if f.name.startswith("role_")]


def approve_form(regimes: list[tuple[str, str, list]], **kwargs) -> ApproveForm:
    """An :class:`ApproveForm` with a role select for each ``(plugin key, title, roles)``; the first role of
    each regime is preselected."""

    class Form(ApproveForm):
        pass

    for key, title, roles in regimes:
        setattr(Form, f"role_{key}", SelectField(
            _l("Vai trò cho “%(regime)s”", regime=title), coerce=int, default=roles[0].id if roles else None,
            choices=[SelectChoice(r.id, r.name) for r in roles],
            validators=[InputRequired(message=_l("Vui lòng chọn vai trò."))]))
    return Form(**kwargs)
