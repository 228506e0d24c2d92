"""Everything a project and its phase reports hold, in one place, so the fields can be changed when the
official annexes of TT 12/2010/TT-BTTTT are at hand.

The field lists of Phụ lục I–X of TT 12/2010 were not available (``regulation-forms.md`` §2.2): the
sections below are designed from what QĐ 1676 Điều 7 says each phase covers (phase 1: annexes I, III, V
of an approved project; phase 2: annexes I–X of an accepted project, its products) and from the project
data NĐ 102/2009 asks for. They are listed in the plugin README as "cần đối chiếu TT 12/2010".

Field names carry their section's prefix; phase 2 repeats the phase-1 sections with the same names, so a
phase-2 draft is pre-filled from phase 1 field by field and only the changes are typed.
"""
import re
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from platform_core import FieldSpec

MONEY_UNIT = "triệu đồng"
_AMOUNT = re.compile(r"[+-]?\d+(\.\d+)?")

# ---------------------------------------------------------------- the catalogue's choices (page labels)

STATUS_PLANNED, STATUS_APPROVED, STATUS_IN_PROGRESS, STATUS_ACCEPTED = "planned", "approved", "in_progress", "accepted"
STATUSES = {
    STATUS_PLANNED: _l("Chưa phê duyệt"),
    STATUS_APPROVED: _l("Đã phê duyệt"),
    STATUS_IN_PROGRESS: _l("Đang triển khai"),
    STATUS_ACCEPTED: _l("Đã nghiệm thu, bàn giao"),
}
KIND_PROJECT, KIND_COMPONENT = "project", "component"
KINDS = {
    KIND_PROJECT: _l("Dự án công nghệ thông tin"),
    KIND_COMPONENT: _l("Phần ứng dụng CNTT của dự án khác"),
}
# NĐ 102/2009/NĐ-CP, Phụ lục: classification of IT projects.
GROUPS = {
    "national": _l("Dự án quan trọng quốc gia"),
    "A": _l("Nhóm A"),
    "B": _l("Nhóm B"),
    "C": _l("Nhóm C"),
}
FUNDING_SOURCES = {
    "development": _l("Ngân sách nhà nước – vốn đầu tư phát triển"),
    "recurrent": _l("Ngân sách nhà nước – vốn sự nghiệp"),
    "oda": _l("Vốn ODA, vốn vay ưu đãi"),
    "science": _l("Kinh phí sự nghiệp khoa học và công nghệ"),
    "other": _l("Nguồn vốn khác"),
}
PRODUCT_KINDS = {
    "hardware": _l("Thiết bị phần cứng"),
    "software": _l("Phần mềm"),
    "database": _l("Cơ sở dữ liệu"),
    "service": _l("Dịch vụ (triển khai, đào tạo, tư vấn)"),
    "other": _l("Sản phẩm khác"),
}

# ---------------------------------------------------------------- report sections (official wording)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[FieldSpec, ...]


def _money(name, label, required=False):
    return FieldSpec(name, label, "decimal", MONEY_UNIT, required=required)


def _text(name, label, required=False):
    return FieldSpec(name, label, "text", required=required, aggregate="none")


def _date(name, label, required=False):
    return FieldSpec(name, label, "date", required=required, aggregate="none")


ANNEX_I = Section("a1", "Thông tin chung về dự án (Phụ lục I)", (
    _text("a1_name", "Tên dự án", required=True),
    _text("a1_code", "Mã dự án"),
    _text("a1_kind", "Loại dự án"),
    _text("a1_host_project", "Thuộc dự án (đối với phần ứng dụng CNTT)"),
    _text("a1_group", "Nhóm dự án"),
    _text("a1_owner", "Đơn vị chủ trì (chủ đầu tư)", required=True),
    _text("a1_decision_number", "Số quyết định phê duyệt", required=True),
    _date("a1_decision_date", "Ngày phê duyệt", required=True),
    _text("a1_decision_authority", "Cấp phê duyệt"),
    _money("a1_total_investment", "Tổng mức đầu tư", required=True),
    _text("a1_funding_source", "Nguồn vốn"),
    _date("a1_start_date", "Thời gian bắt đầu"),
    _date("a1_end_date", "Thời gian kết thúc"),
    _text("a1_location", "Địa điểm thực hiện"),
    _text("a1_objectives", "Mục tiêu đầu tư"),
))
ANNEX_III = Section("a3", "Hạ tầng kỹ thuật công nghệ thông tin (Phụ lục III)", (
    FieldSpec("a3_servers", "Máy chủ", "int", "bộ"),
    FieldSpec("a3_workstations", "Máy trạm, máy tính cá nhân", "int", "bộ"),
    FieldSpec("a3_network_devices", "Thiết bị mạng, an toàn thông tin", "int", "thiết bị"),
    FieldSpec("a3_storage_tb", "Dung lượng lưu trữ", "decimal", "TB"),
    _money("a3_value", "Kinh phí hạ tầng kỹ thuật"),
    _text("a3_description", "Giải pháp hạ tầng kỹ thuật"),
))
ANNEX_V = Section("a5", "Phần mềm và cơ sở dữ liệu (Phụ lục V)", (
    FieldSpec("a5_software", "Phần mềm ứng dụng", "int", "phần mềm"),
    FieldSpec("a5_databases", "Cơ sở dữ liệu", "int", "CSDL"),
    FieldSpec("a5_online_services", "Dịch vụ công trực tuyến", "int", "dịch vụ"),
    _money("a5_value", "Kinh phí phần mềm, cơ sở dữ liệu"),
    _text("a5_description", "Chức năng chính, đối tượng sử dụng"),
))
ACCEPTANCE = Section("nt", "Nghiệm thu, bàn giao", (
    _date("nt_accepted_on", "Ngày nghiệm thu, bàn giao tổng thể", required=True),
    _money("nt_settled_value", "Giá trị thực hiện (đề nghị quyết toán)"),
    _text("nt_changes", "Các chỉ tiêu thay đổi so với báo cáo giai đoạn 1"),
    _text("nt_results", "Kết quả, hiệu quả khai thác sử dụng"),
))
_PRODUCT_LABELS = {
    "hardware": "Thiết bị phần cứng",
    "software": "Phần mềm",
    "database": "Cơ sở dữ liệu",
    "service": "Dịch vụ (triển khai, đào tạo, tư vấn)",
    "other": "Sản phẩm khác",
}
PRODUCTS = Section("sp", "Sản phẩm của dự án (Phụ lục VI–X)", (
    *[spec for kind, label in _PRODUCT_LABELS.items() for spec in (
        FieldSpec(f"sp_{kind}_count", f"{label}: số lượng", "int", "sản phẩm"),
        _money(f"sp_{kind}_value", f"{label}: giá trị"))],
    _text("sp_list", "Danh mục sản phẩm bàn giao"),
))

PHASE1_SECTIONS = (ANNEX_I, ANNEX_III, ANNEX_V)
PHASE2_SECTIONS = (ANNEX_I, ANNEX_III, ANNEX_V, ACCEPTANCE, PRODUCTS)


def fields_of(sections) -> tuple[FieldSpec, ...]:
    return tuple(f for section in sections for f in section.fields)


def carried_to_phase2() -> tuple[str, ...]:
    """The fields a phase-2 draft takes over from phase 1."""
    return tuple(f.name for f in fields_of(PHASE1_SECTIONS))


# ---------------------------------------------------------------- amounts


def parse_amount(text) -> Decimal:
    """An amount as officers type it ("1.250,5", "1250.5", "1 250"); ValueError when unreadable."""
    if isinstance(text, Decimal):
        return text
    raw = "".join(str(text or "").split())
    if not raw:
        raise ValueError("empty amount")
    commas, dots = raw.count(","), raw.count(".")
    if commas and dots:
        mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if mark == "," else ",", "").replace(mark, ".")
    elif commas == 1:
        raw = raw.replace(",", ".")
    elif commas > 1 or dots > 1:
        raw = raw.replace(",", "").replace(".", "")
    if not _AMOUNT.fullmatch(raw):
        raise ValueError(f"unreadable amount {text!r}")
    return Decimal(raw)


def format_amount(value) -> str:
    """1234567.5 → "1.234.567,5" (trailing zeros of the fraction dropped)."""
    if value is None:
        return ""
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    whole, _sep, fraction = format(abs(value), "f").partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def plain_amount(value) -> str:
    """The stored form of a decimal report field ("1234.5")."""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
