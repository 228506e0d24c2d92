"""The filter of the audit log page (a GET form: bookmarkable, no CSRF token needed)."""
from datetime import UTC, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length, Optional, ValidationError

from platform_core.forms import BaseForm, valid_date
from platform_core.timeutil import LOCAL_TZ, parse_date


def _at_most(n):
    return Length(max=n, message=_l("Tối đa %(max)d ký tự."))


def _local_midnight_utc(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ).astimezone(UTC)


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    actor = StringField(_l("Người thực hiện"), validators=[Optional(), _at_most(64)])
    action = StringField(_l("Hành động"), validators=[Optional(), _at_most(64)])
    object_type = StringField(_l("Loại đối tượng"), validators=[Optional(), _at_most(80)])
    date_from = StringField(_l("Từ ngày"), validators=[valid_date], render_kw={"placeholder": "dd/mm/yyyy"})
    date_to = StringField(_l("Đến ngày"), validators=[valid_date], render_kw={"placeholder": "dd/mm/yyyy"})
    q = StringField(_l("Nội dung có chứa"), validators=[Optional(), _at_most(200)])

    def validate_date_to(self, field):
        if field.errors or self.date_from.errors or not (field.data and self.date_from.data):
            return
        if parse_date(field.data) < parse_date(self.date_from.data):
            raise ValidationError(_l("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))

    def period(self) -> tuple[datetime | None, datetime | None]:
        """The chosen days as a half-open UTC interval ``[start, end)``; days are Vietnamese calendar days."""
        start = _local_midnight_utc(parse_date(self.date_from.data)) if self.date_from.data else None
        end = (_local_midnight_utc(parse_date(self.date_to.data) + timedelta(days=1))
               if self.date_to.data else None)
        return start, end

    def used(self) -> dict:
        """The filled-in filters, to keep them across pages."""
        return {name: field.data for name, field in self._fields.items() if field.data}
