"""Forms of the roles and memberships pages."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from platform_core.access.models import SCOPE_SUBTREE, SCOPE_UNIT
from platform_core.forms import BaseForm
from platform_core.timeutil import parse_date

SCOPE_CHOICES = [SelectChoice(SCOPE_UNIT, _l("Chỉ đơn vị này")),
                 SelectChoice(SCOPE_SUBTREE, _l("Đơn vị này và mọi đơn vị trực thuộc"))]


def vn_date(form, field):
    """A dd/mm/yyyy text field; the parsed date is left in ``field.date``."""
    field.date = None
    if field.data:
        try:
            field.date = parse_date(field.data)
        except ValueError as exc:
            raise ValidationError(_l("Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.")) from exc


class GrantForm(BaseForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(_l("Nhập tên đăng nhập.")), Length(max=64)])
    role = SelectField(_l("Vai trò"), coerce=int, validators=[DataRequired(_l("Chọn vai trò."))])
    scope = RadioField(_l("Phạm vi"), choices=SCOPE_CHOICES, default=SCOPE_UNIT)
    valid_from = StringField(_l("Hiệu lực từ ngày (dd/mm/yyyy)"), validators=[Optional(), vn_date])
    valid_to = StringField(_l("Đến ngày (dd/mm/yyyy)"), validators=[Optional(), vn_date])


class ConfirmForm(BaseForm):
    """Only the CSRF token: a confirmation button."""


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RoleForm(BaseForm):
    key = StringField(_l("Mã vai trò"), validators=[DataRequired(_l("Nhập mã vai trò.")), Length(max=40)])
    name = StringField(_l("Tên vai trò"), validators=[DataRequired(_l("Nhập tên vai trò.")), Length(max=200)])
    description = TextAreaField(_l("Mô tả"), validators=[Optional(), Length(max=500)])
    permissions = CheckboxListField(_l("Quyền"), validators=[DataRequired(_l("Chọn ít nhất một quyền."))])
