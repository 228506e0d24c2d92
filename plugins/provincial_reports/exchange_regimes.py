"""The ``regimes`` document: export of the library and the regimes, and its all-or-nothing import.

Import rules (docs/provincial-reports-exchange.md §5):

- a dimension or indicator whose code is missing is created; one that exists is kept as it is, but must
  agree with the file (same category keys; same data type and aggregate), else that is a problem;
- a regime is found by its code: missing, it is created with the versions of the file, numbered as in
  the file; present, its metadata is updated and each version of the file is compared with the stored
  version of the same number — equal: nothing; different and no report was entered under it yet: the
  stored version is replaced; different and reports exist: a new version is added (the reports keep the
  version they were entered under), unless the latest stored version already holds that content.
"""
import json
from dataclasses import dataclass, field
from types import SimpleNamespace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from platform_core import audit
from platform_core.extensions import db
from platform_core.units.models import Unit
from platform_core.workflow.models import Submission
from plugins.provincial_reports import fields, formulas, library, regimes
from plugins.provincial_reports.exchange import (
    FREQUENCIES,
    KIND_REGIMES,
    Checker,
    ExchangeError,
    ImportResult,
    Problem,
    describe,
    header,
    join,
    period_problem,
    to_json_numbers,
)
from plugins.provincial_reports.models import (
    AGGREGATES,
    DATA_TYPES,
    KINDS,
    STATUS_ACTIVE,
    STATUS_DRAFT,
    STATUS_RETIRED,
    Dimension,
    Indicator,
    Regime,
    RegimeVersion,
)

STATUSES = (STATUS_DRAFT, STATUS_ACTIVE, STATUS_RETIRED)
DEADLINE_KEYS = ("due_day", "due_days", "due_working_days")
# The codes and keys the library and the regime builder accept, so that what is imported can be edited.
_DIMENSION_CODE = library.DIMENSION_CODE_RE
_REGIME_CODE = regimes.CODE_RE
_KEY = regimes.KEY_RE
_KEY_HINT = _l("chữ thường không dấu, số, dấu gạch dưới, tối đa 30 ký tự, ví dụ s1")


# ---------------------------------------------------------------- export

def _dimension(d: Dimension) -> dict:
    return {"code": d.code, "name": d.name,
            "categories": [{"key": c["key"], "label": c["label"]} for c in (d.categories or [])]}


def _indicator(i: Indicator) -> dict:
    return {"code": i.code, "name": i.name, "concept": i.concept or "", "method": i.method or "",
            "unit_of_measure": i.unit_of_measure or "", "data_type": i.data_type, "aggregate": i.aggregate,
            "plausible_min": i.plausible_min, "plausible_max": i.plausible_max,
            "allow_negative": bool(i.allow_negative)}


def _deadline(r: Regime) -> dict | None:
    if r.due_day is not None:
        return {"due_day": r.due_day, "due_months_later": r.due_months_later or 0}
    if r.due_days is not None:
        return {"due_days": r.due_days}
    if r.due_working_days is not None:
        return {"due_working_days": r.due_working_days}
    return None


def _regime(r: Regime) -> dict:
    return {
        "code": r.code, "name": r.name, "kind": r.kind, "content": r.content or "",
        "legal_basis": {"number": r.legal_number or "",
                        "date": r.legal_date.isoformat() if r.legal_date else None},
        "receiving_unit_code": r.receiving_unit.code if r.receiving_unit is not None else None,
        "lead_unit_code": r.lead_unit.code if r.lead_unit is not None else None,
        "sending_method": r.sending_method or "", "instructions": r.instructions or "",
        "frequency": r.frequency, "deadline": _deadline(r),
        "adhoc_due_date": r.adhoc_due_date.isoformat() if r.adhoc_due_date else None,
        "requires_signature": bool(r.requires_signature), "consolidates": bool(r.consolidates),
        "status": r.status,
        "versions": [{"number": v.number, "valid_from": v.valid_from, "definition": dict(v.definition or {}),
                      "note": v.note or ""} for v in r.versions],
    }


def _used(regimes: list[Regime]) -> tuple[set, set]:
    """Codes of the indicators and dimensions the regimes' versions name."""
    indicators, dimensions = set(), set()
    for regime in regimes:
        for version in regime.versions:
            definition = version.definition or {}
            for table in definition.get("tables", []):
                if table.get("dimension"):
                    dimensions.add(table["dimension"])
                indicators.update(row.get("indicator") for row in table.get("rows", []))
            indicators.update(definition.get("published", []))
    return indicators, dimensions


def export(codes=None) -> dict:
    stmt = select(Regime).order_by(Regime.code)
    if codes:
        codes = list(dict.fromkeys(codes))
        stmt = stmt.where(Regime.code.in_(codes))
    regimes = list(db.session.scalars(stmt))
    if codes:
        missing = sorted(set(codes) - {r.code for r in regimes})
        if missing:
            raise ExchangeError(_("Không có chế độ báo cáo mã %(codes)s.", codes=", ".join(missing)))
    dimension_stmt = select(Dimension).order_by(Dimension.code)
    indicator_stmt = select(Indicator).order_by(Indicator.code)
    if codes:
        used_indicators, used_dimensions = _used(regimes)
        dimension_stmt = dimension_stmt.where(Dimension.code.in_(used_dimensions))
        indicator_stmt = indicator_stmt.where(Indicator.code.in_(used_indicators))
    return {**header(KIND_REGIMES),
            "dimensions": [_dimension(d) for d in db.session.scalars(dimension_stmt)],
            "indicators": [_indicator(i) for i in db.session.scalars(indicator_stmt)],
            "regimes": [_regime(r) for r in regimes]}


# ---------------------------------------------------------------- reading the document

@dataclass
class Plan:
    """What the document asks for, read and checked; written only when there is no problem."""

    dimensions: list[dict] = field(default_factory=list)  # to create
    indicators: list[dict] = field(default_factory=list)  # to create
    regimes: list[dict] = field(default_factory=list)


def _read_dimensions(check: Checker, document: dict, plan: Plan) -> dict:
    """Dimensions of the file checked against the library; returns every known dimension by code (the
    library's and the file's) as objects with ``categories``."""
    known = {d.code: d for d in db.session.scalars(select(Dimension))}
    seen = set()
    for i, node in enumerate(check.array(document, "dimensions", "", required=False)):
        path = join("dimensions", i)
        node = check.obj(node, path)
        if node is None:
            continue
        code = check.text(node, "code", path, required=True, max_length=20, pattern=_DIMENSION_CODE,
                          hint=_("mã phân tổ (chữ thường không dấu, số, _, bắt đầu bằng chữ, tối đa 20 ký tự)"))
        name = check.text(node, "name", path, required=True, max_length=120)
        categories, keys = [], []
        for j, cat in enumerate(check.array(node, "categories", path)):
            cpath = join(join(path, "categories"), j)
            cat = check.obj(cat, cpath)
            if cat is None:
                continue
            key = check.text(cat, "key", cpath, required=True, pattern=formulas.COLUMN_RE,
                             hint=_("mã nhóm viết thường (a-z, số, _), bắt đầu bằng chữ, tối đa 20 ký tự"))
            label = check.text(cat, "label", cpath, required=True, max_length=120)
            if key == fields.TOTAL:
                check.add(join(cpath, "key"), _("«total» dành cho cột tổng số; đặt mã khác cho nhóm này."))
            elif key in keys:
                check.add(join(cpath, "key"), _("nhóm «%(key)s» bị lặp trong phân tổ.", key=key))
            elif key and label:
                keys.append(key)
                categories.append({"key": key, "label": label})
        if not node.get("categories") and isinstance(node.get("categories"), list):
            check.add(join(path, "categories"), _("phân tổ cần ít nhất một nhóm."))
        if code is None:
            continue
        if code in seen:
            check.add(join(path, "code"), _("phân tổ «%(code)s» xuất hiện hai lần trong tệp.", code=code))
            continue
        seen.add(code)
        stored = known.get(code)
        if stored is not None:
            stored_keys = [c["key"] for c in (stored.categories or [])]
            if stored_keys != keys:
                check.add(join(path, "categories"), _(
                    "phân tổ «%(code)s» đã có trong hệ thống với các nhóm %(stored)s; tệp ghi %(given)s. Số liệu "
                    "sẽ không khớp cột; sửa tệp hoặc dùng mã phân tổ khác.", code=code,
                    stored=", ".join(stored_keys) or "—", given=", ".join(keys) or "—"))
        elif name:
            plan.dimensions.append({"code": code, "name": name, "categories": categories})
            known[code] = SimpleNamespace(code=code, categories=categories)
    return known


def _read_indicators(check: Checker, document: dict, plan: Plan) -> dict:
    known = {i.code: i for i in db.session.scalars(select(Indicator))}
    seen = set()
    for i, node in enumerate(check.array(document, "indicators", "", required=False)):
        path = join("indicators", i)
        node = check.obj(node, path)
        if node is None:
            continue
        code = check.text(node, "code", path, required=True, pattern=formulas.INDICATOR_RE,
                          hint=_("mã chỉ tiêu viết hoa (A-Z, số, _), bắt đầu bằng chữ, tối đa 20 ký tự"))
        row = {"code": code,
               "name": check.text(node, "name", path, required=True, max_length=255),
               "concept": check.text(node, "concept", path) or "",
               "method": check.text(node, "method", path) or "",
               "unit_of_measure": check.text(node, "unit_of_measure", path, max_length=60) or "",
               "data_type": check.choice(node, "data_type", path, DATA_TYPES, required=True),
               "aggregate": check.choice(node, "aggregate", path, AGGREGATES, required=True),
               "plausible_min": check.decimal(node, "plausible_min", path),
               "plausible_max": check.decimal(node, "plausible_max", path),
               "allow_negative": check.boolean(node, "allow_negative", path, False)}
        if code is None:
            continue
        if code in seen:
            check.add(join(path, "code"), _("chỉ tiêu «%(code)s» xuất hiện hai lần trong tệp.", code=code))
            continue
        seen.add(code)
        stored = known.get(code)
        if stored is not None:
            for attr, label in (("data_type", _("kiểu dữ liệu")), ("aggregate", _("cách tổng hợp"))):
                if row[attr] is not None and getattr(stored, attr) != row[attr]:
                    check.add(join(path, attr), _(
                        "chỉ tiêu «%(code)s» đã có trong hệ thống với %(what)s «%(stored)s»; tệp ghi «%(given)s». "
                        "Một mã chỉ tiêu chỉ có một định nghĩa (Đ4.4).", code=code, what=label,
                        stored=getattr(stored, attr), given=row[attr]))
        elif None not in (row["name"], row["data_type"], row["aggregate"]):
            plan.indicators.append(row)
            known[code] = SimpleNamespace(**row)
    return known


def _read_outline(check: Checker, definition: dict, path: str) -> None:
    keys = set()
    for i, node in enumerate(check.array(definition, "outline", path, required=False)):
        spath = join(join(path, "outline"), i)
        node = check.obj(node, spath)
        if node is None:
            continue
        key = check.text(node, "key", spath, required=True, pattern=_KEY, hint=_("mã mục (%(hint)s)", hint=_KEY_HINT))
        check.text(node, "title", spath, required=True, max_length=255)
        check.text(node, "guidance", spath)
        check.boolean(node, "required", spath, False)
        if key in keys:
            check.add(join(spath, "key"), _("mục «%(key)s» bị lặp trong đề cương.", key=key))
        keys.add(key)


def _read_tables(check: Checker, definition: dict, path: str, indicators: dict, dimensions: dict) -> list:
    """Checks the tables; returns ``[(path of the formula, text)]`` for the formula check."""
    table_keys, rows_seen, texts = set(), {}, []
    for t, table in enumerate(check.array(definition, "tables", path, required=False)):
        tpath = join(join(path, "tables"), t)
        table = check.obj(table, tpath)
        if table is None:
            continue
        key = check.text(table, "key", tpath, required=True, pattern=_KEY, hint=_("mã biểu (%(hint)s)", hint=_KEY_HINT))
        if key in table_keys:
            check.add(join(tpath, "key"), _("biểu «%(key)s» bị lặp.", key=key))
        table_keys.add(key)
        check.text(table, "title", tpath, required=True, max_length=255)
        if isinstance(table.get("rows"), list) and not table["rows"]:
            check.add(join(tpath, "rows"), _("biểu cần ít nhất một chỉ tiêu."))
        dimension = check.text(table, "dimension", tpath, nullable=True)
        if dimension and dimension not in dimensions:
            check.add(join(tpath, "dimension"),
                      _("phân tổ «%(code)s» không có trong thư viện hoặc trong tệp.", code=dimension))
        for r, row in enumerate(check.array(table, "rows", tpath)):
            rpath = join(join(tpath, "rows"), r)
            row = check.obj(row, rpath)
            if row is None:
                continue
            code = check.text(row, "indicator", rpath, required=True)
            check.boolean(row, "required", rpath, False)
            if code is None:
                continue
            if code not in indicators:
                check.add(join(rpath, "indicator"),
                          _("chỉ tiêu «%(code)s» không có trong thư viện hoặc trong tệp.", code=code))
            elif code in rows_seen:
                check.add(join(rpath, "indicator"), _("chỉ tiêu «%(code)s» đã có ở %(where)s; mỗi chỉ tiêu chỉ "
                                                      "xuất hiện một lần trong một phiên bản.",
                                                      code=code, where=rows_seen[code]))
            else:
                rows_seen[code] = rpath
        for f, text in enumerate(check.array(table, "formulas", tpath, required=False)):
            fpath = join(join(tpath, "formulas"), f)
            if isinstance(text, str):
                texts.append((fpath, text))
            else:
                check.add(fpath, _("công thức phải là chuỗi ký tự, không phải %(value)s.", value=describe(text)))
    return texts


def _check_formulas(check: Checker, definition: dict, path: str, texts: list, indicators: dict,
                    dimensions: dict) -> None:
    where = {" ".join(text.split()): fpath for fpath, text in texts}
    for error in formulas.problems([text for _p, text in texts], fields.cells(definition, dimensions)):
        check.add(where.get(error.formula or "", join(path, "tables")), error.message)
    for fpath, text in texts:
        try:
            formula = formulas.parse(text)
        except formulas.FormulaError:
            continue
        for cell in (formula.target, *formula.references):
            indicator = indicators.get(cell.split(".", 1)[0])
            if indicator is not None and indicator.data_type in ("text", "boolean"):
                check.add(fpath, _("công thức dùng ô %(cell)s của chỉ tiêu không phải dạng số.", cell=cell))


def _read_definition(check: Checker, value, path: str, indicators: dict, dimensions: dict):
    definition = check.obj(value, path)
    if definition is None:
        return None
    before = len(check.problems)
    _read_outline(check, definition, path)
    texts = _read_tables(check, definition, path, indicators, dimensions)
    in_tables = {row.get("indicator") for table in definition.get("tables") or [] if isinstance(table, dict)
                 for row in table.get("rows") or [] if isinstance(row, dict)}
    for i, code in enumerate(check.array(definition, "published", path, required=False)):
        if not isinstance(code, str) or code not in indicators:
            check.add(join(join(path, "published"), i),
                      _("chỉ tiêu công bố %(value)s không có trong thư viện hoặc trong tệp.", value=describe(code)))
        elif code not in in_tables:
            check.add(join(join(path, "published"), i),
                      _("chỉ tiêu công bố «%(code)s» không có trong biểu nào của phiên bản này.", code=code))
    if texts and len(check.problems) == before:
        _check_formulas(check, definition, path, texts, indicators, dimensions)
    return to_json_numbers(definition)


def _read_deadline(check: Checker, regime: dict, path: str) -> dict:
    out = {"due_day": None, "due_months_later": 0, "due_days": None, "due_working_days": None}
    value = regime.get("deadline")
    if value is None:
        return out
    dpath = join(path, "deadline")
    node = check.obj(value, dpath)
    if node is None:
        return out
    out["due_day"] = check.integer(node, "due_day", dpath, 1, 31)
    out["due_months_later"] = check.integer(node, "due_months_later", dpath, 0, 12, default=0)
    out["due_days"] = check.integer(node, "due_days", dpath, 1, 366)
    out["due_working_days"] = check.integer(node, "due_working_days", dpath, 1, 366)
    given = [k for k in DEADLINE_KEYS if node.get(k) is not None]
    if len(given) > 1:
        check.add(dpath, _("chỉ ghi một trong due_day, due_days, due_working_days (tệp ghi %(given)s).",
                           given=", ".join(given)))
    if out["due_months_later"] and node.get("due_day") is None:
        check.add(join(dpath, "due_months_later"), _("chỉ dùng cùng due_day."))
    return out


def _read_versions(check: Checker, regime: dict, path: str, frequency, indicators, dimensions) -> list[dict]:
    versions, numbers = [], set()
    nodes = check.array(regime, "versions", path)
    if isinstance(regime.get("versions"), list) and not nodes:
        check.add(join(path, "versions"), _("chế độ báo cáo cần ít nhất một phiên bản."))
    for i, node in enumerate(nodes):
        vpath = join(join(path, "versions"), i)
        node = check.obj(node, vpath)
        if node is None:
            continue
        number = check.integer(node, "number", vpath, 1, required=True)
        if number is not None and number in numbers:
            check.add(join(vpath, "number"), _("phiên bản số %(n)s bị lặp.", n=number))
        numbers.add(number)
        valid_from = node.get("valid_from")
        if valid_from is not None and frequency is not None:
            problem = period_problem(frequency, valid_from)
            if problem:
                check.add(join(vpath, "valid_from"), problem)
        definition = _read_definition(check, node.get("definition"), join(vpath, "definition"), indicators,
                                      dimensions)
        note = check.text(node, "note", vpath, max_length=255) or ""
        versions.append({"number": number, "valid_from": valid_from, "definition": definition, "note": note})
    return sorted(versions, key=lambda v: v["number"] or 0)


def _read_regimes(check: Checker, document: dict, plan: Plan, indicators: dict, dimensions: dict) -> None:
    units = {}
    seen = set()
    for i, node in enumerate(check.array(document, "regimes", "")):
        path = join("regimes", i)
        node = check.obj(node, path)
        if node is None:
            continue
        code = check.text(node, "code", path, required=True, max_length=30, pattern=_REGIME_CODE,
                          hint=_("mã chế độ báo cáo (chữ in hoa không dấu, số, _ . -, tối đa 30 ký tự)"))
        if code is not None and code in seen:
            check.add(join(path, "code"), _("chế độ báo cáo «%(code)s» xuất hiện hai lần trong tệp.", code=code))
        seen.add(code)
        legal = node.get("legal_basis")
        lpath = join(path, "legal_basis")
        legal = (check.obj(legal, lpath) if legal is not None else None) or {}
        found = {}
        for member in ("receiving_unit_code", "lead_unit_code"):
            unit_code = check.text(node, member, path, nullable=True)
            found[member] = None
            if unit_code:
                found[member] = units.get(unit_code) or db.session.scalar(select(Unit).where(Unit.code == unit_code))
                units[unit_code] = found[member]
                if found[member] is None:
                    check.add(join(path, member), _("đơn vị mã «%(code)s» không có trong hệ thống.", code=unit_code))
        unit, lead = found["receiving_unit_code"], found["lead_unit_code"]
        frequency = check.choice(node, "frequency", path, FREQUENCIES, required=True)
        row = {
            "code": code, "name": check.text(node, "name", path, required=True, max_length=255),
            "kind": check.choice(node, "kind", path, KINDS, default="periodic"),
            "content": check.text(node, "content", path) or "",
            "legal_number": check.text(legal, "number", lpath, max_length=80) or "",
            "legal_date": check.day(legal, "date", lpath),
            "receiving_unit_id": unit.id if unit is not None else None,
            "lead_unit_id": lead.id if lead is not None else None,
            "sending_method": check.text(node, "sending_method", path, max_length=255) or "",
            "instructions": check.text(node, "instructions", path) or "",
            "frequency": frequency, **_read_deadline(check, node, path),
            "adhoc_due_date": check.day(node, "adhoc_due_date", path),
            "requires_signature": check.boolean(node, "requires_signature", path, True),
            "consolidates": check.boolean(node, "consolidates", path, True),
            "status": check.choice(node, "status", path, STATUSES, default=STATUS_DRAFT),
        }
        versions = _read_versions(check, node, path, frequency, indicators, dimensions)
        plan.regimes.append({"fields": row, "versions": versions})


def read(document: dict) -> tuple[Plan, list]:
    check, plan = Checker(), Plan()
    if document.get("kind") != KIND_REGIMES:
        check.add("kind", _("tệp này không phải tài liệu chế độ báo cáo (kind phải là «regimes»)."))
        return plan, check.problems
    dimensions = _read_dimensions(check, document, plan)
    indicators = _read_indicators(check, document, plan)
    _read_regimes(check, document, plan, indicators, dimensions)
    return plan, check.problems


# ---------------------------------------------------------------- writing

def _same(a, b) -> bool:
    return json.dumps(a or {}, sort_keys=True, ensure_ascii=False) == json.dumps(b or {}, sort_keys=True,
                                                                                 ensure_ascii=False)


def _has_reports(version: RegimeVersion) -> bool:
    return db.session.scalar(select(Submission.id).where(
        Submission.report_type_key == version.report_type_key).limit(1)) is not None


def _merge_versions(regime: Regime, versions: list[dict], user_id, counts: dict) -> bool:
    changed = False
    for given in versions:
        by_number = {v.number: v for v in regime.versions}
        stored = by_number.get(given["number"])
        if stored is None:
            number = given["number"]
        elif _same(stored.definition, given["definition"]) and stored.valid_from == given["valid_from"]:
            continue
        elif not _has_reports(stored):
            stored.definition, stored.valid_from, stored.note = given["definition"], given["valid_from"], given["note"]
            counts["versions_updated"] += 1
            changed = True
            continue
        elif _same(by_number[max(by_number)].definition, given["definition"]):
            continue  # the new content is already the latest version (an earlier import added it)
        else:
            number = max(by_number) + 1
        regime.versions.append(RegimeVersion(number=number, valid_from=given["valid_from"],
                                             definition=given["definition"], note=given["note"],
                                             created_by_id=user_id))
        db.session.flush()
        counts["versions_created"] += 1
        changed = True
    return changed


def _write(plan: Plan, user) -> dict:
    counts = {"dimensions_created": 0, "indicators_created": 0, "regimes_created": 0, "regimes_updated": 0,
              "regimes_unchanged": 0, "versions_created": 0, "versions_updated": 0}
    user_id = getattr(user, "id", None)
    for row in plan.dimensions:
        db.session.add(Dimension(**row))
        counts["dimensions_created"] += 1
    for row in plan.indicators:
        db.session.add(Indicator(**row))
        counts["indicators_created"] += 1
    db.session.flush()
    for item in plan.regimes:
        row = item["fields"]
        regime = db.session.scalar(select(Regime).where(Regime.code == row["code"]))
        if regime is None:
            regime = Regime(**row, created_by_id=user_id)
            db.session.add(regime)
            for given in item["versions"]:
                regime.versions.append(RegimeVersion(number=given["number"], valid_from=given["valid_from"],
                                                     definition=given["definition"], note=given["note"],
                                                     created_by_id=user_id))
            db.session.flush()
            counts["regimes_created"] += 1
            counts["versions_created"] += len(item["versions"])
            continue
        changed = False
        for attr, value in row.items():
            if getattr(regime, attr) != value:
                setattr(regime, attr, value)
                changed = True
        changed = _merge_versions(regime, item["versions"], user_id, counts) or changed
        counts["regimes_updated" if changed else "regimes_unchanged"] += 1
    return counts


def summary(counts: dict) -> str:
    return _("%(d)s phân tổ mới, %(i)s chỉ tiêu mới, %(rc)s chế độ báo cáo mới, %(ru)s chế độ được cập nhật, "
             "%(rn)s chế độ không đổi; %(vc)s phiên bản mới, %(vu)s phiên bản được thay nội dung.",
             d=counts["dimensions_created"], i=counts["indicators_created"], rc=counts["regimes_created"],
             ru=counts["regimes_updated"], rn=counts["regimes_unchanged"], vc=counts["versions_created"],
             vu=counts["versions_updated"])


def import_document(document: dict, user=None, check_only: bool = False) -> ImportResult:
    plan, problems = read(document)
    result = ImportResult(kind=KIND_REGIMES, problems=problems,
                          counts={"dimensions": len(plan.dimensions), "indicators": len(plan.indicators),
                                  "regimes": len(plan.regimes)})
    if problems or check_only:
        return result
    token = audit.acting_as(user) if user is not None else None
    try:
        result.counts = _write(plan, user)
        audit.record("provincial_reports.exchange.import_regimes", object_type="provincial_reports_regimes",
                     summary=_("Nhập chế độ báo cáo từ tệp trao đổi dữ liệu: %(summary)s",
                               summary=summary(result.counts)), changes=result.counts, actor=user)
        db.session.commit()
    except IntegrityError:  # another administrator saved the same code between the check and the write
        db.session.rollback()
        result.problems = [Problem("", _("Thư viện hoặc chế độ báo cáo vừa được người khác thay đổi trong lúc nhập; "
                                         "không có gì được ghi. Hãy nhập lại tệp."))]
    except Exception:
        db.session.rollback()
        raise
    finally:
        if token is not None:
            token.var.reset(token)
        fields.forget()
    return result
