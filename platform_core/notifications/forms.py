"""The administrator's form for one regime's reminder schedule."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import DataRequired, ValidationError

from platform_core.forms import BaseForm
from platform_core.notifications.offsets import parse_offsets


class ScheduleForm(BaseForm):
    """Empty offsets: the configured default applies."""

    plugin_key = HiddenField(validators=[DataRequired()])
    offsets = StringField(_l("Nhắc trước hạn (số ngày)"))
    escalate = BooleanField(_l("Báo lãnh đạo đơn vị khi quá hạn"))

    def validate_offsets(self, field):
        try:
            self.parsed_offsets = parse_offsets(field.data) if field.data else None
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
