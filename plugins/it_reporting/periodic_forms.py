"""Forms of the periodic-report pages: an ad-hoc request (Điều 14) and the one-button actions."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from platform_core.forms import BaseForm
from platform_core.timeutil import local_today, parse_date

CONTENT_MAX = 255


class UnitChecklist(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _future_date(form, field):
    try:
        day = parse_date(field.data)
    except ValueError:
        raise ValidationError(_("Ngày không hợp lệ: nhập ngày có thật theo dạng dd/mm/yyyy, ví dụ 25/12/2025.")) \
            from None
    if day < local_today():
        raise ValidationError(_("Hạn nộp %(day)s đã qua; chọn hạn nộp từ hôm nay trở đi.",
                                day=day.strftime("%d/%m/%Y")))


class AdHocRequestForm(BaseForm):
    content = TextAreaField(_l("Nội dung yêu cầu báo cáo"), validators=[
        DataRequired(_l("Nhập nội dung yêu cầu báo cáo.")),
        Length(max=CONTENT_MAX, message=_l("Tối đa %(max)d ký tự."))])
    due_date = StringField(_l("Hạn nộp"), validators=[DataRequired(_l("Nhập hạn nộp.")), _future_date],
                           render_kw={"placeholder": "dd/mm/yyyy"})
    units = UnitChecklist(_l("Đơn vị phải báo cáo"), coerce=int,
                          validators=[DataRequired(_l("Chọn ít nhất một đơn vị."))])

    def due(self):
        return parse_date(self.due_date.data)


class ActionForm(BaseForm):
    """A POST button: only the CSRF token."""
