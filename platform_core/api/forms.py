"""The forms of the token page."""
from datetime import UTC, datetime, time

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from platform_core.forms import BaseForm
from platform_core.timeutil import LOCAL_TZ, local_today, parse_date


def _future_date(form, field):
    field.day = None
    if not field.data:
        return
    try:
        field.day = parse_date(field.data)
    except ValueError:
        raise ValidationError(_l("Không đọc được ngày; nhập theo dạng dd/mm/yyyy.")) from None
    if field.day < local_today():
        raise ValidationError(_l("Ngày hết hạn phải từ hôm nay trở đi."))


class TokenForm(BaseForm):
    name = StringField(_l("Tên gợi nhớ (hệ thống sẽ dùng khoá)"),
                       validators=[DataRequired(_l("Nhập tên gợi nhớ cho khoá.")), Length(max=100)])
    expires_on = StringField(_l("Hết hạn sau ngày (dd/mm/yyyy, để trống: không hết hạn)"),
                             validators=[Optional(), _future_date])

    @property
    def expires_at(self) -> datetime | None:
        """The end of the chosen day in Viet Nam: a token "valid until 30/06" works all that day."""
        day = getattr(self.expires_on, "day", None)
        return datetime.combine(day, time.max, tzinfo=LOCAL_TZ).astimezone(UTC) if day else None


class RevokeForm(BaseForm):
    """Only the CSRF token: the revoke button of one token."""
