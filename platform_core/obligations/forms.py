"""Forms of the obligation pages: the list filter, a report received elsewhere, a waiver."""
from datetime import UTC, datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from platform_core.forms import DATE_HINT, BaseForm, valid_date
from platform_core.obligations.models import STATUSES
from platform_core.timeutil import LOCAL_TZ, parse_date

PENDING_FILTER = "pending"
RECEIPT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "jpg", "jpeg", "png", "tif", "tiff", "zip"]
def _valid_time(form, field):
    if field.data:
        try:
            datetime.strptime(field.data, "%H:%M")
        except ValueError:
            raise ValidationError(_l("Giờ không hợp lệ: nhập theo dạng HH:MM, ví dụ 14:30.")) from None


def _at_most(n):
    return Length(max=n, message=_l("Tối đa %(max)d ký tự."))


class ObligationFilterForm(BaseForm):
    """A GET form: bookmarkable, no CSRF token."""

    class Meta:
        csrf = False

    status = SelectField(_l("Trạng thái"), validators=[Optional()])
    plugin = SelectField(_l("Chế độ báo cáo"), validators=[Optional()])
    unit = StringField(_l("Đơn vị (mã hoặc tên)"), validators=[Optional(), _at_most(120)])
    period = StringField(_l("Kỳ báo cáo"), validators=[Optional(), _at_most(40)],
                         render_kw={"placeholder": "2026, 2026-06, 2026-H1"})

    def set_choices(self, status_labels: dict, plugins: list[tuple[str, str]]):
        self.status.choices = ([("", _l("Tất cả")), (PENDING_FILTER, _l("Chưa hoàn thành"))]
                               + [(s, status_labels[s]) for s in STATUSES])
        self.plugin.choices = [("", _l("Tất cả"))] + plugins

    def used(self) -> dict:
        """The filled-in filters, to keep them across pages."""
        return {name: field.data for name, field in self._fields.items() if field.data}


class ReceiptForm(BaseForm):
    document_number = StringField(_l("Số văn bản"), validators=[
        DataRequired(_l("Nhập số văn bản.")), _at_most(80)])
    document_date = StringField(_l("Ngày văn bản"), validators=[
        DataRequired(_l("Nhập ngày văn bản.")), valid_date], render_kw=DATE_HINT)
    received_date = StringField(_l("Ngày nhận"), validators=[
        DataRequired(_l("Nhập ngày nhận báo cáo.")), valid_date], render_kw=DATE_HINT)
    received_time = StringField(_l("Giờ nhận (không bắt buộc)"), validators=[Optional(), _valid_time],
                                render_kw={"placeholder": "HH:MM"})
    file = FileField(_l("Tệp văn bản"), validators=[
        FileRequired(_l("Chọn tệp văn bản đã nhận (bản quét hoặc bản điện tử).")),
        FileAllowed(RECEIPT_EXTENSIONS, _l("Chỉ nhận tệp PDF, Word, Excel, ảnh hoặc ZIP."))])
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), _at_most(2000)])

    def received_at(self) -> datetime:
        """The receipt instant in UTC: the time given, or the start of the day (local time)."""
        day = parse_date(self.received_date.data)
        clock = datetime.strptime(self.received_time.data, "%H:%M").time() if self.received_time.data else time.min
        return datetime.combine(day, clock, tzinfo=LOCAL_TZ).astimezone(UTC)


class WaiveForm(BaseForm):
    reason = TextAreaField(_l("Lý do miễn"), validators=[DataRequired(_l("Nhập lý do miễn nghĩa vụ.")),
                                                          _at_most(1000)])
