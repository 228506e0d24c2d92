"""Forms of the project pages. Choices that depend on the user (units) are set by the views; the service
(``projects.py``) decides what is allowed, so a form only reads what was typed."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from platform_core.forms import BaseForm
from platform_core.timeutil import parse_date
from plugins.it_reporting import project_fields as pf

DATE_HINT = {"placeholder": "dd/mm/yyyy"}
AMOUNT_HINT = {"placeholder": "15250,5", "inputmode": "decimal"}


def _at_most(n):
    return Length(max=n, message=_l("Tối đa %(max)d ký tự."))


def _valid_date(form, field):
    if field.data:
        try:
            parse_date(field.data)
        except ValueError:
            raise ValidationError(_l("Ngày không hợp lệ: nhập ngày có thật theo dạng dd/mm/yyyy, "
                                     "ví dụ 25/12/2025.")) from None


def _amount(form, field):
    if field.data:
        try:
            pf.parse_amount(field.data)
        except ValueError:
            raise ValidationError(_l("Nhập một số, dùng dấu phẩy cho phần thập phân, ví dụ 15250,5.")) from None


def date_of(field):
    return parse_date(field.data) if field.data else None


def choices(pairs, blank=None) -> list[SelectChoice]:
    """``SelectChoice``s of ``(value, label)`` pairs (or a dict), after an optional blank choice."""
    pairs = pairs.items() if isinstance(pairs, dict) else pairs
    return ([SelectChoice("", blank)] if blank is not None else []) + [SelectChoice(v, label) for v, label in pairs]


class ProjectFilterForm(BaseForm):
    """A GET form: bookmarkable, no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Tên hoặc mã dự án"), validators=[Optional(), _at_most(200)])
    status = SelectField(_l("Trạng thái"), validators=[Optional()],
                         choices=choices(pf.STATUSES, _l("Tất cả")))
    kind = SelectField(_l("Loại"), validators=[Optional()], choices=choices(pf.KINDS, _l("Tất cả")))
    plan = SelectField(_l("Kế hoạch"), validators=[Optional()],
                       choices=choices([("in", _l("Trong kế hoạch")), ("out", _l("Ngoài kế hoạch"))], _l("Tất cả")))
    unit = SelectField(_l("Đơn vị"), validators=[Optional()])

    def used(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if field.data}


class ProjectForm(BaseForm):
    name = StringField(_l("Tên dự án"), validators=[DataRequired(_l("Nhập tên dự án.")), _at_most(500)])
    code = StringField(_l("Mã dự án"), validators=[DataRequired(_l("Nhập mã dự án.")), _at_most(40)])
    kind = SelectField(_l("Loại"), choices=choices(pf.KINDS))
    host_project = StringField(_l("Thuộc dự án (đối với phần ứng dụng CNTT)"), validators=[Optional(), _at_most(500)])
    project_group = SelectField(_l("Nhóm dự án"), validators=[Optional()],
                                choices=choices(pf.GROUPS, _l("Chưa phân nhóm")))
    in_plan = BooleanField(_l("Thuộc kế hoạch 05 năm, hằng năm về ứng dụng CNTT đã được phê duyệt"))
    plan_reference = StringField(_l("Kế hoạch (số, ngày quyết định phê duyệt kế hoạch)"),
                                 validators=[Optional(), _at_most(255)])
    owner_unit_id = SelectField(_l("Đơn vị chủ trì"), coerce=int,
                                validators=[DataRequired(_l("Chọn đơn vị chủ trì."))])
    reporting_unit_id = SelectField(_l("Đơn vị báo cáo"), coerce=int,
                                    validators=[DataRequired(_l("Chọn đơn vị báo cáo."))])
    total_investment = StringField(_l("Tổng mức đầu tư (triệu đồng)"),
                                   validators=[DataRequired(_l("Nhập tổng mức đầu tư (triệu đồng).")), _amount],
                                   render_kw=AMOUNT_HINT)
    funding_source = SelectField(_l("Nguồn vốn"), choices=choices(pf.FUNDING_SOURCES))
    start_date = StringField(_l("Thời gian bắt đầu"), validators=[Optional(), _valid_date], render_kw=DATE_HINT)
    end_date = StringField(_l("Thời gian kết thúc"), validators=[Optional(), _valid_date], render_kw=DATE_HINT)
    description = TextAreaField(_l("Mục tiêu, quy mô đầu tư"), validators=[Optional(), _at_most(5000)])

    def values(self, include_plan: bool) -> dict:
        data = {name: self[name].data for name in (
            "name", "code", "kind", "host_project", "project_group", "plan_reference", "owner_unit_id",
            "reporting_unit_id", "total_investment", "funding_source", "description")}
        data["start_date"], data["end_date"] = date_of(self.start_date), date_of(self.end_date)
        if include_plan:
            data["in_plan"] = self.in_plan.data
        return data


class ApproveForm(BaseForm):
    decision_number = StringField(_l("Số quyết định phê duyệt"), validators=[
        DataRequired(_l("Nhập số quyết định phê duyệt.")), _at_most(80)], render_kw={"placeholder": "1234/QĐ-BTNMT"})
    decision_date = StringField(_l("Ngày phê duyệt"), validators=[
        DataRequired(_l("Nhập ngày phê duyệt.")), _valid_date], render_kw=DATE_HINT)
    decision_authority = StringField(_l("Cấp phê duyệt"), validators=[Optional(), _at_most(255)],
                                     render_kw={"placeholder": "Bộ trưởng Bộ Tài nguyên và Môi trường"})
    confirm = BooleanField(_l("Tôi đã kiểm tra và xác nhận"),
                           validators=[DataRequired(_l("Đánh dấu ô xác nhận trước khi thực hiện."))])


class AcceptForm(BaseForm):
    accepted_on = StringField(_l("Ngày nghiệm thu, bàn giao tổng thể"), validators=[
        DataRequired(_l("Nhập ngày nghiệm thu, bàn giao.")), _valid_date], render_kw=DATE_HINT)
    confirm = BooleanField(_l("Tôi đã kiểm tra và xác nhận"),
                           validators=[DataRequired(_l("Đánh dấu ô xác nhận trước khi thực hiện."))])


class ConfirmForm(BaseForm):
    confirm = BooleanField(_l("Tôi đã kiểm tra và xác nhận"),
                           validators=[DataRequired(_l("Đánh dấu ô xác nhận trước khi thực hiện."))])


class ActionForm(BaseForm):
    """Only the CSRF token: a button."""


class ProductForm(BaseForm):
    kind = SelectField(_l("Loại sản phẩm"), choices=choices(pf.PRODUCT_KINDS))
    name = StringField(_l("Tên sản phẩm"), validators=[DataRequired(_l("Nhập tên sản phẩm.")), _at_most(255)])
    quantity = StringField(_l("Số lượng"), default="1", validators=[Optional(), _at_most(12)])
    measure = StringField(_l("Đơn vị tính"), validators=[Optional(), _at_most(40)],
                          render_kw={"placeholder": "bộ, phần mềm, CSDL…"})
    value = StringField(_l("Giá trị (triệu đồng)"), validators=[Optional(), _amount], render_kw=AMOUNT_HINT)
    description = StringField(_l("Ghi chú"), validators=[Optional(), _at_most(1000)])
