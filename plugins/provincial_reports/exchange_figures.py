"""The ``figures`` document: the final figures of a regime for one period, and their import as drafts.

Export takes, for each unit's report of the regime version and period, the data of its latest approved
version (approved, signed or sent): what the unit last stood behind, even while an amendment is being
drafted. Values are keyed ``<MÃ CHỈ TIÊU>.<cột>`` (as formulas name cells) and ``section.<mục>``.

Import creates, for every unit of the file, a draft report holding the figures — exactly as if an
officer of the unit had typed them — for the unit to check, complete and submit: the approval and the
digital signature the regime requires (Đ11.4) stay with the unit, and the obligation's timeliness is
decided when the unit submits. Every unit is checked first (unit, permission, no report yet for the
period, every value read by the core as on the entry page); the drafts are then written in one
transaction, so a file is taken whole or not at all.
"""
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from platform_core.extensions import db
from platform_core.obligations.models import STATUS_WAIVED
from platform_core.plugins import activation
from platform_core.timeutil import to_local, utcnow
from platform_core.units.models import Unit
from platform_core.workflow import service as workflow
from platform_core.workflow import values as workflow_values
from platform_core.workflow.models import STATES, Submission, SubmissionVersion
from platform_core.workflow.registry import get_report_type
from plugins.provincial_reports import fields
from plugins.provincial_reports.exchange import (
    FORMAT,
    KIND_FIGURES,
    Checker,
    ExchangeError,
    ImportResult,
    Problem,
    describe,
    header,
    is_number,
    join,
    period_problem,
    plain_decimal,
    version_in_force,
)
from plugins.provincial_reports.models import STATUS_DRAFT, Regime

KEY = "provincial_reports"
SECTION = "section."
_INTEGER = re.compile(r"-?\d+")
STATUS_LABEL = {"draft": "nháp", "submitted": "đã nộp", "returned": "trả lại", "resubmitted": "nộp lại",
                "approved": "đã duyệt", "signed": "đã ký", "sent": "đã gửi"}


def exchange_key(field_name: str) -> str:
    """``section__s1`` → ``section.s1``; ``LD01__nam`` → ``LD01.nam``."""
    if field_name.startswith(fields.SECTION_PREFIX):
        return SECTION + field_name[len(fields.SECTION_PREFIX):]
    return fields.cell_ref(field_name)


def field_name(key: str) -> str | None:
    """The report type's field for a value key of the file, or None when the key has no such form."""
    if key.startswith(SECTION):
        return fields.section_name(key[len(SECTION):])
    code, dot, column = key.partition(".")
    return fields.cell_name(code, column) if dot and code and column else None


def _regime(code: str) -> Regime:
    regime = db.session.scalar(select(Regime).where(Regime.code == code))
    if regime is None:
        raise ExchangeError(_("Không có chế độ báo cáo mã «%(code)s».", code=code))
    return regime


def _instant(value) -> str | None:
    return to_local(value).replace(microsecond=0).isoformat() if value is not None else None


# ---------------------------------------------------------------- export

def export(regime_code: str, period_key: str, version: int | None = None, unit_ids=None) -> dict:
    regime = _regime((regime_code or "").strip())
    period_key = (period_key or "").strip()
    problem = period_problem(regime.frequency, period_key)
    if problem:
        raise ExchangeError(problem[:1].upper() + problem[1:])
    chosen = version_in_force(regime, period_key) if version is None else \
        next((v for v in regime.versions if v.number == version), None)
    if chosen is None:
        raise ExchangeError(_("Chế độ báo cáo «%(code)s» không có phiên bản %(n)s.", code=regime.code,
                              n=version if version is not None else "—"))
    report_type = fields.build_report_type(regime, chosen, *fields.library())
    stmt = (select(Submission, Unit.code).join(Unit, Submission.unit_id == Unit.id)
            .where(Submission.report_type_key == chosen.report_type_key, Submission.period_key == period_key)
            .order_by(Unit.code, Submission.id))
    if unit_ids is not None:
        stmt = stmt.where(Submission.unit_id.in_(unit_ids))
    rows = db.session.execute(stmt).all()
    finals = _final_versions([submission.id for submission, _code in rows])
    units = []
    for submission, unit_code in rows:
        final = finals.get(submission.id)
        if final is None:
            continue
        data = final.data or {}
        units.append({"unit_code": unit_code, "status": final.status,
                      "submitted_at": _instant(submission.submitted_at),
                      "values": {exchange_key(f.name): data[f.name] for f in report_type.fields
                                 if data.get(f.name) not in (None, "")}})
    return {**header(KIND_FIGURES), "regime_code": regime.code, "version": chosen.number, "period": period_key,
            "units": units}


def _final_versions(submission_ids: list[int]) -> dict:
    """The latest approved (approved, signed, sent) version of each submission, by submission id."""
    out = {}
    for start in range(0, len(submission_ids), 500):
        chunk = submission_ids[start:start + 500]
        for version in db.session.scalars(select(SubmissionVersion).where(
                SubmissionVersion.submission_id.in_(chunk), SubmissionVersion.status.in_(workflow.FINAL))
                .order_by(SubmissionVersion.submission_id, SubmissionVersion.number)):
            out[version.submission_id] = version
    return out


# ---------------------------------------------------------------- reading the document

@dataclass
class Item:
    unit: Unit
    values: dict


@dataclass
class Plan:
    report_type: object = None
    period_key: str = ""
    regime_code: str = ""
    version: int | None = None
    items: list[Item] = field(default_factory=list)


def _read_header(check: Checker, document: dict, plan: Plan, user):
    """The regime, version and period of the file; returns the report type (None when unknown)."""
    code = check.text(document, "regime_code", "", required=True, max_length=30)
    number = check.integer(document, "version", "", 1, required=True)
    period = check.text(document, "period", "", required=True, max_length=10)
    plan.regime_code, plan.version = code or "", number
    regime = db.session.scalar(select(Regime).where(Regime.code == code)) if code else None
    if code and regime is None:
        check.add("regime_code", _("chế độ báo cáo mã «%(code)s» không có trong hệ thống; nhập tệp chế độ báo "
                                   "cáo trước.", code=code))
    if regime is None:
        return None, []
    if period:
        problem = period_problem(regime.frequency, period)
        if problem:
            check.add("period", problem)
            period = None
    plan.period_key = period or ""
    if regime.status == STATUS_DRAFT:
        check.add("regime_code", _("chế độ báo cáo «%(code)s» đang soạn thảo, chưa nhận số liệu.", code=code))
        return None, []
    version = next((v for v in regime.versions if v.number == number), None)
    if number is not None and version is None:
        check.add("version", _("chế độ báo cáo «%(code)s» không có phiên bản %(n)s.", code=code, n=number))
        return None, []
    if version is None:
        return None, []
    in_force = version_in_force(regime, period) if period else None
    if in_force is not None and in_force.number != version.number:
        check.add("version", _("kỳ %(period)s dùng phiên bản %(used)s của chế độ báo cáo, không phải phiên bản "
                               "%(n)s.", period=period, used=in_force.number, n=number))
    try:
        report_type = get_report_type(version.report_type_key)
    except KeyError:
        check.add("regime_code", _("chế độ báo cáo «%(code)s» chưa được hệ thống nạp; thử lại sau.", code=code))
        return None, []
    return report_type, [v.report_type_key for v in regime.versions]


def _typed(check: Checker, spec, raw, path: str):
    """The value as the core reads it, after refusing what the file format does not allow: text in a
    number cell, a number in a text cell, a fraction or grouping in an integer cell."""
    if raw is None:
        return None
    if spec.kind == "text":
        if not isinstance(raw, str):
            check.add(path, _("phải là chuỗi ký tự, không phải %(value)s.", value=describe(raw)))
            return None
        return raw
    if isinstance(raw, str):
        text = plain_decimal(raw)
        if spec.kind == "int" and (text is None or not _INTEGER.fullmatch(text)):
            check.add(path, _("phải là một số nguyên (ví dụ 1250), không phải %(value)s.", value=describe(raw)))
            return None
        if text is None:
            check.add(path, _("phải là một số (ví dụ 1250 hoặc \"1250.5\"), không phải %(value)s.",
                              value=describe(raw)))
            return None
        return text
    if not is_number(raw):
        check.add(path, _("phải là một số, không phải %(value)s.", value=describe(raw)))
        return None
    return raw


def _read_values(check: Checker, node: dict, path: str, report_type) -> dict | None:
    vpath = join(path, "values")
    given = check.obj(node.get("values"), vpath)
    if given is None or report_type is None:
        return None
    specs = {f.name: f for f in report_type.fields}
    data, before = {}, len(check.problems)
    for key, raw in given.items():
        name = field_name(key)
        spec = specs.get(name)
        if spec is None:
            check.add(join(vpath, key), _("«%(key)s» không phải ô hay mục nào của phiên bản chế độ báo cáo này "
                                          "(dạng MÃ.cột, ví dụ LD01.nam, hoặc section.mã_mục).", key=key))
            continue
        value = _typed(check, spec, raw, join(vpath, key))
        if value is not None:
            data[name] = value
    if len(check.problems) > before:
        return None
    cleaned, errors = workflow_values.clean_data(report_type, data)
    for name, message in errors.items():
        check.add(join(vpath, exchange_key(name)), message)
    return None if errors else cleaned


def _check_unit(check: Checker, unit: Unit, path: str, plan: Plan, report_type, keys: list, user) -> bool:
    where = join(path, "unit_code")
    if not unit.is_active:
        check.add(where, _("đơn vị «%(unit)s» đã giải thể; không lập báo cáo mới được.", unit=unit.name))
        return False
    if not activation.is_active_for_unit(KEY, unit.id):
        check.add(where, _("Hệ thống thông tin báo cáo tỉnh chưa được bật cho đơn vị «%(unit)s».", unit=unit.name))
        return False
    if report_type is None:
        return False
    if not workflow.holds(user, report_type, "enter", unit.id):
        check.add(where, _("bạn không có quyền nhập số liệu báo cáo này cho đơn vị «%(unit)s».", unit=unit.name))
        return False
    if not plan.period_key:
        return False
    found = db.session.scalar(select(Submission).where(
        Submission.report_type_key.in_(keys), Submission.unit_id == unit.id,
        Submission.period_key == plan.period_key).limit(1))
    if found is not None:
        check.add(where, _("đơn vị «%(unit)s» đã có báo cáo kỳ %(period)s (%(status)s); tệp không ghi đè báo cáo "
                           "đã có — sửa trên báo cáo đó hoặc bỏ đơn vị khỏi tệp.", unit=unit.name,
                           period=plan.period_key, status=STATUS_LABEL.get(found.status, found.status)))
        return False
    obligation = workflow.find_obligation(report_type, unit.id, plan.period_key)
    if obligation is not None and obligation.status == STATUS_WAIVED:
        check.add(where, _("đơn vị «%(unit)s» đã được miễn báo cáo kỳ %(period)s.", unit=unit.name,
                           period=plan.period_key))
        return False
    return True


def read(document: dict, user, progress: Callable[[int], None] | None = None) -> tuple[Plan, list]:
    check, plan = Checker(), Plan()
    if document.get("kind") != KIND_FIGURES:
        check.add("kind", _("tệp này không phải tài liệu số liệu (kind phải là «figures»)."))
        return plan, check.problems
    report_type, keys = _read_header(check, document, plan, user)
    plan.report_type = report_type
    nodes = check.array(document, "units", "")
    codes = {n.get("unit_code") for n in nodes if isinstance(n, dict) and isinstance(n.get("unit_code"), str)}
    units = {u.code: u for u in db.session.scalars(select(Unit).where(Unit.code.in_(codes)))} if codes else {}
    seen = set()
    for i, node in enumerate(nodes):
        path = join("units", i)
        node = check.obj(node, path)
        if node is not None:
            code = check.text(node, "unit_code", path, required=True, max_length=40)
            check.choice(node, "status", path, STATES)
            unit = units.get(code) if code else None
            fine = False
            if code and unit is None:
                check.add(join(path, "unit_code"), _("đơn vị mã «%(code)s» không có trong hệ thống.", code=code))
            elif code in seen:
                check.add(join(path, "unit_code"), _("đơn vị «%(code)s» xuất hiện hai lần trong tệp.", code=code))
            elif unit is not None:
                seen.add(code)
                fine = _check_unit(check, unit, path, plan, report_type, keys, user)
            cleaned = _read_values(check, node, path, report_type)
            if fine and cleaned is not None:
                plan.items.append(Item(unit, cleaned))
        if progress is not None:
            progress(1)
    return plan, check.problems


# ---------------------------------------------------------------- writing

def _write(plan: Plan, user, progress: Callable[[int], None] | None) -> int:
    note = _("Nhập từ tệp trao đổi dữ liệu (%(format)s), chế độ %(code)s phiên bản %(n)s.",
             format=FORMAT, code=plan.regime_code, n=plan.version)
    with workflow.transaction(user):
        for item in plan.items:
            submission = workflow.new_submission(plan.report_type, item.unit, user, period_key=plan.period_key)
            if item.values:
                submission.data = item.values
                submission.updated_at = utcnow()
                workflow.write_version(submission, user, "save", note=note)
                workflow.record_event(submission, user, "save",
                                      f"Nhập số liệu từ tệp trao đổi dữ liệu cho «{submission.title}» "
                                      f"({item.unit.name})")
            if progress is not None:
                progress(1)
    return len(plan.items)


def import_document(document: dict, user, progress: Callable[[int], None] | None = None,
                    check_only: bool = False) -> ImportResult:
    """Check the whole file, then (unless ``check_only``) create a draft per unit in one transaction.
    ``progress(n)`` is called once per unit checked and once per unit written."""
    plan, problems = read(document, user, progress)
    result = ImportResult(kind=KIND_FIGURES, problems=problems,
                          counts={"units": len(plan.items), "regime_code": plan.regime_code,
                                  "period": plan.period_key, "version": plan.version})
    if problems or check_only:
        return result
    try:
        result.counts["drafts_created"] = _write(plan, user, progress)
    except workflow.WorkflowError as exc:  # a report created meanwhile, a unit dissolved meanwhile…
        result.problems = [Problem("", _("Không nhập được: %(error)s Không có số liệu nào được ghi; kiểm tra lại "
                                         "rồi nhập lại tệp.", error=str(exc)))]
    return result
