"""Forms of the library and regime builder pages. They only read what was typed; ``library.py`` and
``regimes.py`` decide what is allowed and list every problem."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from platform_core.forms import DATE_HINT, BaseForm, valid_date
from platform_core.timeutil import format_date
from plugins.provincial_reports import regimes
from plugins.provincial_reports.library import format_number

# One label per models.DATA_TYPES / models.AGGREGATES value.
DATA_TYPE_LABELS = {"integer": _l("Số nguyên"), "decimal": _l("Số thập phân"), "percent": _l("Tỷ lệ phần trăm (%)"),
                    "text": _l("Văn bản"), "boolean": _l("Có/Không")}
AGGREGATE_LABELS = {"sum": _l("Cộng các đơn vị"), "mean": _l("Trung bình các đơn vị"),
                    "max": _l("Lớn nhất của các đơn vị"), "none": _l("Không tổng hợp (đơn vị cấp trên tự nhập)")}
DEADLINE_MODES = {"due_day": _l("Ngày trong tháng"), "due_days": _l("Số ngày sau ngày chốt số liệu"),
                  "due_working_days": _l("Số ngày làm việc sau ngày chốt số liệu")}
_CODES_SPLIT = re.compile(r"[\s,;]+")


def _at_most(n):
    return Length(max=n, message=_l("Tối đa %(max)d ký tự."))


def choices(pairs, blank=None) -> list[SelectChoice]:
    pairs = pairs.items() if isinstance(pairs, dict) else pairs
    return ([SelectChoice("", blank)] if blank is not None else []) + [SelectChoice(v, label) for v, label in pairs]


class SearchForm(BaseForm):
    """A GET form: bookmarkable, no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Tìm theo mã hoặc tên"), validators=[Optional(), _at_most(200)])
    status = SelectField(_l("Trạng thái"), validators=[Optional()],
                         choices=choices(regimes.STATUS_LABELS, _l("Tất cả")))

    def used(self) -> dict:
        return {name: field.data for name, field in self._fields.items() if field.data}


class ConfirmForm(BaseForm):
    confirm = BooleanField(_l("Tôi đã kiểm tra và xác nhận"),
                           validators=[DataRequired(_l("Đánh dấu ô xác nhận trước khi thực hiện."))])


# ---------------------------------------------------------------------------------------------- library


class IndicatorForm(BaseForm):
    code = StringField(_l("Mã chỉ tiêu"), validators=[DataRequired(_l("Nhập mã chỉ tiêu.")), _at_most(20)],
                       render_kw={"placeholder": "DS01"})
    name = StringField(_l("Tên chỉ tiêu"), validators=[DataRequired(_l("Nhập tên chỉ tiêu.")), _at_most(255)])
    concept = TextAreaField(_l("Khái niệm"), validators=[Optional(), _at_most(5000)])
    method = TextAreaField(_l("Phương pháp tính"), validators=[Optional(), _at_most(5000)])
    unit_of_measure = StringField(_l("Đơn vị tính"), validators=[Optional(), _at_most(60)],
                                  render_kw={"placeholder": "người"})
    data_type = SelectField(_l("Kiểu dữ liệu"), choices=choices(DATA_TYPE_LABELS))
    aggregate = SelectField(_l("Cách tổng hợp lên cấp trên"), choices=choices(AGGREGATE_LABELS))
    plausible_min = StringField(_l("Giá trị thường gặp nhỏ nhất"), validators=[Optional(), _at_most(40)],
                                render_kw={"inputmode": "decimal"})
    plausible_max = StringField(_l("Giá trị thường gặp lớn nhất"), validators=[Optional(), _at_most(40)],
                                render_kw={"inputmode": "decimal"})
    allow_negative = BooleanField(_l("Cho phép số âm"))
    active = BooleanField(_l("Đang sử dụng"), default=True)

    def values(self) -> dict:
        return {name: self[name].data for name in (
            "code", "name", "concept", "method", "unit_of_measure", "data_type", "aggregate", "plausible_min",
            "plausible_max", "allow_negative", "active")}

    def fill(self, indicator) -> None:
        for name in ("code", "name", "concept", "method", "unit_of_measure", "data_type", "aggregate",
                     "allow_negative", "active"):
            self[name].data = getattr(indicator, name)
        self.plausible_min.data = format_number(indicator.plausible_min)
        self.plausible_max.data = format_number(indicator.plausible_max)



def parse_categories(text: str) -> list[dict]:
    """One category per line, ``mã: Tên`` or just ``Tên`` (the key is then made from the name)."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        key, colon, label = line.partition(":")
        if colon and re.fullmatch(r"[A-Za-z0-9_]+", key.strip()):
            out.append({"key": key.strip(), "label": label.strip()})
        else:
            out.append({"key": "", "label": line})
    return out


def categories_text(categories) -> str:
    return "\n".join(f"{c['key']}: {c['label']}" for c in categories or [])


class DimensionForm(BaseForm):
    code = StringField(_l("Mã phân tổ"), validators=[Optional(), _at_most(20)],
                       render_kw={"placeholder": "gioi_tinh"})
    name = StringField(_l("Tên phân tổ"), validators=[DataRequired(_l("Nhập tên phân tổ.")), _at_most(120)])
    categories = TextAreaField(_l("Các nhóm (mỗi dòng một nhóm: mã: Tên)"),
                               validators=[DataRequired(_l("Nhập ít nhất một nhóm."))],
                               render_kw={"rows": 5, "placeholder": "nam: Nam\nnu: Nữ"})


# ---------------------------------------------------------------------------------------------- regimes


class RegimeForm(BaseForm):
    code = StringField(_l("Mã chế độ báo cáo"), validators=[DataRequired(_l("Nhập mã chế độ báo cáo.")), _at_most(30)],
                       render_kw={"placeholder": "LDVL-QUY"})
    name = StringField(_l("Tên báo cáo"), validators=[DataRequired(_l("Nhập tên báo cáo.")), _at_most(255)])
    kind = SelectField(_l("Loại chế độ báo cáo"), choices=choices(regimes.KIND_LABELS))
    content = TextAreaField(_l("Nội dung yêu cầu báo cáo"), validators=[Optional(), _at_most(20000)])
    legal_number = StringField(_l("Số văn bản quy định chế độ báo cáo"), validators=[Optional(), _at_most(80)],
                               render_kw={"placeholder": "09/2024/QĐ-UBND"})
    legal_date = StringField(_l("Ngày ban hành văn bản"), validators=[Optional(), valid_date], render_kw=DATE_HINT)
    receiving_unit_id = SelectField(_l("Cơ quan nhận báo cáo"), validators=[Optional()], validate_choice=False)
    lead_unit_id = SelectField(_l("Đơn vị chủ trì tổng hợp (tổng hợp mọi đơn vị được giao, như Sở Kế hoạch và "
                                  "Đầu tư với báo cáo kinh tế - xã hội tháng)"), validators=[Optional()],
                               validate_choice=False)
    sending_method = StringField(_l("Phương thức gửi, nhận báo cáo"), validators=[Optional(), _at_most(255)],
                                 render_kw={"placeholder": "Gửi trên Hệ thống thông tin báo cáo, có ký số"})
    frequency = SelectField(_l("Tần suất báo cáo"), choices=choices(regimes.FREQUENCY_LABELS))
    deadline_mode = SelectField(_l("Cách tính hạn nộp"), choices=choices(DEADLINE_MODES))
    deadline_value = StringField(_l("Hạn nộp (ngày thứ / số ngày)"), validators=[Optional(), _at_most(3)],
                                 render_kw={"inputmode": "numeric", "placeholder": "20"})
    due_months_later = StringField(_l("Lùi thêm số tháng (chỉ với ngày trong tháng)"),
                                   validators=[Optional(), _at_most(2)], render_kw={"inputmode": "numeric"})
    adhoc_due_date = StringField(_l("Hạn nộp báo cáo đột xuất"), validators=[Optional(), valid_date],
                                 render_kw=DATE_HINT)
    instructions = TextAreaField(_l("Hướng dẫn, biểu mẫu, hướng dẫn xây dựng số liệu"),
                                 validators=[Optional(), _at_most(20000)])
    requires_signature = BooleanField(_l("Báo cáo phải ký số trước khi gửi (Điều 11 khoản 4)"), default=True)
    consolidates = BooleanField(_l("Đơn vị cấp trên tổng hợp báo cáo của đơn vị cấp dưới được giao"), default=True)

    def values(self) -> dict:
        data = {name: self[name].data for name in (
            "code", "name", "kind", "content", "legal_number", "legal_date", "sending_method", "frequency",
            "instructions", "requires_signature", "consolidates", "adhoc_due_date", "due_months_later")}
        data["receiving_unit_id"] = self.receiving_unit_id.data or None
        data["lead_unit_id"] = self.lead_unit_id.data or None
        for mode in DEADLINE_MODES:
            data[mode] = self.deadline_value.data if self.deadline_mode.data == mode else None
        if self.frequency.data == regimes.ADHOC:
            data.update({mode: None for mode in DEADLINE_MODES}, due_months_later=None)
        return data

    def fill(self, regime) -> None:
        for name in ("code", "name", "kind", "content", "legal_number", "sending_method", "frequency", "instructions",
                     "requires_signature", "consolidates"):
            self[name].data = getattr(regime, name)
        self.legal_date.data = format_date(regime.legal_date) if regime.legal_date else ""
        self.adhoc_due_date.data = format_date(regime.adhoc_due_date) if regime.adhoc_due_date else ""
        self.receiving_unit_id.data = str(regime.receiving_unit_id or "")
        self.lead_unit_id.data = str(regime.lead_unit_id or "")
        for mode in DEADLINE_MODES:
            if getattr(regime, mode) is not None:
                self.deadline_mode.data, self.deadline_value.data = mode, str(getattr(regime, mode))
        self.due_months_later.data = str(regime.due_months_later or "") if regime.due_months_later else ""


# ---------------------------------------------------------------------------------------------- structure


class _RowForm(Form):
    """A repeated row inside the structure form: plain WTForms (the outer form carries the CSRF token),
    with the same stripping and NFC as every form."""

    class Meta:
        bind_field = BaseForm.Meta.bind_field


class SectionForm(_RowForm):
    key = StringField(_l("Mã mục"), validators=[Optional(), _at_most(30)], render_kw={"placeholder": "s1"})
    title = StringField(_l("Tiêu đề mục"), validators=[Optional(), _at_most(255)])
    guidance = TextAreaField(_l("Hướng dẫn nhập"), validators=[Optional(), _at_most(5000)], render_kw={"rows": 2})
    required = BooleanField(_l("Bắt buộc"))

    def blank(self) -> bool:
        return not (self.key.data or self.title.data or self.guidance.data)


class TableForm(_RowForm):
    key = StringField(_l("Mã biểu"), validators=[Optional(), _at_most(30)], render_kw={"placeholder": "b1"})
    title = StringField(_l("Tên biểu"), validators=[Optional(), _at_most(255)])
    dimension = SelectField(_l("Phân tổ theo"), validators=[Optional()], validate_choice=False)
    rows = TextAreaField(_l("Chỉ tiêu (mỗi dòng một mã; thêm * nếu bắt buộc, ví dụ LD01*)"),
                         validators=[Optional(), _at_most(20000)], render_kw={"rows": 5})
    formulas = TextAreaField(_l("Công thức (mỗi dòng một công thức, ví dụ LD03.total = LD02.total / LD01.total * 100)"),
                             validators=[Optional(), _at_most(50000)], render_kw={"rows": 3})

    def blank(self) -> bool:
        return not (self.key.data or self.title.data or self.rows.data or self.formulas.data)


def parse_rows(text: str) -> list[dict]:
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            out.append({"indicator": line.rstrip("*").strip().upper(), "required": line.endswith("*")})
    return out


class StructureForm(BaseForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Repeated rows take no filters themselves; their own fields strip and normalise."""
            if unbound_field.field_class in (FieldList, FormField):
                return unbound_field.bind(form=form, **options)
            return BaseForm.Meta.bind_field(self, form, unbound_field, options)

    sections = FieldList(FormField(SectionForm), min_entries=0, max_entries=regimes.SECTIONS_MAX + 5)
    tables = FieldList(FormField(TableForm), min_entries=0, max_entries=regimes.TABLES_MAX + 5)
    published = TextAreaField(_l("Chỉ tiêu công bố trên trang số liệu tổng hợp (mã, cách nhau bởi dấu phẩy hoặc "
                                 "xuống dòng)"), validators=[Optional(), _at_most(5000)], render_kw={"rows": 2})
    valid_from = StringField(_l("Áp dụng từ kỳ"), validators=[Optional(), _at_most(10)])
    note = StringField(_l("Ghi chú phiên bản"), validators=[Optional(), _at_most(255)])

    def set_dimensions(self, dimension_choices: list) -> None:
        for entry in self.tables:
            entry.form.dimension.choices = dimension_choices

    def definition(self) -> dict:
        """The definition typed; blank slots are left out, a missing key is numbered (s1, b1…)."""
        outline, tables = [], []
        for entry in self.sections:
            form = entry.form
            if form.blank():
                continue
            outline.append({"key": form.key.data or _free_key("s", [e.form.key.data for e in self.sections],
                                                               len(outline) + 1),
                            "title": form.title.data or "", "guidance": form.guidance.data or "",
                            "required": bool(form.required.data)})
        for entry in self.tables:
            form = entry.form
            if form.blank():
                continue
            tables.append({"key": form.key.data or _free_key("b", [e.form.key.data for e in self.tables],
                                                             len(tables) + 1),
                           "title": form.title.data or "", "dimension": form.dimension.data or None,
                           "rows": parse_rows(form.rows.data),
                           "formulas": [line.strip() for line in (form.formulas.data or "").splitlines()
                                        if line.strip()]})
        published = [code.upper() for code in _CODES_SPLIT.split(self.published.data or "") if code]
        return {"outline": outline, "tables": tables, "published": published}


def _free_key(prefix: str, taken: list, start: int) -> str:
    number = start
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def structure_data(definition: dict) -> dict:
    """The form's data for a stored definition."""
    return {
        "sections": [{"key": s["key"], "title": s.get("title", ""), "guidance": s.get("guidance", ""),
                      "required": bool(s.get("required"))} for s in definition.get("outline", [])],
        "tables": [{"key": t["key"], "title": t.get("title", ""), "dimension": t.get("dimension") or "",
                    "rows": "\n".join(r["indicator"] + ("*" if r.get("required") else "") for r in t.get("rows", [])),
                    "formulas": "\n".join(t.get("formulas", []))} for t in definition.get("tables", [])],
        "published": "\n".join(definition.get("published", [])),
    }

