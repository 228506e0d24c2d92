"""The form that schedules a maintenance notice. Times are typed in Viet Nam's time (dd/mm/yyyy HH:MM)."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from platform_core.forms import BaseForm
from platform_core.maintenance.service import schedule_problems
from platform_core.timeutil import LOCAL_TZ

INPUT_FORMATS = ("%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M")


def parse_local_datetime(text: str) -> datetime:
    """An instant typed as "dd/mm/yyyy HH:MM" in Viet Nam's time (or an HTML datetime-local value), as an
    aware datetime; ValueError otherwise."""
    text = " ".join((text or "").split())
    for fmt in INPUT_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=LOCAL_TZ)
        except ValueError:
            continue
    raise ValueError(text)


def local_instant(form, field):
    """Leaves the parsed instant in ``field.instant``."""
    field.instant = None
    if field.data:
        try:
            field.instant = parse_local_datetime(field.data)
        except ValueError:
            raise ValidationError(_l("Không đọc được thời điểm; nhập theo dạng dd/mm/yyyy HH:MM, "
                                     "ví dụ 20/06/2026 22:00.")) from None


class NoticeForm(BaseForm):
    title = StringField(_l("Tiêu đề"), validators=[DataRequired(_l("Nhập tiêu đề.")), Length(max=200)])
    message = TextAreaField(_l("Nội dung"), validators=[Optional(), Length(max=2000)])
    starts_at = StringField(_l("Bắt đầu (dd/mm/yyyy HH:MM)"),
                            validators=[DataRequired(_l("Nhập thời điểm bắt đầu.")), local_instant])
    ends_at = StringField(_l("Kết thúc (dd/mm/yyyy HH:MM, có thể bỏ trống)"), validators=[Optional(), local_instant])
    urgent = BooleanField(_l("Khẩn cấp (báo trước dưới 24 giờ; được ghi vào nhật ký hệ thống)"))

    @property
    def ends_instant(self) -> datetime | None:
        """The parsed end, None when left empty."""
        return getattr(self.ends_at, "instant", None)

    def validate(self, extra_validators=None) -> bool:
        """Field checks first, then the schedule rules of the service on the parsed instants."""
        if not super().validate(extra_validators):
            return False
        problems = schedule_problems(self.starts_at.instant, self.ends_instant, self.urgent.data)
        for name, message in problems.items():
            getattr(self, name).errors.append(message)
        return not problems
