"""Building report regimes (RPT-02, QĐ 09/2024/QĐ-UBND Đ8, ND 09/2019 Đ11): metadata, content versions,
and the life of a regime (draft → active → retired).

A regime's content (outline, tables, formulas, published figures) is the ``definition`` of a
:class:`RegimeVersion`, and every version is its own report type. While nobody has reported under the
latest version it is edited in place; once units have reported, a change becomes a new version that
applies from a period on, so the reports already made keep the report type (the fields) they were entered
with. A regime units have reported under is never deleted, only retired.

Every function that changes something checks everything first and raises :class:`RegimeError` listing
every problem (nothing is written), then commits and calls :func:`fields.forget`. Permissions are the
pages' business (``provincial_reports.regime.manage``).
"""
import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from platform_core import audit
from platform_core.extensions import db
from platform_core.obligations import periods
from platform_core.obligations.models import Obligation
from platform_core.obligations.rules import PERIOD_KINDS, Periodic
from platform_core.timeutil import format_date, parse_date
from platform_core.units.models import Unit
from platform_core.workflow.models import Submission
from plugins.provincial_reports import fields, formulas
from plugins.provincial_reports.models import (
    KIND_ADHOC,
    KIND_CENTRAL,
    KIND_PERIODIC,
    KINDS,
    STATUS_ACTIVE,
    STATUS_DRAFT,
    STATUS_RETIRED,
    Regime,
    RegimeVersion,
)

ADHOC = "adhoc"
FREQUENCIES = (*PERIOD_KINDS, ADHOC)
CODE_RE = re.compile(r"[A-Z0-9][A-Z0-9_.\-]{0,29}")
KEY_RE = re.compile(r"[a-z0-9][a-z0-9_]{0,29}")
NAME_MAX, LEGAL_NUMBER_MAX, METHOD_MAX, TITLE_MAX, GUIDANCE_MAX = 255, 80, 255, 255, 5000
NOTE_MAX = 255
TABLES_MAX, ROWS_MAX, SECTIONS_MAX = 50, 500, 100
DUE_FIELDS = ("due_day", "due_days", "due_working_days")

KIND_LABELS = {KIND_CENTRAL: _l("Báo cáo theo yêu cầu của Trung ương"),
               KIND_PERIODIC: _l("Báo cáo định kỳ của tỉnh"),
               KIND_ADHOC: _l("Báo cáo chuyên đề, đột xuất")}
STATUS_LABELS = {STATUS_DRAFT: _l("Dự thảo"), STATUS_ACTIVE: _l("Đang áp dụng"), STATUS_RETIRED: _l("Ngừng áp dụng")}
FREQUENCY_LABELS = {
    "month": _l("Hằng tháng (chốt số liệu từ ngày 15 tháng trước đến ngày 14)"),
    "quarter": _l("Hằng quý (chốt số liệu từ ngày 15 tháng trước quý đến ngày 14 tháng cuối quý)"),
    "half": _l("6 tháng (chốt số liệu từ ngày 15/12 năm trước đến 14/6 và từ 15/6 đến 14/12)"),
    "year": _l("Hằng năm (chốt số liệu từ ngày 15/12 năm trước đến ngày 14/12)"),
    "calendar_month": _l("Hằng tháng (theo tháng dương lịch)"),
    "calendar_quarter": _l("Hằng quý (theo quý dương lịch)"),
    "calendar_half": _l("6 tháng (theo nửa năm dương lịch)"),
    "calendar_year": _l("Hằng năm (theo năm dương lịch)"),
    ADHOC: _l("Đột xuất (một lần, có hạn nộp riêng)"),
}
PERIOD_EXAMPLES = {"month": "2026-07", "quarter": "2026-Q3", "half": "2026-H2", "year": "2026"}
_PERIOD_PATTERNS = {"month": re.compile(r"(\d{4})-(\d{2})"), "quarter": re.compile(r"(\d{4})-Q(\d)"),
                    "half": re.compile(r"(\d{4})-H(\d)"), "year": re.compile(r"(\d{4})")}


class RegimeError(ValueError):
    """What prevents the change; ``problems`` lists every one (Vietnamese)."""

    def __init__(self, problems):
        problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(problems))
        self.problems = problems


# ---------------------------------------------------------------------------------------------- periods


def period_example(frequency: str) -> str:
    if frequency == ADHOC:
        return "01/07/2026"
    return PERIOD_EXAMPLES.get((frequency or "").removeprefix(periods.CALENDAR_PREFIX), "2026-07")


def _parse_period(frequency: str, key: str) -> tuple[str, date]:
    """``(canonical key, first day of its window)``; ValueError when ``key`` is no period of ``frequency``."""
    key = (key or "").strip().upper()
    if frequency == ADHOC:
        day = parse_date(key)
        return day.isoformat(), day
    base = frequency.removeprefix(periods.CALENDAR_PREFIX)
    match = _PERIOD_PATTERNS[base].fullmatch(key)
    if match is None:
        raise ValueError(key)
    year = int(match[1])
    index = int(match[2]) if base != "year" else None
    canonical = periods.period_key(frequency, year, index)
    return canonical, periods.cutoff_window(frequency, year, index)[0]


def period_start(frequency: str, key: str) -> date:
    """The first day of period ``key``, read as a period of ``frequency`` or, when it is written as another
    kind of period (``2026-Q3``, a date ``2026-01-28``), as that kind."""
    try:
        return _parse_period(frequency, key)[1]
    except (ValueError, KeyError):
        pass
    for kind in periods.KINDS:
        if kind.startswith(periods.CALENDAR_PREFIX):
            try:
                return _parse_period(kind, key)[1]
            except ValueError:
                continue
    try:
        return parse_date(key)
    except ValueError:
        raise ValueError(_("Kỳ báo cáo «%(key)s» không đọc được.", key=key)) from None


def version_for_period(regime: Regime, period_key: str) -> RegimeVersion | None:
    """The version that applies to ``period_key``: the latest whose ``valid_from`` is not after it (None is
    from the beginning). ValueError (Vietnamese) when the period cannot be read."""
    start = period_start(regime.frequency, period_key)
    found = None
    for version in sorted(regime.versions, key=lambda v: v.number):
        if version.valid_from is None or period_start(regime.frequency, version.valid_from) <= start:
            found = version
    return found


# ---------------------------------------------------------------------------------------------- words


def deadline_words(regime: Regime) -> str:
    """The deadline as an officer would say it: "ngày 20 của tháng sau kỳ báo cáo", "05 ngày làm việc…"."""
    if regime.frequency == ADHOC:
        if regime.adhoc_due_date is None:
            return _("Đột xuất, chưa có hạn nộp")
        return _("Đột xuất, hạn nộp %(day)s", day=format_date(regime.adhoc_due_date))
    if regime.due_days:
        return _("%(n)s ngày sau ngày chốt số liệu (ngày cuối là ngày nghỉ thì lùi sang ngày làm việc tiếp theo)",
                 n=f"{regime.due_days:02d}")
    if regime.due_working_days:
        return _("%(n)s ngày làm việc sau ngày chốt số liệu", n=f"{regime.due_working_days:02d}")
    day = regime.due_day or 20
    nd09 = regime.frequency in ("month", "quarter", "half", "year")
    offset = (0 if nd09 and day > 14 else 1) + (regime.due_months_later or 0)
    if offset == 0:
        return _("Ngày %(day)s của tháng cuối kỳ báo cáo", day=day)
    if offset == 1:
        return _("Ngày %(day)s của tháng liền sau kỳ báo cáo", day=day)
    return _("Ngày %(day)s của tháng thứ %(n)s sau kỳ báo cáo", day=day, n=offset)


def frequency_label(frequency: str) -> str:
    return str(FREQUENCY_LABELS.get(frequency, frequency))


# ---------------------------------------------------------------------------------------------- submissions


def has_submissions(version: RegimeVersion) -> bool:
    return bool(db.session.scalar(select(exists().where(Submission.report_type_key == version.report_type_key))))


def submission_counts(regime: Regime) -> dict[int, int]:
    """``{version number: how many reports}``."""
    keys = {v.report_type_key: v.number for v in regime.versions}
    if not keys:
        return {}
    rows = db.session.execute(select(Submission.report_type_key, func.count()).where(
        Submission.report_type_key.in_(keys)).group_by(Submission.report_type_key)).all()
    counts = {number: 0 for number in keys.values()}
    counts.update({keys[key]: count for key, count in rows})
    return counts


def _reported_periods(version: RegimeVersion) -> list[str]:
    return [key for key in db.session.scalars(select(Submission.period_key).where(
        Submission.report_type_key == version.report_type_key).distinct()) if key]


# ---------------------------------------------------------------------------------------------- metadata


def _int_or_none(value, label, problems) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        problems.append(_("«%(label)s»: nhập một số nguyên.", label=label))
        return None
    return number


def _date_or_none(value, label, problems) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    try:
        return parse_date(str(value))
    except ValueError:
        problems.append(_("«%(label)s»: ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.", label=label))
        return None


def _clean_regime(data: dict, current: Regime | None) -> tuple[dict, list[str]]:
    problems: list[str] = []

    def given(name, default=None):
        if name in data:
            return data[name]
        return getattr(current, name) if current is not None else default

    def text(name, default=""):
        value = given(name, default)
        return "" if value is None else str(value).strip()

    values = {"code": text("code").upper(), "name": text("name"), "kind": text("kind", KIND_PERIODIC),
              "content": text("content"), "legal_number": text("legal_number"),
              "sending_method": text("sending_method"), "instructions": text("instructions"),
              "frequency": text("frequency", "calendar_month")}
    if not values["code"]:
        problems.append(_("Nhập mã chế độ báo cáo."))
    elif not CODE_RE.fullmatch(values["code"]):
        problems.append(_("Mã chế độ báo cáo «%(code)s» không hợp lệ: chữ không dấu, số, dấu gạch ngang, gạch dưới "
                          "hoặc dấu chấm, tối đa 30 ký tự (ví dụ LDVL-QUY).", code=values["code"]))
    else:
        taken = select(Regime.id).where(Regime.code == values["code"])
        if current is not None:
            taken = taken.where(Regime.id != current.id)
        if db.session.scalar(taken) is not None:
            problems.append(_("Mã chế độ báo cáo «%(code)s» đã có.", code=values["code"]))
    if not values["name"]:
        problems.append(_("Nhập tên báo cáo."))
    elif len(values["name"]) > NAME_MAX:
        problems.append(_("Tên báo cáo dài quá %(max)d ký tự.", max=NAME_MAX))
    if values["kind"] not in KINDS:
        problems.append(_("Chọn loại chế độ báo cáo trong danh sách."))
    if len(values["legal_number"]) > LEGAL_NUMBER_MAX:
        problems.append(_("Số văn bản quy định dài quá %(max)d ký tự.", max=LEGAL_NUMBER_MAX))
    if len(values["sending_method"]) > METHOD_MAX:
        problems.append(_("Phương thức gửi, nhận báo cáo dài quá %(max)d ký tự.", max=METHOD_MAX))
    values["legal_date"] = _date_or_none(given("legal_date"), _("Ngày ban hành văn bản"), problems)
    receiving = given("receiving_unit_id")
    values["receiving_unit_id"] = _int_or_none(receiving, _("Cơ quan nhận báo cáo"), problems)
    if values["receiving_unit_id"] is not None and db.session.get(Unit, values["receiving_unit_id"]) is None:
        problems.append(_("Cơ quan nhận báo cáo không có trong danh sách đơn vị."))
        values["receiving_unit_id"] = None
    values["lead_unit_id"] = _int_or_none(given("lead_unit_id"), _("Đơn vị chủ trì tổng hợp"), problems)
    if values["lead_unit_id"] is not None and db.session.get(Unit, values["lead_unit_id"]) is None:
        problems.append(_("Đơn vị chủ trì tổng hợp không có trong danh sách đơn vị."))
        values["lead_unit_id"] = None
    for name in ("requires_signature", "consolidates"):
        values[name] = bool(given(name, True))
    problems += _clean_deadline(values, given)
    if current is not None and values["frequency"] != current.frequency and not problems:
        if len(current.versions) > 1 or any(submission_counts(current).values()):
            problems.append(_("Chế độ báo cáo đã có đơn vị gửi báo cáo theo tần suất hiện tại; không đổi được tần "
                              "suất. Hãy cho ngừng áp dụng và tạo chế độ báo cáo mới."))
    return values, problems


def _clean_deadline(values: dict, given) -> list[str]:
    """Frequency and deadline (Đ11.2: thời hạn gửi báo cáo), checked as the obligation rule will be built."""
    problems: list[str] = []
    frequency = values["frequency"]
    labels = {"due_day": _("Hạn nộp: ngày trong tháng"), "due_months_later": _("Số tháng lùi hạn"),
              "due_days": _("Hạn nộp: số ngày sau ngày chốt số liệu"),
              "due_working_days": _("Hạn nộp: số ngày làm việc sau ngày chốt số liệu")}
    numbers = {name: _int_or_none(given(name), labels[name], problems) for name in labels}
    values.update({name: None for name in DUE_FIELDS}, due_months_later=0, adhoc_due_date=None)
    if frequency not in FREQUENCIES:
        return [*problems, _("Chọn tần suất báo cáo trong danh sách.")]
    if frequency == ADHOC:
        values["adhoc_due_date"] = _date_or_none(given("adhoc_due_date"), _("Hạn nộp báo cáo đột xuất"), problems)
        if values["adhoc_due_date"] is None and not problems:
            problems.append(_("Báo cáo đột xuất phải có hạn nộp (dd/mm/yyyy)."))
        return problems
    chosen = [name for name in DUE_FIELDS if numbers[name] is not None]
    if problems:
        return problems
    if len(chosen) != 1:
        return [_("Chọn đúng một cách tính hạn nộp: ngày trong tháng, số ngày hoặc số ngày làm việc sau ngày chốt "
                  "số liệu.")]
    months_later = numbers["due_months_later"] or 0
    if months_later and chosen[0] != "due_day":
        return [_("Số tháng lùi hạn chỉ dùng cùng với hạn nộp theo ngày trong tháng.")]
    try:
        Periodic(f"{fields.KEY}.regime_check", values["name"] or "check", frequency,
                 **{chosen[0]: numbers[chosen[0]]}, due_months_later=months_later)
    except ValueError:
        if chosen[0] == "due_day":
            return [_("Ngày trong tháng của hạn nộp phải từ 1 đến 31; số tháng lùi hạn từ 0 trở lên.")]
        return [_("Số ngày của hạn nộp phải là số nguyên từ 1 trở lên.")]
    values[chosen[0]] = numbers[chosen[0]]
    values["due_months_later"] = months_later
    return []


def empty_definition() -> dict:
    return {"outline": [], "tables": [], "published": []}


def _commit(action: str, regime: Regime, summary: str, user) -> None:
    try:
        db.session.flush()
        audit.record(action, object_type=Regime.__tablename__, object_id=regime.id, summary=summary, actor=user)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RegimeError(_("Người khác vừa lưu chế độ báo cáo này (hoặc một chế độ cùng mã); tải lại trang và "
                            "thử lại.")) from None
    except Exception:
        db.session.rollback()
        raise
    finally:
        fields.forget()


def create_regime(data: dict, user) -> Regime:
    """A draft regime with version 1 and an empty definition."""
    values, problems = _clean_regime(data, None)
    if problems:
        raise RegimeError(problems)
    creator = getattr(user, "id", None)
    regime = Regime(**values, status=STATUS_DRAFT, created_by_id=creator)
    regime.versions.append(RegimeVersion(number=1, definition=empty_definition(), created_by_id=creator))
    db.session.add(regime)
    _commit("provincial_reports.regime.create", regime, f"Tạo chế độ báo cáo {regime.code} — {regime.name}", user)
    return regime


def update_regime(regime: Regime, data: dict, user) -> Regime:
    values, problems = _clean_regime(data, regime)
    if problems:
        raise RegimeError(problems)
    for name, value in values.items():
        setattr(regime, name, value)
    _commit("provincial_reports.regime.update", regime, f"Sửa thông tin chế độ báo cáo {regime.code}", user)
    return regime


# ---------------------------------------------------------------------------------------------- definition


def _read_definition(definition) -> tuple[dict, list[str]]:
    """The definition in its stored shape (keys stripped, codes upper-cased) and the problems of shape."""
    if not isinstance(definition, dict):
        return empty_definition(), [_("Nội dung chế độ báo cáo không đọc được.")]
    problems: list[str] = []

    def items(value, what):
        if value is None:
            return []
        if not isinstance(value, list):
            problems.append(_("Phần «%(what)s» của chế độ báo cáo không đọc được.", what=what))
            return []
        return value

    def text(item, name):
        value = item.get(name)
        return "" if value is None else str(value).strip()

    outline = []
    for section in items(definition.get("outline"), "outline"):
        if not isinstance(section, dict):
            problems.append(_("Một mục đề cương không đọc được."))
            continue
        outline.append({"key": text(section, "key"), "title": text(section, "title"),
                        "guidance": text(section, "guidance"), "required": bool(section.get("required"))})
    tables = []
    for table in items(definition.get("tables"), "tables"):
        if not isinstance(table, dict):
            problems.append(_("Một biểu số liệu không đọc được."))
            continue
        rows = []
        for row in items(table.get("rows"), "rows"):
            if isinstance(row, str):
                row = {"indicator": row.rstrip("*").strip(), "required": row.strip().endswith("*")}
            if not isinstance(row, dict):
                problems.append(_("Một dòng chỉ tiêu không đọc được."))
                continue
            rows.append({"indicator": text(row, "indicator").upper(), "required": bool(row.get("required"))})
        texts = [" ".join(str(f).split()) for f in items(table.get("formulas"), "formulas")]
        tables.append({"key": text(table, "key"), "title": text(table, "title"),
                       "dimension": text(table, "dimension") or None, "rows": rows,
                       "formulas": [f for f in texts if f]})
    published = list(dict.fromkeys(str(code).strip().upper()
                                   for code in items(definition.get("published"), "published") if str(code).strip()))
    return {"outline": outline, "tables": tables, "published": published}, problems


def _check_sections(outline: list[dict]) -> list[str]:
    problems, seen = [], set()
    if len(outline) > SECTIONS_MAX:
        problems.append(_("Đề cương có tối đa %(max)d mục.", max=SECTIONS_MAX))
    for position, section in enumerate(outline, start=1):
        key, name = section["key"], section["title"] or section["key"] or str(position)
        if not key:
            problems.append(_("Mục đề cương thứ %(n)d chưa có mã.", n=position))
        elif not KEY_RE.fullmatch(key):
            problems.append(_("Mã mục đề cương «%(key)s» không hợp lệ: chữ thường không dấu, số, dấu gạch dưới, tối "
                              "đa 30 ký tự (ví dụ s1).", key=key))
        elif key in seen:
            problems.append(_("Mã mục đề cương «%(key)s» bị trùng.", key=key))
        seen.add(key)
        if not section["title"]:
            problems.append(_("Mục đề cương «%(name)s» chưa có tiêu đề.", name=name))
        elif len(section["title"]) > TITLE_MAX:
            problems.append(_("Tiêu đề mục đề cương «%(name)s» dài quá %(max)d ký tự.", name=key, max=TITLE_MAX))
        if len(section["guidance"]) > GUIDANCE_MAX:
            problems.append(_("Hướng dẫn của mục đề cương «%(name)s» dài quá %(max)d ký tự.", name=name,
                              max=GUIDANCE_MAX))
    return problems


def _check_tables(tables: list[dict], indicators: dict, dimensions: dict) -> list[str]:
    problems, seen, where = [], set(), {}
    if len(tables) > TABLES_MAX:
        problems.append(_("Chế độ báo cáo có tối đa %(max)d biểu.", max=TABLES_MAX))
    for position, table in enumerate(tables, start=1):
        key = table["key"]
        name = table["title"] or key or str(position)
        if not key:
            problems.append(_("Biểu thứ %(n)d chưa có mã.", n=position))
        elif not KEY_RE.fullmatch(key):
            problems.append(_("Mã biểu «%(key)s» không hợp lệ: chữ thường không dấu, số, dấu gạch dưới, tối đa 30 "
                              "ký tự (ví dụ b1).", key=key))
        elif key in seen:
            problems.append(_("Mã biểu «%(key)s» bị trùng.", key=key))
        seen.add(key)
        if not table["title"]:
            problems.append(_("Biểu «%(name)s» chưa có tên.", name=name))
        elif len(table["title"]) > TITLE_MAX:
            problems.append(_("Tên biểu «%(name)s» dài quá %(max)d ký tự.", name=key, max=TITLE_MAX))
        if table["dimension"] and table["dimension"] not in dimensions:
            problems.append(_("Biểu «%(name)s»: phân tổ «%(dimension)s» không có trong thư viện.", name=name,
                              dimension=table["dimension"]))
        if not table["rows"]:
            problems.append(_("Biểu «%(name)s» chưa có chỉ tiêu nào.", name=name))
        elif len(table["rows"]) > ROWS_MAX:
            problems.append(_("Biểu «%(name)s» có tối đa %(max)d chỉ tiêu.", name=name, max=ROWS_MAX))
        for row in table["rows"]:
            code = row["indicator"]
            if code not in indicators:
                problems.append(_("Biểu «%(name)s»: chỉ tiêu «%(code)s» không có trong thư viện chỉ tiêu.",
                                  name=name, code=code))
            elif code in where:
                problems.append(_("Chỉ tiêu %(code)s có hai lần trong chế độ báo cáo (biểu «%(first)s» và "
                                  "«%(second)s»); mỗi chỉ tiêu chỉ có một dòng.", code=code, first=where[code],
                                  second=name))
            else:
                where[code] = name
    return problems


def _check_formulas(definition: dict, indicators: dict, dimensions: dict) -> list[str]:
    texts = [text for table in definition["tables"] for text in table["formulas"]]
    if not texts:
        return []
    problems = [error.message for error in formulas.problems(texts, fields.cells(definition, dimensions))]
    for text in texts:
        try:
            formula = formulas.parse(text)
        except formulas.FormulaError:
            continue
        for cell in (formula.target, *formula.references):
            indicator = indicators.get(cell.split(".", 1)[0])
            if indicator is not None and indicator.data_type in ("text", "boolean"):
                problems.append(_("Công thức «%(formula)s» dùng ô %(cell)s của chỉ tiêu không phải dạng số.",
                                  formula=text, cell=cell))
    return problems


def _check_published(definition: dict, indicators: dict) -> list[str]:
    in_tables = {row["indicator"] for table in definition["tables"] for row in table["rows"]}
    problems = []
    for code in definition["published"]:
        if code not in indicators:
            problems.append(_("Chỉ tiêu công bố «%(code)s» không có trong thư viện chỉ tiêu.", code=code))
        elif code not in in_tables:
            problems.append(_("Chỉ tiêu công bố %(code)s không có trong biểu nào của chế độ báo cáo.", code=code))
    return problems


def normalise_definition(definition) -> dict:
    """The definition in its stored shape (no checks beyond reading it)."""
    return _read_definition(definition)[0]


def check_definition(definition) -> list[str]:
    """Every problem of ``definition`` against the current library, in Vietnamese; empty when it can be
    saved. A formula computing a cell marked required is fine: the cell becomes computed."""
    normalised, problems = _read_definition(definition)
    indicators, dimensions = fields.library()
    problems += _check_sections(normalised["outline"])
    problems += _check_tables(normalised["tables"], indicators, dimensions)
    problems += _check_formulas(normalised, indicators, dimensions)
    problems += _check_published(normalised, indicators)
    return list(dict.fromkeys(problems))


def is_empty(definition: dict) -> bool:
    return not (definition or {}).get("tables") and not (definition or {}).get("outline")


def needs_new_version(regime: Regime) -> bool:
    """Whether saving the definition makes a new version (units already reported under the latest one)."""
    latest = regime.versions[-1] if regime.versions else None
    return latest is not None and regime.status != STATUS_DRAFT and has_submissions(latest)


def _check_valid_from(regime: Regime, previous: RegimeVersion | None, valid_from: str | None,
                      reported: RegimeVersion | None) -> tuple[str | None, list[str]]:
    """The canonical period key ``valid_from``, later than ``previous``'s and than every period reported
    under ``reported``."""
    example = period_example(regime.frequency)
    if not (valid_from or "").strip():
        return None, [_("Đơn vị đã gửi báo cáo theo phiên bản hiện tại: nhập kỳ áp dụng phiên bản mới "
                        "(«Áp dụng từ kỳ», ví dụ %(example)s).", example=example)]
    try:
        key, start = _parse_period(regime.frequency, valid_from)
    except (ValueError, KeyError):
        return None, [_("«Áp dụng từ kỳ» %(value)s không phải là kỳ báo cáo của chế độ này; viết ví dụ %(example)s.",
                        value=valid_from.strip(), example=example)]
    if previous is not None and previous.valid_from is not None and \
            period_start(regime.frequency, previous.valid_from) >= start:
        return None, [_("Kỳ áp dụng phải sau kỳ áp dụng của phiên bản %(n)d (%(key)s).", n=previous.number,
                        key=previous.valid_from)]
    if reported is not None:
        late = [k for k in _reported_periods(reported) if _start_or_none(regime.frequency, k) is not None
                and _start_or_none(regime.frequency, k) >= start]
        if late:
            return None, [_("Kỳ %(periods)s đã có báo cáo theo phiên bản %(n)d; chọn kỳ áp dụng sau các kỳ này.",
                            periods=", ".join(sorted(late)), n=reported.number)]
    return key, []


def _start_or_none(frequency: str, key: str) -> date | None:
    try:
        return period_start(frequency, key)
    except ValueError:
        return None


def save_definition(regime: Regime, definition: dict, user, valid_from: str | None = None,
                    note: str = "") -> RegimeVersion:
    """Check and store the regime's content. Edits the latest version while nobody has reported under it
    (or the regime is a draft); otherwise adds version n+1 applying from ``valid_from`` (a period key of
    the regime's frequency, required then)."""
    if regime.status == STATUS_RETIRED:
        raise RegimeError(_("Chế độ báo cáo đã ngừng áp dụng; không sửa nội dung được."))
    normalised = normalise_definition(definition)
    problems = check_definition(definition)
    if regime.status != STATUS_DRAFT and is_empty(normalised):
        problems.append(_("Chế độ báo cáo đang áp dụng phải có ít nhất một mục đề cương hoặc một biểu số liệu."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        problems.append(_("Ghi chú phiên bản dài quá %(max)d ký tự.", max=NOTE_MAX))
    versions = sorted(regime.versions, key=lambda v: v.number)
    latest = versions[-1] if versions else None
    new = latest is None or needs_new_version(regime)
    key = latest.valid_from if latest is not None else None
    if latest is not None and new:
        key, period_problems = _check_valid_from(regime, latest, valid_from, latest)
        problems += period_problems
    elif latest is not None and latest.number > 1 and (valid_from or "").strip():
        key, period_problems = _check_valid_from(regime, versions[-2], valid_from, versions[-2])
        problems += period_problems
    if problems:
        raise RegimeError(problems)
    creator = getattr(user, "id", None)
    if new:
        version = RegimeVersion(number=(latest.number + 1) if latest else 1, valid_from=key if latest else None,
                                definition=normalised, note=note, created_by_id=creator)
        regime.versions.append(version)
        summary = f"Phiên bản {version.number} của chế độ báo cáo {regime.code}, áp dụng từ kỳ {key}"
    else:
        version = latest
        version.definition = normalised
        version.valid_from = key
        if note:
            version.note = note
        summary = f"Sửa nội dung phiên bản {version.number} của chế độ báo cáo {regime.code}"
    tables, sections = len(normalised["tables"]), len(normalised["outline"])
    _commit("provincial_reports.regime.definition", regime,
            f"{summary}: {sections} mục đề cương, {tables} biểu", user)
    return version


# ---------------------------------------------------------------------------------------------- life


def activate(regime: Regime, user) -> Regime:
    """Draft → in force: its versions become report types units can be asked for."""
    if regime.status != STATUS_DRAFT:
        raise RegimeError(_("Chỉ đưa vào áp dụng được chế độ báo cáo đang là dự thảo."))
    latest = regime.versions[-1] if regime.versions else None
    definition = latest.definition if latest is not None else {}
    if is_empty(definition):
        raise RegimeError(_("Chế độ báo cáo chưa có mục đề cương hay biểu số liệu nào; hãy soạn nội dung "
                            "trước khi đưa vào áp dụng."))
    problems = check_definition(definition)
    if problems:
        raise RegimeError([_("Nội dung chế độ báo cáo còn lỗi; sửa trước khi đưa vào áp dụng:"), *problems])
    regime.status = STATUS_ACTIVE
    _commit("provincial_reports.regime.activate", regime, f"Đưa chế độ báo cáo {regime.code} vào áp dụng", user)
    return regime


def retire(regime: Regime, user) -> Regime:
    """In force → retired: reports and obligations already made stay, no new obligation is generated."""
    if regime.status != STATUS_ACTIVE:
        raise RegimeError(_("Chỉ cho ngừng áp dụng được chế độ báo cáo đang áp dụng."))
    regime.status = STATUS_RETIRED
    _commit("provincial_reports.regime.retire", regime, f"Ngừng áp dụng chế độ báo cáo {regime.code}", user)
    return regime


def may_delete(regime: Regime) -> bool:
    keys = [v.report_type_key for v in regime.versions]
    if not keys:
        return True
    reported = select(exists().where(Submission.report_type_key.in_(keys)))
    handed_in = select(exists().where(Obligation.rule_key.in_(keys), Obligation.submitted_at.is_not(None)))
    return not (db.session.scalar(reported) or db.session.scalar(handed_in))


def _drop_obligations(keys: list[str], user) -> tuple[int, int]:
    """Delete the regime's pending obligations; one something else points to (a reminder sent) is waived
    instead. Returns ``(deleted, waived)``."""
    from platform_core.obligations import service as obligations

    deleted = waived = 0
    for obligation in db.session.scalars(select(Obligation).where(Obligation.rule_key.in_(keys))).all():
        try:
            with db.session.begin_nested():
                db.session.delete(obligation)
            deleted += 1
        except IntegrityError:
            if obligation.status in obligations.PENDING:
                obligations.waive(obligation, user, _("Chế độ báo cáo đã bị xoá."), commit=False)
                waived += 1
    return deleted, waived


def delete_regime(regime: Regime, user) -> None:
    """Delete a regime nobody has reported under, with its versions, assignments and pending obligations."""
    if not may_delete(regime):
        raise RegimeError(_("Chế độ báo cáo đã có đơn vị gửi báo cáo; không xoá được. Hãy cho ngừng áp dụng "
                            "(retire)."))
    keys = [v.report_type_key for v in regime.versions]
    code, name, regime_id = regime.code, regime.name, regime.id
    try:
        deleted, waived = _drop_obligations(keys, user) if keys else (0, 0)
        db.session.delete(regime)
        db.session.flush()
        audit.record("provincial_reports.regime.delete", object_type=Regime.__tablename__, object_id=regime_id,
                     summary=f"Xoá chế độ báo cáo {code} — {name} ({deleted} nghĩa vụ báo cáo xoá, {waived} miễn)",
                     actor=user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    finally:
        fields.forget()
