"""Forms of the report pages: the list filter, a new report, consolidation, a report's data (built from its
report type's fields), returning with a reason, and the confirmation of irreversible steps."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from platform_core.forms import BaseForm
from platform_core.workflow import values
from platform_core.workflow.models import STATES
from platform_core.workflow.service import REASON_MAX

PERIOD_HINT = {"placeholder": "2026-03, 2026-Q1, 2026-H1, 2026"}


def _at_most(n):
    return Length(max=n, message=_l("Tối đa %(max)d ký tự."))


class SubmissionFilterForm(BaseForm):
    """A GET form: bookmarkable, no CSRF token."""

    class Meta:
        csrf = False

    status = SelectField(_l("Trạng thái"), validators=[Optional()])
    report_type = SelectField(_l("Loại báo cáo"), validators=[Optional()])
    unit = StringField(_l("Đơn vị (mã hoặc tên)"), validators=[Optional(), _at_most(120)])
    period = StringField(_l("Kỳ báo cáo"), validators=[Optional(), _at_most(40)], render_kw=PERIOD_HINT)

    def set_choices(self, status_labels: dict, report_types: list[tuple[str, str]]):
        self.status.choices = [("", _l("Tất cả"))] + [(s, status_labels[s]) for s in STATES]
        self.report_type.choices = [("", _l("Tất cả"))] + report_types

    def used(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if field.data}


class NewSubmissionForm(BaseForm):
    obligation = HiddenField()
    report_type = SelectField(_l("Loại báo cáo"), validators=[DataRequired(_l("Chọn loại báo cáo."))])
    unit = SelectField(_l("Đơn vị báo cáo"), coerce=int, validators=[DataRequired(_l("Chọn đơn vị."))])
    period = StringField(_l("Kỳ báo cáo (để trống nếu là báo cáo đột xuất)"), validators=[Optional(), _at_most(40)],
                         render_kw=PERIOD_HINT)
    title = StringField(_l("Tiêu đề (không bắt buộc)"), validators=[Optional(), _at_most(255)])


class ConsolidateForm(BaseForm):
    report_type = SelectField(_l("Loại báo cáo"), validators=[DataRequired(_l("Chọn loại báo cáo."))])
    unit = SelectField(_l("Đơn vị tổng hợp"), coerce=int, validators=[DataRequired(_l("Chọn đơn vị."))])
    period = StringField(_l("Kỳ báo cáo"), validators=[DataRequired(_l("Nhập kỳ báo cáo.")), _at_most(40)],
                         render_kw=PERIOD_HINT)


class ReturnForm(BaseForm):
    reason = TextAreaField(_l("Lý do trả lại"), validators=[
        DataRequired(_l("Nhập lý do trả lại để đơn vị biết cần sửa gì.")), _at_most(REASON_MAX)])


class ConfirmForm(BaseForm):
    """A button whose step cannot be undone: the box must be ticked."""

    confirm = BooleanField(_l("Tôi đã kiểm tra và xác nhận"))


PREFIX = "v_"


def input_name(spec) -> str:
    """Inputs are prefixed so a field named like a form attribute ("data", "errors") cannot clash."""
    return PREFIX + spec.name


class DataFormBase(BaseForm):
    lock_version = HiddenField()

    def values(self) -> dict:
        return {name[len(PREFIX):]: field.data for name, field in self._fields.items() if name.startswith(PREFIX)}

    def input(self, spec):
        return self[input_name(spec)]

    def set_errors(self, errors: dict) -> None:
        for name, message in errors.items():
            field = self._fields.get(PREFIX + name)
            if field is not None:
                field.errors = [*field.errors, message]


def data_form_class(report_type):
    """A form class with one input per field of ``report_type``; values are read by ``values.clean_data``
    (the service), which knows the kinds, so the inputs here are plain text."""
    attrs = {}
    for spec in report_type.fields:
        label = f"{spec.label} ({spec.unit})" if spec.unit else spec.label
        if spec.kind == "text":
            attrs[input_name(spec)] = TextAreaField(label, validators=[Optional(), _at_most(values.TEXT_MAX)],
                                             render_kw={"rows": 4})
        else:
            hint = {"date": "dd/mm/yyyy", "decimal": "1250,5", "int": "1250"}[spec.kind]
            mode = {"date": "text", "decimal": "decimal", "int": "numeric"}[spec.kind]
            attrs[input_name(spec)] = StringField(label, validators=[Optional(), _at_most(40)],
                                           render_kw={"placeholder": hint, "inputmode": mode})
    return type(f"DataForm_{report_type.key.replace('.', '_')}", (DataFormBase,), attrs)


def data_form(report_type, submission, formdata=None):
    """The data form of ``submission``: filled from the request when posted, else from the stored data."""
    cls = data_form_class(report_type)
    if formdata is not None:
        return cls(formdata=formdata)
    stored = submission.data or {}
    initial = {input_name(spec): values.input_value(spec, stored.get(spec.name)) for spec in report_type.fields}
    return cls(formdata=None, lock_version=str(submission.lock_version), **initial)
