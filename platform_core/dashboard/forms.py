"""The dashboard's filter: a period (dates and/or a period key) and a regime. A GET form, so a view can be
bookmarked and shared."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import Optional, Regexp, ValidationError

from platform_core.dashboard.compliance import Period
from platform_core.forms import DATE_HINT, BaseForm, valid_date
from platform_core.timeutil import parse_date

PERIOD_KEY = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$")
class DashboardFilterForm(BaseForm):
    class Meta:
        csrf = False

    date_from = StringField(_l("Hạn nộp từ ngày"), validators=[Optional(), valid_date], render_kw=DATE_HINT)
    date_to = StringField(_l("đến ngày"), validators=[Optional(), valid_date], render_kw=DATE_HINT)
    period = StringField(_l("Kỳ báo cáo"), validators=[Optional(), Regexp(
        PERIOD_KEY, message=_l("Kỳ báo cáo có dạng 2026, 2026-06, 2026-Q1 hoặc 2026-H1."))],
        render_kw={"placeholder": "2026, 2026-06, 2026-Q1, 2026-H1"})
    regime = SelectField(_l("Chế độ báo cáo"), validators=[Optional()])
    unit = HiddenField()

    def set_regimes(self, regimes: list[tuple[str, str]]):
        self.regime.choices = [("", _l("Tất cả"))] + regimes

    def validate_date_to(self, field):
        if self.date_from.data and field.data and not self.date_from.errors and not field.errors:
            if parse_date(field.data) < parse_date(self.date_from.data):
                raise ValidationError(_l("Ngày kết thúc phải sau ngày bắt đầu."))

    def period_value(self) -> Period:
        """The chosen period; the current year so far when neither dates nor a period key are given."""
        start = parse_date(self.date_from.data) if self.date_from.data else None
        end = parse_date(self.date_to.data) if self.date_to.data else None
        if start is None and end is None and not self.period.data:
            return Period.year_so_far()
        return Period(start, end, self.period.data or None)

    def unit_id(self) -> int | None:
        return int(self.unit.data) if (self.unit.data or "").isdigit() else None

    def used(self) -> dict:
        """The filled-in filters (without the unit), to carry into links."""
        return {name: f.data for name, f in self._fields.items() if f.data and name != "unit"}
