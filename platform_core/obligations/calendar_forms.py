"""Forms of the holiday override page."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import AnyOf, DataRequired, Length, ValidationError

from platform_core.forms import BaseForm
from platform_core.obligations.calendar import OVERRIDE_KINDS, OverrideError, parse_override_day
from platform_core.obligations.models import DAY_OFF, DAY_WORKING

KIND_LABELS = {DAY_OFF: _l("Ngày nghỉ thêm"), DAY_WORKING: _l("Ngày làm việc (làm bù)")}


def override_day(form, field):
    """A dd/mm/yyyy text field; the parsed date is left in ``field.date``."""
    field.date = None
    try:
        field.date = parse_override_day(field.data)
    except OverrideError as exc:
        raise ValidationError(str(exc)) from None


class OverrideForm(BaseForm):
    day = StringField(_l("Ngày (dd/mm/yyyy)"), validators=[DataRequired(_l("Nhập ngày.")), override_day])
    kind = RadioField(_l("Loại"), choices=[SelectChoice(kind, label) for kind, label in KIND_LABELS.items()],
                      default=DAY_OFF, validate_choice=False,
                      validators=[AnyOf(OVERRIDE_KINDS, message=_l("Chọn ngày nghỉ thêm hoặc ngày làm việc."))])
    name = StringField(_l("Tên, lý do (ví dụ: Nghỉ bù Quốc khánh theo Thông báo số …)"),
                       validators=[DataRequired(_l("Nhập tên hoặc lý do.")), Length(max=200)])


class ConfirmForm(BaseForm):
    """Only the CSRF token: a confirmation button."""
