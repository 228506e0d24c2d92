"""IT projects and their phase reports (IT-01…03): the hook functions, who may do what to a project, and
the catalogue's service — create, update, approve, start, accept — with its refusals.

Who may change a project (QĐ 1676 Điều 15): a project from the approved five-year or annual plan
(``in_plan``) is the IT department's, so it takes PROJECTS_MANAGE on the project's reporting unit (the
IT department's officers hold it over the whole ministry); a project outside the plan belongs to the
reporting unit that added it and takes EDIT on that unit. Seeing a project takes VIEW on its owner or
reporting unit. Approving and accepting are changes like any other.

Approval opens phase 1 and acceptance phase 2 (``project_phases``).
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select

from platform_core import ReportType, SearchHit, db
from platform_core.access import can, visible_unit_ids
from platform_core.obligations.rules import EventRelative
from platform_core.timeutil import local_today
from platform_core.units.models import UNIT_ACTIVE, Unit
from plugins.it_reporting import APPROVE, CONSOLIDATE, EDIT, KEY, PROJECTS_MANAGE, SEND, VIEW
from plugins.it_reporting import project_fields as pf
from plugins.it_reporting.models import ItProject, ItProjectProduct

PHASE1 = f"{KEY}.phase1"
PHASE2 = f"{KEY}.phase2"
PHASE1_OWNER = f"{KEY}.phase1_owner"
PHASE1_UNIT = f"{KEY}.phase1_unit"
PHASE2_OWNER = f"{KEY}.phase2_owner"
PHASE2_UNIT = f"{KEY}.phase2_unit"
IT_DEPARTMENT_DEFAULT = "BTNMT-CNTT"
SEARCH_LIMIT = 50


# ---------------------------------------------------------------- hook functions


def obligation_rules() -> list:
    """QĐ 1676 Điều 8: phase 1 — owner → reporting unit within 5 days of approval, reporting unit → IT
    department within 10 days of receiving it; phase 2 — one month after acceptance, then one month
    after receipt. Days and months are counted by the Civil Code (``calendar.deadline_after``)."""
    return [
        EventRelative(PHASE1_OWNER, "Báo cáo thông tin dự án CNTT giai đoạn 1 – đơn vị chủ trì gửi đơn vị báo cáo",
                      days=5),
        EventRelative(PHASE1_UNIT, "Báo cáo thông tin dự án CNTT giai đoạn 1 – đơn vị báo cáo gửi Cục Công nghệ "
                                   "thông tin", days=10),
        EventRelative(PHASE2_OWNER, "Báo cáo thông tin dự án CNTT giai đoạn 2 – đơn vị chủ trì gửi đơn vị báo cáo",
                      months=1),
        EventRelative(PHASE2_UNIT, "Báo cáo thông tin dự án CNTT giai đoạn 2 – đơn vị báo cáo gửi Cục Công nghệ "
                                   "thông tin", months=1),
    ]


def report_types() -> list[ReportType]:
    common = dict(enter_permission=EDIT, approve_permission=APPROVE, send_permission=SEND,
                  consolidate_permission=CONSOLIDATE, document_code="BC")
    return [
        ReportType(PHASE1, "Báo cáo thông tin dự án CNTT giai đoạn 1", pf.fields_of(pf.PHASE1_SECTIONS),
                   rule_keys=(PHASE1_OWNER, PHASE1_UNIT), document_template=f"{KEY}/documents/phase1.html",
                   description="Dự án được phê duyệt: Phụ lục I, III, V của TT 12/2010/TT-BTTTT (QĐ 1676 Điều 7.1).",
                   **common),
        ReportType(PHASE2, "Báo cáo thông tin dự án CNTT giai đoạn 2", pf.fields_of(pf.PHASE2_SECTIONS),
                   rule_keys=(PHASE2_OWNER, PHASE2_UNIT), document_template=f"{KEY}/documents/phase2.html",
                   description="Dự án được nghiệm thu, bàn giao: Phụ lục I–X của TT 12/2010/TT-BTTTT, sản phẩm "
                               "của dự án (QĐ 1676 Điều 7.2).",
                   **common),
    ]


def search(query, user) -> list[SearchHit]:
    """Projects whose name or code contains ``query`` (case and diacritics ignored) that ``user`` sees."""
    from flask import url_for

    from platform_core.search.matching import contains

    stmt = visible_projects(user).where(or_(contains(ItProject.name, query), contains(ItProject.code, query)))
    rows = db.session.scalars(stmt.order_by(ItProject.name).limit(SEARCH_LIMIT))
    return [SearchHit(p.name, url_for("it_reporting.project_detail", project_id=p.id),
                      f"{p.code} — {p.owner_unit.name} — {pf.STATUSES[p.status]}", kind=_("Dự án CNTT"))
            for p in rows]


def seed_demo(session):
    from plugins.it_reporting import project_demo

    return project_demo.seed(session)


# ---------------------------------------------------------------- who may do what


class ProjectError(ValueError):
    """A refused change; the message is for the user (Vietnamese). ``field`` names the form field."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


class ProjectForbidden(ProjectError):
    """The user may not make this change (a page answers 403)."""


def it_department() -> Unit | None:
    code = current_app.config.get("IT_DEPARTMENT_UNIT", IT_DEPARTMENT_DEFAULT)
    return db.session.scalar(select(Unit).where(Unit.code == code))


def visible_projects(user):
    """A SELECT of the projects whose owner or reporting unit ``user`` holds VIEW on."""
    units = visible_unit_ids(user, VIEW)
    return select(ItProject).where(or_(ItProject.owner_unit_id.in_(units), ItProject.reporting_unit_id.in_(units)))


def may_view(user, project: ItProject) -> bool:
    return can(user, VIEW, project.owner_unit_id) or can(user, VIEW, project.reporting_unit_id)


def managing_permission(in_plan: bool) -> str:
    return PROJECTS_MANAGE if in_plan else EDIT


def may_edit(user, project: ItProject) -> bool:
    return can(user, managing_permission(project.in_plan), project.reporting_unit_id)


def may_create(user) -> bool:
    return can(user, PROJECTS_MANAGE) or can(user, EDIT)


def may_list_products(user, project: ItProject) -> bool:
    """Products are entered for phase 2 by whoever reports on the project."""
    return may_edit(user, project) or can(user, EDIT, project.owner_unit_id) or can(user, EDIT,
                                                                                   project.reporting_unit_id)


def units_where(user, *permissions) -> list[Unit]:
    """Active units on which ``user`` holds any of ``permissions`` (for choice lists), by code."""
    clauses = [Unit.id.in_(visible_unit_ids(user, p)) for p in permissions]
    stmt = select(Unit).where(Unit.status == UNIT_ACTIVE, or_(*clauses)).order_by(Unit.code).limit(500)
    return list(db.session.scalars(stmt))


# ---------------------------------------------------------------- the catalogue

FIELDS = ("code", "name", "kind", "host_project", "project_group", "owner_unit_id", "reporting_unit_id", "in_plan",
          "plan_reference", "description", "total_investment", "funding_source", "start_date", "end_date")


@dataclass(frozen=True)
class Decision:
    """The approval decision: its number, date and who signed it (cấp phê duyệt)."""

    number: str
    date: date | None
    authority: str = ""


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _amount(value) -> Decimal:
    try:
        amount = pf.parse_amount(value) if value not in (None, "") else None
    except ValueError:
        raise ProjectError(_("Tổng mức đầu tư phải là một số, ví dụ 15250,5 (triệu đồng)."),
                           "total_investment") from None
    if amount is None:
        raise ProjectError(_("Nhập tổng mức đầu tư (triệu đồng)."), "total_investment")
    if amount < 0:
        raise ProjectError(_("Tổng mức đầu tư không được âm."), "total_investment")
    return amount


def _unit(unit_id, field: str) -> Unit:
    unit = db.session.get(Unit, int(unit_id)) if unit_id not in (None, "") else None
    if unit is None or not unit.is_active:
        raise ProjectError(_("Chọn một đơn vị đang hoạt động."), field)
    return unit


def _clean(data: dict) -> dict:
    values = {k: data[k] for k in FIELDS if k in data}
    for key in ("code", "name", "host_project", "plan_reference", "description", "project_group"):
        if key in values:
            values[key] = (values[key] or "").strip() or None
    if "total_investment" in values:
        values["total_investment"] = _amount(values["total_investment"])
    if "in_plan" in values:
        values["in_plan"] = bool(values["in_plan"])
    return values


def _validate(project: ItProject) -> None:
    if not project.name:
        raise ProjectError(_("Nhập tên dự án."), "name")
    if not project.code:
        raise ProjectError(_("Nhập mã dự án."), "code")
    clash = db.session.scalar(select(ItProject.id).where(ItProject.code == project.code,
                                                         ItProject.id != (project.id or -1)))
    if clash is not None:
        raise ProjectError(_("Mã dự án %(code)s đã có trong danh mục.", code=project.code), "code")
    if project.kind not in pf.KINDS:
        raise ProjectError(_("Chọn loại dự án."), "kind")
    if project.kind == pf.KIND_COMPONENT and not project.host_project:
        raise ProjectError(_("Nhập tên dự án có phần ứng dụng CNTT này."), "host_project")
    if project.project_group and project.project_group not in pf.GROUPS:
        raise ProjectError(_("Chọn nhóm dự án."), "project_group")
    if project.funding_source not in pf.FUNDING_SOURCES:
        raise ProjectError(_("Chọn nguồn vốn."), "funding_source")
    _unit(project.owner_unit_id, "owner_unit_id")
    _unit(project.reporting_unit_id, "reporting_unit_id")
    if project.total_investment is None or Decimal(project.total_investment) < 0:
        raise ProjectError(_("Tổng mức đầu tư không được âm."), "total_investment")
    if project.start_date and project.end_date and project.end_date < project.start_date:
        raise ProjectError(_("Thời gian kết thúc (%(end)s) không được trước thời gian bắt đầu (%(start)s).",
                             end=_fmt(project.end_date), start=_fmt(project.start_date)), "end_date")
    if project.accepted_on and project.decision_date and project.accepted_on < project.decision_date:
        raise ProjectError(_("Ngày nghiệm thu (%(accepted)s) không được trước ngày phê duyệt dự án (%(approved)s).",
                             accepted=_fmt(project.accepted_on), approved=_fmt(project.decision_date)),
                           "accepted_on")


def _check_may_manage(user, in_plan: bool, reporting_unit_id) -> None:
    if reporting_unit_id in (None, "") or not can(user, managing_permission(in_plan), int(reporting_unit_id)):
        if in_plan:
            raise ProjectForbidden(_("Chỉ Cục Công nghệ thông tin (quyền quản lý danh mục dự án) cập nhật dự án "
                                     "trong kế hoạch."))
        raise ProjectForbidden(_("Bạn không có quyền cập nhật dự án của đơn vị này."))


def _save(project: ItProject) -> ItProject:
    try:
        db.session.flush()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return project


def create_project(data: dict, by) -> ItProject:
    """A new project (status planned) from ``data`` (keys of ``FIELDS``; amounts as typed)."""
    values = _clean(data)
    values.setdefault("kind", pf.KIND_PROJECT)
    values.setdefault("in_plan", False)
    _check_may_manage(by, values["in_plan"], values.get("reporting_unit_id"))
    if "total_investment" not in values:
        raise ProjectError(_("Nhập tổng mức đầu tư (triệu đồng)."), "total_investment")
    project = ItProject(status=pf.STATUS_PLANNED, created_by_id=getattr(by, "id", None), **values)
    _validate(project)
    db.session.add(project)
    return _save(project)


def update_project(project: ItProject, data: dict, by) -> ItProject:
    """Change the catalogue data of ``project``. The approval decision and the acceptance date change only
    through :func:`approve_project` and :func:`accept_project`, which open the reports' obligations."""
    _check_may_manage(by, project.in_plan, project.reporting_unit_id)
    values = _clean(data)
    in_plan = values.get("in_plan", project.in_plan)
    reporting_unit_id = int(values.get("reporting_unit_id") or project.reporting_unit_id)
    if in_plan != project.in_plan:
        if not (can(by, PROJECTS_MANAGE, project.reporting_unit_id) and can(by, PROJECTS_MANAGE, reporting_unit_id)):
            raise ProjectForbidden(_("Chỉ Cục Công nghệ thông tin đưa dự án vào hoặc ra khỏi kế hoạch."))
    elif reporting_unit_id != project.reporting_unit_id:
        _check_may_manage(by, in_plan, reporting_unit_id)
    opened = project.status != pf.STATUS_PLANNED
    moving = {k for k in ("owner_unit_id", "reporting_unit_id") if k in values
              and int(values[k]) != getattr(project, k)}
    if opened and moving:
        raise ProjectError(_("Dự án đã được phê duyệt và đã phát sinh nghĩa vụ báo cáo; không đổi được đơn vị chủ "
                             "trì hay đơn vị báo cáo."), sorted(moving)[0])
    try:
        with db.session.no_autoflush:  # refusals come from _validate, not from a flush half-way
            for key, value in values.items():
                setattr(project, key, value)
            _validate(project)
    except ProjectError:
        db.session.rollback()
        raise
    return _save(project)


def approve_project(project: ItProject, decision, by) -> ItProject:
    """Record the approval decision and open phase 1: the owner unit's report to the reporting unit, due 5
    days after the decision date (the reporting unit's own report opens when that one reaches it)."""
    from platform_core import audit
    from platform_core.obligations.service import ObligationError
    from plugins.it_reporting import project_phases

    if isinstance(decision, dict):
        decision = Decision(**decision)
    _check_may_manage(by, project.in_plan, project.reporting_unit_id)
    if project.status != pf.STATUS_PLANNED:
        raise ProjectError(_("Dự án đã được phê duyệt (quyết định số %(number)s).",
                             number=project.decision_number or "…"))
    number = (decision.number or "").strip()
    if not number:
        raise ProjectError(_("Nhập số quyết định phê duyệt."), "decision_number")
    if decision.date is None:
        raise ProjectError(_("Nhập ngày phê duyệt."), "decision_date")
    if decision.date > local_today():
        raise ProjectError(_("Ngày phê duyệt (%(day)s) không được sau hôm nay.", day=_fmt(decision.date)),
                           "decision_date")
    if project.accepted_on and project.accepted_on < decision.date:
        raise ProjectError(_("Ngày nghiệm thu (%(accepted)s) không được trước ngày phê duyệt dự án (%(approved)s).",
                             accepted=_fmt(project.accepted_on), approved=_fmt(decision.date)), "decision_date")
    try:
        project.decision_number = number[:80]
        project.decision_date = decision.date
        project.decision_authority = (decision.authority or "").strip()[:255] or None
        project.status = pf.STATUS_APPROVED
        db.session.flush()
        project_phases.open_first_step(project, 1, decision.date)
        audit.record("it_reporting.project.approve", object_type="it_reporting_projects", object_id=project.id,
                     unit_id=project.reporting_unit_id, actor=by,
                     summary=f"Phê duyệt dự án «{project.name}» theo quyết định số {number} ngày "
                             f"{_fmt(decision.date)}")
        db.session.commit()
    except ObligationError as exc:
        db.session.rollback()
        raise ProjectError(str(exc)) from None
    except Exception:
        db.session.rollback()
        raise
    return project


def start_project(project: ItProject, by) -> ItProject:
    """Approved → in progress."""
    _check_may_manage(by, project.in_plan, project.reporting_unit_id)
    if project.status != pf.STATUS_APPROVED:
        raise ProjectError(_("Chỉ chuyển sang đang triển khai được dự án đã phê duyệt."))
    project.status = pf.STATUS_IN_PROGRESS
    return _save(project)


def accept_project(project: ItProject, accepted_on: date | None, by) -> ItProject:
    """Record the overall acceptance and hand-over and open phase 2: the owner unit's report to the
    reporting unit, due one month after ``accepted_on``."""
    from platform_core import audit
    from platform_core.obligations.service import ObligationError
    from plugins.it_reporting import project_phases

    _check_may_manage(by, project.in_plan, project.reporting_unit_id)
    if project.decision_date is None or project.status == pf.STATUS_PLANNED:
        raise ProjectError(_("Dự án chưa được phê duyệt; không ghi nhận nghiệm thu được."), "accepted_on")
    if project.status == pf.STATUS_ACCEPTED:
        raise ProjectError(_("Dự án đã được nghiệm thu ngày %(day)s.", day=_fmt(project.accepted_on)), "accepted_on")
    if accepted_on is None:
        raise ProjectError(_("Nhập ngày nghiệm thu, bàn giao."), "accepted_on")
    if accepted_on < project.decision_date:
        raise ProjectError(_("Ngày nghiệm thu (%(accepted)s) không được trước ngày phê duyệt dự án (%(approved)s).",
                             accepted=_fmt(accepted_on), approved=_fmt(project.decision_date)), "accepted_on")
    if accepted_on > local_today():
        raise ProjectError(_("Ngày nghiệm thu (%(day)s) không được sau hôm nay.", day=_fmt(accepted_on)),
                           "accepted_on")
    try:
        project.accepted_on = accepted_on
        project.status = pf.STATUS_ACCEPTED
        db.session.flush()
        project_phases.open_first_step(project, 2, accepted_on)
        audit.record("it_reporting.project.accept", object_type="it_reporting_projects", object_id=project.id,
                     unit_id=project.reporting_unit_id, actor=by,
                     summary=f"Nghiệm thu, bàn giao dự án «{project.name}» ngày {_fmt(accepted_on)}")
        db.session.commit()
    except ObligationError as exc:
        db.session.rollback()
        raise ProjectError(str(exc)) from None
    except Exception:
        db.session.rollback()
        raise
    return project


# ---------------------------------------------------------------- products (phase 2)


def add_product(project: ItProject, data: dict, by) -> ItProjectProduct:
    if not may_list_products(by, project):
        raise ProjectForbidden(_("Bạn không có quyền cập nhật sản phẩm của dự án này."))
    if project.status == pf.STATUS_PLANNED:
        raise ProjectError(_("Dự án chưa được phê duyệt; chưa có sản phẩm để báo cáo."))
    kind = data.get("kind")
    if kind not in pf.PRODUCT_KINDS:
        raise ProjectError(_("Chọn loại sản phẩm."), "kind")
    name = (data.get("name") or "").strip()
    if not name:
        raise ProjectError(_("Nhập tên sản phẩm."), "name")
    try:
        quantity = int(data.get("quantity") if data.get("quantity") not in (None, "") else 1)
    except (TypeError, ValueError):
        raise ProjectError(_("Số lượng phải là số nguyên."), "quantity") from None
    if quantity < 0:
        raise ProjectError(_("Số lượng không được âm."), "quantity")
    try:
        value = pf.parse_amount(data.get("value")) if data.get("value") not in (None, "") else Decimal(0)
    except ValueError:
        raise ProjectError(_("Giá trị phải là một số, ví dụ 1250,5 (triệu đồng)."), "value") from None
    if value < 0:
        raise ProjectError(_("Giá trị sản phẩm không được âm."), "value")
    product = ItProjectProduct(project_id=project.id, kind=kind, name=name[:255], quantity=quantity,
                               measure=(data.get("measure") or "").strip()[:40] or None, value=value,
                               description=(data.get("description") or "").strip() or None,
                               created_by_id=getattr(by, "id", None))
    db.session.add(product)
    _save(product)
    return product


def delete_product(product: ItProjectProduct, by) -> None:
    if not may_list_products(by, product.project):
        raise ProjectForbidden(_("Bạn không có quyền cập nhật sản phẩm của dự án này."))
    db.session.delete(product)
    _save(product)
