"""The shared library of indicators and disaggregations (RPT-12, QĐ 09/2024/QĐ-UBND Đ4.4, Đ6.2).

An indicator code means the same figure in every regime, so values add up across units and regimes: once
a regime in force (or retired) uses an indicator, its data type and aggregation are frozen, and a
disaggregation keeps every category such a regime's tables use. Names, concepts, methods and plausible
ranges may still be corrected. Every function commits and refreshes :func:`fields.forget`.
"""
import re
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from platform_core import audit
from platform_core.extensions import db
from platform_core.search.matching import fold
from plugins.provincial_reports import fields, formulas
from plugins.provincial_reports.models import (
    AGGREGATES,
    DATA_TYPES,
    STATUS_DRAFT,
    Dimension,
    Indicator,
    Regime,
)

DIMENSION_CODE_RE = re.compile(r"[a-z][a-z0-9_]{0,19}")
NAME_MAX, UNIT_MAX, NUMBER_MAX = 255, 60, 40
DIMENSION_NAME_MAX, CATEGORY_LABEL_MAX, CATEGORIES_MAX = 120, 120, 40
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class LibraryError(ValueError):
    """What is wrong with an indicator or a disaggregation; ``problems`` lists every one (Vietnamese)."""

    def __init__(self, problems):
        problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(problems))
        self.problems = problems


# ---------------------------------------------------------------------------------------------- helpers


def parse_number(text) -> str | None:
    """``"1,5"`` → ``"1.5"``, ``"1.250.000"`` → ``"1250000"``, ``""`` → None; ValueError when unreadable.

    Read like the report pages read figures: a single comma or dot is the decimal mark, repeated marks
    group thousands, and with both the last one is the decimal mark.
    """
    if text is None:
        return None
    text = _SPACES.sub("", str(text))
    if not text:
        return None
    commas, dots = text.count(","), text.count(".")
    mark = group = None
    if commas and dots:
        mark = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if mark == "," else ","
    elif commas == 1 or dots == 1:
        mark = "," if commas else "."
    elif commas or dots:
        group = "," if commas else "."
    whole, _sep, fraction = text.partition(mark) if mark else (text, "", "")
    if mark and mark in fraction:
        raise ValueError(text)
    if group:
        if not re.fullmatch(rf"[+-]?\d{{1,3}}(\{group}\d{{3}})+", whole):
            raise ValueError(text)
        whole = whole.replace(group, "")
    plain = f"{whole}.{fraction}" if mark else whole
    if not _PLAIN.fullmatch(plain) or len(plain) > NUMBER_MAX:
        raise ValueError(text)
    try:
        number = Decimal(plain)
    except InvalidOperation:
        raise ValueError(text) from None
    return format(number.normalize(), "f") if number != 0 else "0"


def used_definitions(include_drafts: bool = False):
    """``(regime, definition)`` of every version of every regime (drafts only when asked)."""
    stmt = select(Regime)
    if not include_drafts:
        stmt = stmt.where(Regime.status != STATUS_DRAFT)
    for regime in db.session.scalars(stmt.order_by(Regime.code)):
        for version in regime.versions:
            yield regime, version.definition or {}


def _codes_of(definition: dict) -> set[str]:
    codes = {row.get("indicator") for table in definition.get("tables", []) or []
             for row in table.get("rows", []) or [] if isinstance(row, dict)}
    codes.update(code for code in definition.get("published", []) or [] if isinstance(code, str))
    return codes


def indicator_usage(indicator: Indicator, include_drafts: bool = True) -> list[Regime]:
    """Regimes with a version whose tables (or published figures) use ``indicator``, by code."""
    found: dict[int, Regime] = {}
    for regime, definition in used_definitions(include_drafts):
        if indicator.code in _codes_of(definition):
            found[regime.id] = regime
    return list(found.values())


def dimension_usage(dimension: Dimension, include_drafts: bool = True) -> list[Regime]:
    found: dict[int, Regime] = {}
    for regime, definition in used_definitions(include_drafts):
        if any(table.get("dimension") == dimension.code for table in definition.get("tables", []) or []):
            found[regime.id] = regime
    return list(found.values())


def _save(obj, action: str, summary: str, user) -> None:
    try:
        db.session.add(obj)
        db.session.flush()
        audit.record(action, object_type=obj.__tablename__, object_id=obj.id, summary=summary, actor=user)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise LibraryError(_("Mã này vừa được người khác dùng; tải lại trang và chọn mã khác.")) from None
    except Exception:
        db.session.rollback()
        raise
    finally:
        fields.forget()


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).strip()


# ---------------------------------------------------------------------------------------------- dimensions


def _category_key(label: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")[:20].rstrip("_")
    return key if key and key[0].isalpha() else f"c_{key}"[:20].rstrip("_")


def clean_categories(categories) -> tuple[list[dict], list[str]]:
    """Categories as stored (``[{"key", "label"}]``) and the problems found; a missing key is made from
    the label (``Nữ`` → ``nu``)."""
    problems, out, seen = [], [], set()
    for position, item in enumerate(categories or [], start=1):
        item = item if isinstance(item, dict) else {"label": str(item)}
        label = str(item.get("label") or "").strip()
        key = str(item.get("key") or "").strip() or (_category_key(label) if label else "")
        if not label and not key:
            continue
        if not label:
            problems.append(_("Nhóm thứ %(n)d (mã %(key)s) chưa có tên.", n=position, key=key))
        elif len(label) > CATEGORY_LABEL_MAX:
            problems.append(_("Tên nhóm «%(label)s» dài quá %(max)d ký tự.", label=label[:40], max=CATEGORY_LABEL_MAX))
        if not formulas.COLUMN_RE.fullmatch(key) or key == fields.TOTAL:
            problems.append(_("Mã nhóm «%(key)s» không hợp lệ: viết thường không dấu, bắt đầu bằng chữ cái, chỉ gồm "
                              "chữ, số và dấu gạch dưới, tối đa 20 ký tự, khác «total» (ví dụ nam, thanh_thi).",
                              key=key))
        elif key in seen:
            problems.append(_("Mã nhóm «%(key)s» bị trùng.", key=key))
        seen.add(key)
        out.append({"key": key, "label": label})
    if not out:
        problems.append(_("Phân tổ phải có ít nhất một nhóm (ví dụ Nam, Nữ)."))
    elif len(out) > CATEGORIES_MAX:
        problems.append(_("Phân tổ có tối đa %(max)d nhóm.", max=CATEGORIES_MAX))
    return out, problems


def _dimension_name(name: str) -> tuple[str, list[str]]:
    name = (name or "").strip()
    if not name:
        return name, [_("Nhập tên phân tổ.")]
    if len(name) > DIMENSION_NAME_MAX:
        return name, [_("Tên phân tổ dài quá %(max)d ký tự.", max=DIMENSION_NAME_MAX)]
    return name, []


def create_dimension(code, name, categories, user) -> Dimension:
    code = (code or "").strip()
    problems = []
    if not code:
        problems.append(_("Nhập mã phân tổ."))
    elif not DIMENSION_CODE_RE.fullmatch(code):
        problems.append(_("Mã phân tổ «%(code)s» không hợp lệ: viết thường không dấu, bắt đầu bằng chữ cái, chỉ gồm "
                          "chữ, số và dấu gạch dưới, tối đa 20 ký tự (ví dụ gioi_tinh).", code=code))
    elif db.session.scalar(select(Dimension.id).where(Dimension.code == code)) is not None:
        problems.append(_("Mã phân tổ «%(code)s» đã có.", code=code))
    name, name_problems = _dimension_name(name)
    cleaned, category_problems = clean_categories(categories)
    problems += name_problems + category_problems
    if problems:
        raise LibraryError(problems)
    dimension = Dimension(code=code, name=name, categories=cleaned)
    _save(dimension, "provincial_reports.dimension.create",
          f"Thêm phân tổ {code} — {name} ({', '.join(c['label'] for c in cleaned)})", user)
    return dimension


def update_dimension(dimension: Dimension, name, categories, user) -> Dimension:
    """Rename the dimension or its categories, add categories; a category used by a table of a regime
    in force or retired cannot be removed (its reports hold figures for it)."""
    name, problems = _dimension_name(name)
    cleaned, category_problems = clean_categories(categories)
    problems += category_problems
    removed = {c["key"] for c in dimension.categories or []} - {c["key"] for c in cleaned}
    if removed and not category_problems:
        users = dimension_usage(dimension, include_drafts=False)
        if users:
            problems.append(_("Không bỏ được nhóm %(keys)s: phân tổ đang dùng trong chế độ báo cáo %(regimes)s đã "
                              "áp dụng; số liệu đã nhập theo các nhóm này phải giữ nguyên.",
                              keys=", ".join(sorted(removed)), regimes=", ".join(r.code for r in users)))
    if problems:
        raise LibraryError(problems)
    dimension.name = name
    dimension.categories = cleaned
    _save(dimension, "provincial_reports.dimension.update",
          f"Sửa phân tổ {dimension.code} — {name} ({', '.join(c['label'] for c in cleaned)})", user)
    return dimension


# ---------------------------------------------------------------------------------------------- indicators

_FIELDS = ("code", "name", "concept", "method", "unit_of_measure", "data_type", "aggregate", "plausible_min",
           "plausible_max", "allow_negative", "active")


def _clean_indicator(data: dict, current: Indicator | None) -> tuple[dict, list[str]]:
    problems = []
    values = {}
    code = _text(data, "code").upper() if "code" in data or current is None else current.code
    values["code"] = code
    if not formulas.INDICATOR_RE.fullmatch(code):
        problems.append(_("Mã chỉ tiêu «%(code)s» không hợp lệ: chữ in hoa không dấu, bắt đầu bằng chữ cái, chỉ gồm "
                          "chữ, số và dấu gạch dưới, tối đa 20 ký tự (ví dụ DS01).", code=code))
    else:
        taken = select(Indicator.id).where(func.upper(Indicator.code) == code)
        if current is not None:
            taken = taken.where(Indicator.id != current.id)
        if db.session.scalar(taken) is not None:
            problems.append(_("Mã chỉ tiêu «%(code)s» đã có trong thư viện.", code=code))

    def given(name):
        return _text(data, name) if name in data or current is None else getattr(current, name)

    values["name"] = given("name")
    if not values["name"]:
        problems.append(_("Nhập tên chỉ tiêu."))
    elif len(values["name"]) > NAME_MAX:
        problems.append(_("Tên chỉ tiêu dài quá %(max)d ký tự.", max=NAME_MAX))
    values["concept"], values["method"] = given("concept") or "", given("method") or ""
    values["unit_of_measure"] = given("unit_of_measure") or ""
    if len(values["unit_of_measure"]) > UNIT_MAX:
        problems.append(_("Đơn vị tính dài quá %(max)d ký tự.", max=UNIT_MAX))
    values["data_type"] = given("data_type") or "integer"
    if values["data_type"] not in DATA_TYPES:
        problems.append(_("Kiểu dữ liệu «%(value)s» không có; chọn một trong các kiểu của danh sách.",
                          value=values["data_type"]))
    values["aggregate"] = given("aggregate") or "sum"
    if values["aggregate"] not in AGGREGATES:
        problems.append(_("Cách tổng hợp «%(value)s» không có; chọn một trong các cách của danh sách.",
                          value=values["aggregate"]))
    elif values["aggregate"] in ("sum", "mean", "max") and values["data_type"] == "text":
        problems.append(_("Chỉ tiêu kiểu văn bản không cộng hay tính trung bình được; chọn cách tổng hợp "
                          "«Không tổng hợp»."))
    for name, label in (("plausible_min", _("Giá trị thường gặp nhỏ nhất")),
                        ("plausible_max", _("Giá trị thường gặp lớn nhất"))):
        raw = data.get(name) if name in data or current is None else getattr(current, name)
        try:
            values[name] = parse_number(raw)
        except ValueError:
            values[name] = None
            problems.append(_("«%(label)s»: nhập một số, dùng dấu phẩy cho phần thập phân, ví dụ 1,5.", label=label))
    low, high = values["plausible_min"], values["plausible_max"]
    if low is not None and high is not None and Decimal(low) > Decimal(high):
        problems.append(_("Giá trị thường gặp nhỏ nhất lớn hơn giá trị lớn nhất."))
    if (low is not None or high is not None) and values["data_type"] in ("text", "boolean"):
        problems.append(_("Khoảng giá trị thường gặp chỉ dùng cho chỉ tiêu dạng số."))
    for name, default in (("allow_negative", False), ("active", True)):
        value = data.get(name) if name in data else (getattr(current, name) if current is not None else default)
        values[name] = bool(value)
    return values, problems


def create_indicator(data: dict, user) -> Indicator:
    values, problems = _clean_indicator(data, None)
    if problems:
        raise LibraryError(problems)
    indicator = Indicator(**values)
    _save(indicator, "provincial_reports.indicator.create", f"Thêm chỉ tiêu {indicator.code} — {indicator.name}", user)
    return indicator


def update_indicator(indicator: Indicator, data: dict, user) -> Indicator:
    """Change an indicator; its code, data type and aggregation stay as they are once a regime in force or
    retired uses it (its figures must keep adding up with what units already reported)."""
    values, problems = _clean_indicator(data, indicator)
    frozen = [name for name in ("code", "data_type", "aggregate") if values[name] != getattr(indicator, name)]
    if frozen and not problems:
        users = indicator_usage(indicator, include_drafts=False)
        if users:
            problems.append(_("Chỉ tiêu %(code)s đang dùng trong chế độ báo cáo %(regimes)s đã áp dụng: không đổi "
                              "được mã, kiểu dữ liệu hay cách tổng hợp (số liệu các kỳ phải cộng dồn được). Hãy tạo "
                              "chỉ tiêu mới nếu cần.", code=indicator.code,
                              regimes=", ".join(r.code for r in users)))
        elif "code" in frozen and indicator_usage(indicator):
            problems.append(_("Chỉ tiêu %(code)s đang dùng trong chế độ báo cáo dự thảo %(regimes)s; bỏ chỉ tiêu "
                              "khỏi các chế độ đó trước khi đổi mã.", code=indicator.code,
                              regimes=", ".join(r.code for r in indicator_usage(indicator))))
    if problems:
        raise LibraryError(problems)
    for name in _FIELDS:
        setattr(indicator, name, values[name])
    _save(indicator, "provincial_reports.indicator.update", f"Sửa chỉ tiêu {indicator.code} — {indicator.name}", user)
    return indicator


def format_number(plain: str | None) -> str:
    """``"1234.5"`` → ``"1234,5"`` (how the forms show a stored bound)."""
    return "" if plain is None else plain.replace(".", ",")
