"""Importing units from CSV, all or nothing.

The file has a header row naming the columns ``code,name,type,parent_code,abbreviation,valid_from,valid_to``
(all but the first three may be left out) and is UTF-8, with or without a byte-order mark. ``valid_from`` and
``valid_to`` are the unit's validity (dd/mm/yyyy or yyyy-mm-dd; empty means open). Every row is checked
before anything is written, and every bad row is reported with its line number; only a file without a single
problem is stored, in one transaction, through :func:`platform_core.units.service.create_units`.
"""
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from platform_core.database import nfc
from platform_core.extensions import db
from platform_core.timeutil import parse_date
from platform_core.units import service
from platform_core.units.models import UNIT_DISSOLVED, Unit, UnitType

REQUIRED_COLUMNS = ("code", "name", "type")
OPTIONAL_COLUMNS = ("parent_code", "abbreviation", "valid_from", "valid_to")


@dataclass
class Row:
    line: int
    code: str
    name: str
    type_code: str
    parent_code: str
    abbreviation: str
    valid_from: str = ""  # as typed in the file; read with _date()
    valid_to: str = ""


@dataclass(frozen=True)
class Problem:
    line: int  # 1 is the header row
    message: str

    def __str__(self):
        return _("Dòng %(line)s: %(message)s", line=self.line, message=self.message)


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _text(data) -> str:
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(_("Tệp không phải UTF-8 (lỗi ở byte thứ %(pos)s). Hãy lưu tệp CSV dạng UTF-8.",
                               pos=exc.start + 1)) from exc
    return data.removeprefix("\ufeff")


def read_rows(data) -> tuple[list[Row], list[Problem]]:
    """Parse ``data`` (bytes or text) into rows, with the problems found in the header and row shapes."""
    try:
        text = _text(data)
    except ValueError as exc:
        return [], [Problem(1, str(exc))]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [Problem(1, _("Tệp rỗng: cần dòng tiêu đề code,name,type,parent_code,abbreviation."))]
    except csv.Error as exc:
        return [], [Problem(1, _("Không đọc được dòng tiêu đề: %(error)s", error=str(exc)))]
    columns = [h.strip().lower() for h in header]
    problems = _header_problems(columns)
    if problems:
        return [], problems
    rows, line = [], reader.line_num
    while True:
        start = line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(start, _("Dòng CSV không hợp lệ: %(error)s", error=str(exc))))
            break
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(columns):
            problems.append(Problem(start, _("Có %(n)s cột, nhiều hơn %(m)s cột của dòng tiêu đề.",
                                             n=len(values), m=len(columns))))
            continue
        record = dict(zip(columns, (nfc(v).strip() for v in values)))
        rows.append(Row(start, record.get("code", ""), record.get("name", ""), record.get("type", ""),
                        record.get("parent_code", ""), record.get("abbreviation", ""),
                        record.get("valid_from", ""), record.get("valid_to", "")))
    return rows, problems


def _header_problems(columns: list[str]) -> list[Problem]:
    known = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    problems = []
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        problems.append(Problem(1, _("Dòng tiêu đề thiếu cột: %(cols)s (cần: %(need)s).",
                                     cols=", ".join(missing), need=",".join(known))))
    unknown = [c for c in columns if c not in known]
    if unknown:
        problems.append(Problem(1, _("Dòng tiêu đề có cột không hỗ trợ: %(cols)s (chỉ dùng: %(need)s).",
                                     cols=", ".join(unknown), need=",".join(known))))
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        problems.append(Problem(1, _("Dòng tiêu đề lặp cột: %(cols)s.", cols=", ".join(duplicated))))
    return problems


def validate(rows: list[Row], may_attach: Callable[[Unit | None], bool] | None = None) -> list[Problem]:
    """Every problem of every row. ``may_attach(parent)`` (None for a new root) says whether the importing
    person may add units there; without it everything may be attached (the CLI is an operator's tool)."""
    problems: list[Problem] = []
    type_codes = set(db.session.scalars(select(UnitType.code))) | set(service.DEFAULT_UNIT_TYPES)
    first_line: dict[str, int] = {}
    for row in rows:
        if row.code and row.code not in first_line:
            first_line[row.code] = row.line
    stored = _stored_units({r.code for r in rows if r.code} | {r.parent_code for r in rows if r.parent_code})
    in_file = {r.code: r for r in rows if r.code and first_line[r.code] == r.line}

    for row in rows:
        reasons = _field_reasons(row, type_codes)
        if row.code and first_line[row.code] != row.line:
            reasons.append(_("Mã '%(code)s' trùng với dòng %(other)s.", code=row.code, other=first_line[row.code]))
        elif row.code in stored:
            reasons.append(_("Mã '%(code)s' đã có trong hệ thống (%(name)s).", code=row.code,
                             name=stored[row.code].name))
        reasons.extend(_parent_reasons(row, in_file, stored, may_attach))
        problems.extend(Problem(row.line, reason) for reason in reasons)
    problems.extend(_cycle_problems(in_file))
    return sorted(problems, key=lambda p: p.line)


def _field_reasons(row: Row, type_codes: set[str]) -> list[str]:
    reasons = []
    if not row.code:
        reasons.append(_("Thiếu mã đơn vị (cột code)."))
    elif problem := service.code_problem(row.code):
        reasons.append(problem)
    if not row.name:
        reasons.append(_("Thiếu tên đơn vị (cột name)."))
    elif problem := service.name_problem(row.name):
        reasons.append(problem)
    if not row.type_code:
        reasons.append(_("Thiếu loại đơn vị (cột type)."))
    elif row.type_code not in type_codes:
        reasons.append(_("Loại đơn vị '%(type)s' không hợp lệ (dùng một trong: %(known)s).",
                         type=row.type_code, known=", ".join(sorted(type_codes))))
    if problem := service.abbreviation_problem(row.abbreviation):
        reasons.append(problem)
    reasons.extend(_validity_reasons(row))
    return reasons


def _date(text: str) -> date | None:
    """A date column's value: None when empty; ValueError when it is not a date."""
    return parse_date(text) if text else None


def _validity_reasons(row: Row) -> list[str]:
    """Unreadable dates, each naming its column; then a validity that ends before it starts."""
    reasons, dates = [], {}
    for column in ("valid_from", "valid_to"):
        value = getattr(row, column)
        try:
            dates[column] = _date(value)
        except ValueError:
            reasons.append(_("Ngày '%(value)s' ở cột %(column)s không hợp lệ: nhập ngày có thật theo dạng "
                             "dd/mm/yyyy (hoặc yyyy-mm-dd).", value=value, column=column))
    if not reasons and (problem := service.validity_problem(dates["valid_from"], dates["valid_to"])):
        reasons.append(problem)
    return reasons


def _parent_reasons(row, in_file, stored, may_attach) -> list[str]:
    if not row.parent_code:
        if may_attach is not None and not may_attach(None):
            return [_("Bạn không có quyền tạo đơn vị cấp cao nhất (cột parent_code để trống).")]
        return []
    if row.parent_code == row.code:
        return [_("Đơn vị không thể là cấp trên của chính nó.")]
    if row.parent_code in in_file:
        return []
    parent = stored.get(row.parent_code)
    if parent is None:
        return [_("Không tìm thấy đơn vị cấp trên có mã '%(code)s' trong tệp hoặc trong hệ thống.",
                  code=row.parent_code)]
    if parent.status == UNIT_DISSOLVED:
        return [_("Đơn vị cấp trên '%(code)s' đã giải thể.", code=row.parent_code)]
    if may_attach is not None and not may_attach(parent):
        return [_("Bạn không có quyền thêm đơn vị vào '%(name)s' (%(code)s).", name=parent.name, code=parent.code)]
    return []


def _cycle_problems(in_file: dict[str, Row]) -> list[Problem]:
    """Rows whose parent chain inside the file loops back on itself (A under B, B under A)."""
    state: dict[str, str] = {}  # code -> "open" while being followed, "done" after
    in_cycle: set[str] = set()
    for start in in_file:
        path = []
        code = start
        while code in in_file and state.get(code) is None:
            state[code] = "open"
            path.append(code)
            parent = in_file[code].parent_code
            code = parent if parent != code else None
        if code in in_file and state.get(code) == "open":
            in_cycle.update(path[path.index(code):])
        for member in path:
            state[member] = "done"
    return [Problem(in_file[c].line, _("Quan hệ cấp trên tạo thành vòng lặp: %(chain)s.",
                                       chain=_chain(in_file, c)))
            for c in sorted(in_cycle, key=lambda c: in_file[c].line)]


def _chain(in_file, code) -> str:
    seen, current = [code], in_file[code].parent_code
    while current != code:
        seen.append(current)
        current = in_file[current].parent_code
    return " → ".join(seen + [code])


def _stored_units(codes: set[str]) -> dict[str, Unit]:
    codes, found = list(codes), {}
    for start in range(0, len(codes), service.BATCH):
        chunk = codes[start:start + service.BATCH]
        found.update((u.code, u) for u in db.session.scalars(select(Unit).where(Unit.code.in_(chunk))))
    return found


def check(data, may_attach=None) -> tuple[list[Row], list[Problem]]:
    """Parse and validate ``data`` (CSV bytes or text) without writing anything."""
    rows, problems = read_rows(data)
    if not problems:
        problems = validate(rows, may_attach)
    if not problems and not rows:
        problems = [Problem(2, _("Tệp không có dòng dữ liệu nào."))]
    return rows, problems


def store(rows: list[Row], progress: Callable[[int], None] | None = None) -> ImportResult:
    """Create the units of checked ``rows`` in one transaction."""
    specs = [service.UnitSpec(r.code, r.name, r.type_code, r.parent_code or None, r.abbreviation or None,
                              _date(r.valid_from), _date(r.valid_to))
             for r in rows]
    try:
        created = service.create_units(specs, progress=progress)
    except service.UnitError as exc:  # the database changed between the check and the write
        return ImportResult(problems=[Problem(0, str(exc))])
    return ImportResult(created=len(created))


def import_units(data, may_attach=None, progress: Callable[[int], None] | None = None) -> ImportResult:
    """Check ``data`` and, only when it has no problem at all, create every unit."""
    rows, problems = check(data, may_attach)
    if problems:
        return ImportResult(problems=problems)
    return store(rows, progress)
