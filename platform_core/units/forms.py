"""Forms of the unit administration pages."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from platform_core.forms import DATE_HINT, BaseForm, valid_date
from platform_core.timeutil import format_date, parse_date
from platform_core.units.service import ABBREVIATION_MAX, CODE_MAX, NAME_MAX, validity_problem


class DateTextField(StringField):
    """A date typed as dd/mm/yyyy; a stored ``date`` (``obj=unit``) is shown the same way, not as ISO."""

    def _value(self):
        if isinstance(self.data, date):
            return format_date(self.data)
        return super()._value()

    @property
    def day(self) -> date | None:
        """The typed day, or None when empty. Call after validation (``valid_date``)."""
        if isinstance(self.data, date) or not self.data:
            return self.data or None
        return parse_date(self.data)


def _date_field(label):
    return DateTextField(label, validators=[Optional(), valid_date], render_kw=DATE_HINT)


class UnitEditForm(BaseForm):
    name = StringField(_l("Tên đơn vị"), validators=[DataRequired(_l("Nhập tên đơn vị.")), Length(max=NAME_MAX)])
    abbreviation = StringField(_l("Tên viết tắt"), validators=[Optional(), Length(max=ABBREVIATION_MAX)])
    unit_type = SelectField(_l("Loại đơn vị"), validators=[DataRequired(_l("Chọn loại đơn vị."))])
    valid_from = _date_field(_l("Hiệu lực từ"))
    valid_to = _date_field(_l("Hiệu lực đến"))

    def validate_valid_to(self, field):
        """The end may not come before the start (checked only when both dates could be read)."""
        try:
            start, end = self.valid_from.day, field.day
        except ValueError:
            return  # valid_date has already named the unreadable field
        if problem := validity_problem(start, end):
            raise ValidationError(problem)


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
