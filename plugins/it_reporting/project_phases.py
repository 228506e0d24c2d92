"""The phase-1 and phase-2 reports of a project: their obligations, the chain from the owner unit to the
reporting unit, and drafts that start pre-filled.

The chain (QĐ 1676 Điều 8). Approval (acceptance) opens the owner unit's obligation to report to the
reporting unit: 5 days (one month) from the decision date (acceptance date). The reporting unit's
obligation to report to the IT department runs from the day the owner's report *reached* it: 10 days
(one month). The core has no event for "a report was submitted", so :func:`advance` reads the owner's
obligation and, once it is submitted — its first submission counts, as it does for timeliness, and so
does a paper report recorded as received out of band — opens the reporting unit's obligation counted
from the local date of that submission. ``advance`` is idempotent and runs whenever a project page is
shown or a phase report is started; :func:`advance_all` does it for every project, for a scheduled job.

When the owner unit is itself the reporting unit (Điều 6.2.b: a reporting unit reports its own projects
too), the report is in its hands from the start: only the reporting unit → IT department obligation is
opened, counted from the approval (acceptance) date.

Every obligation names its project in ``subject_ref`` ("project:<id>"); a phase report answers exactly one
obligation, so it is found through it.
"""
from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from platform_core import db
from platform_core.obligations import service as obligations
from platform_core.obligations.models import Obligation
from platform_core.timeutil import to_local
from platform_core.workflow import service as workflow
from plugins.it_reporting import project_fields as pf
from plugins.it_reporting.models import ItProject
from plugins.it_reporting.projects import (
    PHASE1,
    PHASE1_OWNER,
    PHASE1_UNIT,
    PHASE2,
    PHASE2_OWNER,
    PHASE2_UNIT,
    ProjectError,
    ProjectForbidden,
)

STEP_OWNER, STEP_UNIT = "owner", "unit"
STEPS = (STEP_OWNER, STEP_UNIT)
SUBJECT_PREFIX = "project:"


@dataclass(frozen=True)
class Phase:
    number: int
    report_type: str
    owner_rule: str
    unit_rule: str
    sections: tuple


PHASES = {
    1: Phase(1, PHASE1, PHASE1_OWNER, PHASE1_UNIT, pf.PHASE1_SECTIONS),
    2: Phase(2, PHASE2, PHASE2_OWNER, PHASE2_UNIT, pf.PHASE2_SECTIONS),
}


def sections_of(report_type_key: str) -> tuple:
    """The sections of a phase report type, for its document template."""
    return next((p.sections for p in PHASES.values() if p.report_type == report_type_key), ())


def rule_key(phase: int, step: str) -> str:
    return PHASES[phase].owner_rule if step == STEP_OWNER else PHASES[phase].unit_rule


def subject_ref(project: ItProject) -> str:
    return f"{SUBJECT_PREFIX}{project.id}"


def same_unit(project: ItProject) -> bool:
    return project.owner_unit_id == project.reporting_unit_id


def step_unit(project: ItProject, step: str):
    return project.owner_unit if step == STEP_OWNER else project.reporting_unit


def obligations_of(project: ItProject) -> dict[tuple[int, str], Obligation]:
    """The project's phase obligations by (phase, step)."""
    keys = {rule_key(phase, step): (phase, step) for phase in PHASES for step in STEPS}
    rows = db.session.scalars(select(Obligation).where(
        Obligation.subject_ref == subject_ref(project), Obligation.rule_key.in_(list(keys))))
    return {keys[ob.rule_key]: ob for ob in rows}


def _title(project: ItProject, phase: int, step: str) -> str:
    target = "gửi đơn vị báo cáo" if step == STEP_OWNER else "gửi Cục Công nghệ thông tin"
    return f"Báo cáo giai đoạn {phase} {target}: {project.name}"[:255]


def _open(project: ItProject, phase: int, step: str, event_date: date) -> Obligation:
    return obligations.open_for_event(rule_key(phase, step), step_unit(project, step), event_date,
                                      subject_ref(project), title=_title(project, phase, step), commit=False)


def open_first_step(project: ItProject, phase: int, event_date: date) -> Obligation:
    """The obligation approval (phase 1) or acceptance (phase 2) opens; left in the session. Raises
    ``ObligationError`` when the plugin is not active for the unit."""
    return _open(project, phase, STEP_UNIT if same_unit(project) else STEP_OWNER, event_date)


def received_on(obligation: Obligation) -> date | None:
    """The local day the owner's report reached the reporting unit (its first submission)."""
    return to_local(obligation.submitted_at).date() if obligation.submitted_at is not None else None


def advance(project: ItProject, commit: bool = True) -> list[Obligation]:
    """Open the reporting unit's obligation of each phase whose owner report has arrived; returns those
    opened now."""
    if same_unit(project):
        return []
    found, opened = obligations_of(project), []
    for phase in PHASES:
        owner = found.get((phase, STEP_OWNER))
        if owner is None or owner.submitted_at is None or (phase, STEP_UNIT) in found:
            continue
        try:
            opened.append(_open(project, phase, STEP_UNIT, received_on(owner)))
        except obligations.ObligationError:
            continue  # the plugin is not active for the reporting unit: nothing to open there
    if opened and commit:
        db.session.commit()
    return opened


def advance_all() -> str:
    """Every project whose owner report arrived gets its reporting unit's obligation (a scheduled job)."""
    owner_rules = [p.owner_rule for p in PHASES.values()]
    refs = set(db.session.scalars(select(Obligation.subject_ref).where(
        Obligation.rule_key.in_(owner_rules), Obligation.submitted_at.is_not(None),
        Obligation.subject_ref.startswith(SUBJECT_PREFIX))))
    ids = [int(ref.removeprefix(SUBJECT_PREFIX)) for ref in refs if ref.removeprefix(SUBJECT_PREFIX).isdigit()]
    opened = 0
    for project in db.session.scalars(select(ItProject).where(ItProject.id.in_(ids))):
        opened += len(advance(project))
    return f"{opened} nghĩa vụ báo cáo của đơn vị báo cáo được mở"


# ---------------------------------------------------------------- reports


def submission_for(obligation: Obligation | None):
    if obligation is None:
        return None
    return workflow.existing_submission(PHASES[1 if obligation.rule_key in (PHASE1_OWNER, PHASE1_UNIT) else 2]
                                        .report_type, obligation.unit_id, None, obligation)


def reported_data(submission) -> dict:
    """What a report said: its last approved version, else what was submitted; a draft says nothing yet."""
    if submission is None:
        return {}
    version = workflow.last_final_version(submission)
    if version is not None:
        return dict(version.data or {})
    return dict(submission.data or {}) if submission.status not in workflow.EDITABLE else {}


def catalogue_values(project: ItProject) -> dict:
    """Annex I as the catalogue has it, in the words of the official document."""
    with force_locale("vi"):
        values = {
            "a1_name": project.name, "a1_code": project.code, "a1_kind": str(pf.KINDS[project.kind]),
            "a1_host_project": project.host_project,
            "a1_group": str(pf.GROUPS[project.project_group]) if project.project_group else None,
            "a1_owner": project.owner_unit.name, "a1_decision_number": project.decision_number,
            "a1_decision_date": project.decision_date, "a1_decision_authority": project.decision_authority,
            "a1_total_investment": pf.plain_amount(project.total_investment),
            "a1_funding_source": str(pf.FUNDING_SOURCES.get(project.funding_source, "")) or None,
            "a1_start_date": project.start_date, "a1_end_date": project.end_date,
            "a1_objectives": project.description,
        }
    return {k: v for k, v in values.items() if v not in (None, "")}


def product_values(project: ItProject) -> dict:
    """The products handed over, counted and valued per kind, and listed."""
    values, lines = {}, []
    for kind in pf.PRODUCT_KINDS:
        items = [p for p in project.products if p.kind == kind]
        if items:
            values[f"sp_{kind}_count"] = sum(p.quantity for p in items)
            values[f"sp_{kind}_value"] = pf.plain_amount(sum(p.value for p in items))
    for p in project.products:
        measure = f" {p.measure}" if p.measure else ""
        lines.append(f"- {p.name}: {p.quantity}{measure}, {pf.format_amount(p.value)} {pf.MONEY_UNIT}")
    if lines:
        values["sp_list"] = "\n".join(lines)
    return values


def prefill(project: ItProject, phase: int, step: str) -> dict:
    """The values a new draft starts with. Phase 1: the catalogue; the reporting unit's report also takes
    what the owner reported. Phase 2: annexes I, III, V as phase 1 reported them (approved data first), so
    only the changes are typed, with the acceptance date and the products; the reporting unit's report
    takes what the owner reported in phase 2."""
    found = obligations_of(project)

    def data_of(ph, st):
        return reported_data(submission_for(found.get((ph, st))))

    values = catalogue_values(project)
    if phase == 1:
        if step == STEP_UNIT:
            values.update(data_of(1, STEP_OWNER))
        return values
    carried = set(pf.carried_to_phase2())
    phase1 = data_of(1, STEP_UNIT) or data_of(1, STEP_OWNER)
    values.update({k: v for k, v in phase1.items() if k in carried})
    if project.accepted_on:
        values["nt_accepted_on"] = project.accepted_on
    values.update(product_values(project))
    if step == STEP_UNIT:
        values.update(data_of(2, STEP_OWNER))
    return values


def start_report(project: ItProject, phase: int, step: str, user):
    """The draft answering the project's (phase, step) obligation — created pre-filled the first time,
    the existing report afterwards. A phase-2 report for a project never approved or not yet accepted is
    refused, as is the reporting unit's report before the owner's has reached it."""
    if phase not in PHASES or step not in STEPS:
        raise ValueError(f"unknown phase report {phase}/{step}")
    if project.decision_date is None or project.status == pf.STATUS_PLANNED:
        raise ProjectError(_("Dự án chưa được phê duyệt; không lập được báo cáo giai đoạn %(phase)d.", phase=phase))
    if phase == 2 and project.status != pf.STATUS_ACCEPTED:
        raise ProjectError(_("Dự án chưa được nghiệm thu, bàn giao; chưa lập được báo cáo giai đoạn 2."))
    advance(project)
    obligation = obligations_of(project).get((phase, step))
    if obligation is None:
        if step == STEP_UNIT:
            raise ProjectError(_("Đơn vị báo cáo lập báo cáo này sau khi nhận được báo cáo của đơn vị chủ trì."))
        raise ProjectError(_("Đơn vị chủ trì cũng là đơn vị báo cáo: lập báo cáo gửi Cục Công nghệ thông tin."))
    found = submission_for(obligation)
    if found is not None:
        return found
    try:
        submission = workflow.create_draft(PHASES[phase].report_type, obligation.unit, user, obligation=obligation,
                                           title=obligation.title)
    except workflow.Forbidden as exc:
        raise ProjectForbidden(str(exc)) from None
    except workflow.AlreadyExists:
        # The core looks a report up by unit and period as well as by obligation; two projects of one unit
        # with the same event date collide there (see the plugin README).
        raise ProjectError(_("Đơn vị đã có một báo cáo giai đoạn %(phase)d cùng ngày cho dự án khác; hệ thống "
                             "chưa lập được báo cáo thứ hai cùng ngày. Liên hệ quản trị hệ thống.",
                             phase=phase)) from None
    except workflow.WorkflowError as exc:
        raise ProjectError(str(exc)) from None
    values = prefill(project, phase, step)
    if values:
        workflow.save_data(submission, user, values, submission.lock_version)
    return submission


@dataclass
class PhaseRow:
    """One line of a project's reporting chain, for its page."""

    phase: int
    step: str
    unit: object
    obligation: Obligation | None
    submission: object | None


def chain(project: ItProject) -> list[PhaseRow]:
    """The steps of the phases the project has reached, in order, with their obligations and reports."""
    reached = [1] if project.status != pf.STATUS_PLANNED else []
    if project.status == pf.STATUS_ACCEPTED:
        reached.append(2)
    found = obligations_of(project)
    rows = []
    for phase in reached:
        for step in STEPS:
            if step == STEP_OWNER and same_unit(project):
                continue
            obligation = found.get((phase, step))
            rows.append(PhaseRow(phase, step, step_unit(project, step), obligation, submission_for(obligation)))
    return rows
