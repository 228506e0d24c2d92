"""Forms of the unit administration pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from platform_core.forms import BaseForm
from platform_core.units.service import ABBREVIATION_MAX, CODE_MAX, NAME_MAX


class UnitEditForm(BaseForm):
    name = StringField(_l("Tên đơn vị"), validators=[DataRequired(_l("Nhập tên đơn vị.")), Length(max=NAME_MAX)])
    abbreviation = StringField(_l("Tên viết tắt"), validators=[Optional(), Length(max=ABBREVIATION_MAX)])
    unit_type = SelectField(_l("Loại đơn vị"), validators=[DataRequired(_l("Chọn loại đơn vị."))])


class UnitCreateForm(UnitEditForm):
    code = StringField(_l("Mã đơn vị"), validators=[DataRequired(_l("Nhập mã đơn vị.")), Length(max=CODE_MAX)])
    parent_code = StringField(_l("Mã đơn vị cấp trên"), validators=[Optional(), Length(max=CODE_MAX)])


class MoveForm(BaseForm):
    parent_code = StringField(_l("Mã đơn vị cấp trên mới"), validators=[Optional(), Length(max=CODE_MAX)])


class ConfirmForm(BaseForm):
    """Only the CSRF token: the confirmation page's button."""


class ImportForm(BaseForm):
    file = FileField(_l("Tệp CSV"), validators=[FileRequired(_l("Chọn tệp CSV.")),
                                               FileAllowed(["csv", "txt"], _l("Chỉ nhận tệp .csv."))])
