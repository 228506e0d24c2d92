"""IT projects (QĐ 1676 Điều 7, 8, 15): approval opens the phase-1 chain with Civil-Code deadlines,
acceptance opens phase 2, and the catalogue refuses what cannot be true."""
from datetime import date

import pytest
import sqlalchemy as sa
from it_project_support import TODAY, approve, at, due, ministry_fixture, new_project, obligations  # noqa: F401

from platform_core.obligations.calendar import deadline_after
from platform_core.workflow import service as workflow
from platform_core.workflow.models import Submission
from plugins.it_reporting import project_phases as phases
from plugins.it_reporting import projects
from plugins.it_reporting.models import ItProject
from plugins.it_reporting.projects import PHASE1_OWNER, PHASE1_UNIT, PHASE2_OWNER, PHASE2_UNIT


def _owner_submits(project, phase, reporter, day):
    submission = phases.start_report(project, phase, phases.STEP_OWNER, reporter)
    workflow.submit(submission, reporter, at=at(day))
    return submission


@pytest.mark.req("IT-01")
def test_the_it_department_enters_a_plan_project_and_a_unit_adds_one_outside_the_plan(db, ministry):
    planned = new_project(ministry, in_plan=True, by=ministry.officer, total_investment="15.250,5",
                          plan_reference="Kế hoạch ứng dụng CNTT 2026")
    assert (planned.status, planned.in_plan, str(planned.total_investment)) == ("planned", True, "15250.500")
    outside = new_project(ministry, code="VP-09", name="Phần mềm quản lý phòng họp", owner=ministry.vp,
                          in_plan=False, by=ministry.vp_reporter)
    assert outside.in_plan is False and outside.owner_unit_id == ministry.vp.id

    with pytest.raises(projects.ProjectForbidden, match="Chỉ Cục Công nghệ thông tin"):
        new_project(ministry, code="VP-10", in_plan=True, by=ministry.vp_reporter)
    with pytest.raises(projects.ProjectForbidden):  # a unit adds projects it reports on, not another unit's
        new_project(ministry, code="KS-01", owner=ministry.ksonmt, reporting=ministry.ksonmt, in_plan=False,
                    by=ministry.vp_reporter)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ItProject)) == 2

    with pytest.raises(projects.ProjectError, match="Mã dự án VP-09 đã có trong danh mục"):
        projects.update_project(planned, {"code": "VP-09"}, ministry.officer)
    db.session.refresh(planned)
    assert planned.code == "TCCB-01"


@pytest.mark.req("IT-02")
def test_approval_on_a_thursday_counts_five_calendar_days_across_the_weekend(db, ministry):
    project = new_project(ministry)
    approve(project, date(2026, 1, 8), ministry.officer)  # a Thursday

    [owner] = obligations(db, PHASE1_OWNER)
    assert (owner.unit_id, owner.subject_ref, owner.status) == (ministry.tccb.id, f"project:{project.id}", "open")
    # Tuesday 13/01: calendar days, the weekend in between is counted.
    assert due(owner) == deadline_after(date(2026, 1, 8), days=5) == date(2026, 1, 13)
    assert obligations(db, PHASE1_UNIT) == []  # the reporting unit has nothing to send before it receives the report

    _owner_submits(project, 1, ministry.tccb_reporter, date(2026, 1, 8))
    phases.advance(project)
    [unit] = obligations(db, PHASE1_UNIT)
    assert unit.unit_id == ministry.vp.id and unit.period_key == "2026-01-08"
    # 10 days from receipt ends on Sunday 18/01: moved to Monday 19/01.
    assert due(unit) == deadline_after(date(2026, 1, 8), days=10) == date(2026, 1, 19)
    assert owner.timeliness == "on_time"


@pytest.mark.req("IT-02")
def test_approval_before_tet_moves_both_deadlines_past_the_holiday(db, ministry):
    project = new_project(ministry)
    approve(project, date(2026, 2, 12), ministry.officer)  # Thursday before Tết (16–20/02/2026)
    [owner] = obligations(db, PHASE1_OWNER)
    assert due(owner) == deadline_after(date(2026, 2, 12), days=5) == date(2026, 2, 23)  # 17/02 is in Tết

    _owner_submits(project, 1, ministry.tccb_reporter, date(2026, 2, 12))
    phases.advance(project)
    [unit] = obligations(db, PHASE1_UNIT)
    assert due(unit) == deadline_after(date(2026, 2, 12), days=10) == date(2026, 2, 23)  # 22/02 is a Sunday after Tết


@pytest.mark.req("IT-02")
def test_a_unit_reporting_its_own_project_owes_the_it_department_ten_days_from_approval(db, ministry):
    project = new_project(ministry, code="KS-01", name="Xây dựng cơ sở dữ liệu quan trắc môi trường quốc gia",
                          owner=ministry.ksonmt, reporting=ministry.ksonmt)
    approve(project, date(2026, 2, 5), ministry.officer)  # Thursday; +10 days is Sunday 15/02, then Tết
    assert obligations(db, PHASE1_OWNER) == []
    [unit] = obligations(db, PHASE1_UNIT)
    assert unit.unit_id == ministry.ksonmt.id
    assert due(unit) == deadline_after(date(2026, 2, 5), days=10) == date(2026, 2, 23)


@pytest.mark.req("IT-03")
def test_acceptance_opens_phase_two_one_month_then_one_month(db, ministry):
    project = new_project(ministry)
    approve(project, date(2026, 1, 5), ministry.officer)
    projects.start_project(project, ministry.officer)
    assert obligations(db, PHASE2_OWNER) == []

    projects.accept_project(project, date(2026, 1, 30), ministry.officer)
    assert (project.status, project.accepted_on) == ("accepted", date(2026, 1, 30))
    [owner] = obligations(db, PHASE2_OWNER)
    # One month from 30/01 ends on 28/02 (no 30/02), a Saturday: moved to Monday 02/03.
    assert due(owner) == deadline_after(date(2026, 1, 30), months=1) == date(2026, 3, 2)

    _owner_submits(project, 2, ministry.tccb_reporter, date(2026, 3, 2))
    phases.advance(project)
    [unit] = obligations(db, PHASE2_UNIT)
    assert (unit.unit_id, due(unit)) == (ministry.vp.id, date(2026, 4, 2))


@pytest.mark.req("IT-03")
def test_acceptance_dated_before_the_approval_is_refused(db, ministry):
    project = new_project(ministry)
    approve(project, date(2026, 2, 10), ministry.officer)
    with pytest.raises(projects.ProjectError, match=r"Ngày nghiệm thu \(09/02/2026\) không được trước ngày phê duyệt "
                                                    r"dự án \(10/02/2026\)"):
        projects.accept_project(project, date(2026, 2, 9), ministry.officer)
    db.session.refresh(project)
    assert (project.status, project.accepted_on) == ("approved", None)
    assert obligations(db, PHASE2_OWNER) == []


@pytest.mark.req("IT-01")
def test_negative_budgets_are_refused(db, ministry):
    with pytest.raises(projects.ProjectError, match="Tổng mức đầu tư không được âm") as refused:
        new_project(ministry, total_investment="-1500")
    assert refused.value.field == "total_investment"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ItProject)) == 0

    project = new_project(ministry)
    with pytest.raises(projects.ProjectError, match="không được âm"):
        projects.update_project(project, {"total_investment": "-0,5"}, ministry.officer)
    db.session.refresh(project)
    assert str(project.total_investment) == "3400.000"

    approve(project, date(2026, 3, 2), ministry.officer)
    with pytest.raises(projects.ProjectError, match="Giá trị sản phẩm không được âm"):
        projects.add_product(project, {"kind": "hardware", "name": "Máy chủ", "value": "-20"}, ministry.officer)


@pytest.mark.req("IT-03")
def test_a_phase_two_report_for_a_project_never_approved_is_refused(db, ministry):
    project = new_project(ministry)
    with pytest.raises(projects.ProjectError, match="chưa được phê duyệt; không lập được báo cáo giai đoạn 2"):
        phases.start_report(project, 2, phases.STEP_OWNER, ministry.tccb_reporter)
    with pytest.raises(projects.ProjectError, match="chưa được phê duyệt; không ghi nhận nghiệm thu"):
        projects.accept_project(project, date(2026, 3, 2), ministry.officer)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Submission)) == 0
    assert obligations(db, PHASE2_OWNER) == []


@pytest.mark.req("IT-02")
def test_decisions_dated_in_the_future_or_without_a_number_are_refused(db, ministry):
    project = new_project(ministry)
    with pytest.raises(projects.ProjectError, match="không được sau hôm nay"):
        approve(project, date(TODAY.year, TODAY.month, TODAY.day + 1), ministry.officer)
    with pytest.raises(projects.ProjectError, match="Nhập số quyết định"):
        approve(project, date(2026, 3, 2), ministry.officer, number="  ")
    assert project.status == "planned" and obligations(db, PHASE1_OWNER) == []


@pytest.mark.req("IT-03")
def test_phase_drafts_start_from_what_was_reported_before(db, ministry):
    project = new_project(ministry, description="Quản lý hồ sơ thi đua của các đơn vị thuộc Bộ")
    approve(project, date(2026, 1, 8), ministry.officer)

    owner1 = phases.start_report(project, 1, phases.STEP_OWNER, ministry.tccb_reporter)
    assert owner1.data["a1_name"] == project.name and owner1.data["a1_decision_date"] == "2026-01-08"
    assert owner1.data["a1_total_investment"] == "3400"
    workflow.save_data(owner1, ministry.tccb_reporter, {**owner1.data, "a3_servers": "2", "a5_software": "1"},
                       owner1.lock_version)
    workflow.submit(owner1, ministry.tccb_reporter, at=at(date(2026, 1, 9)))
    workflow.approve(owner1, ministry.officer)

    unit1 = phases.start_report(project, 1, phases.STEP_UNIT, ministry.vp_reporter)
    assert unit1.unit_id == ministry.vp.id and unit1.data["a3_servers"] == 2  # taken from the owner's report
    workflow.save_data(unit1, ministry.vp_reporter, {**unit1.data, "a5_databases": "1"}, unit1.lock_version)
    workflow.submit(unit1, ministry.vp_reporter, at=at(date(2026, 1, 12)))
    workflow.approve(unit1, ministry.officer)

    projects.accept_project(project, date(2026, 6, 30), ministry.officer)
    projects.add_product(project, {"kind": "software", "name": "Phần mềm thi đua, khen thưởng", "quantity": "1",
                                   "value": "2900,5"}, ministry.tccb_reporter)
    owner2 = phases.start_report(project, 2, phases.STEP_OWNER, ministry.tccb_reporter)
    assert owner2.report_type_key == "it_reporting.phase2" and owner2.status == "draft"
    # Annexes I, III, V as approved in phase 1 (the reporting unit's version), plus what phase 2 adds.
    assert {k: owner2.data[k] for k in ("a1_name", "a3_servers", "a5_software", "a5_databases")} == {
        "a1_name": project.name, "a3_servers": 2, "a5_software": 1, "a5_databases": 1}
    assert owner2.data["nt_accepted_on"] == "2026-06-30"
    assert (owner2.data["sp_software_count"], owner2.data["sp_software_value"]) == (1, "2900.5")
    assert "Phần mềm thi đua, khen thưởng" in owner2.data["sp_list"]
    assert phases.start_report(project, 2, phases.STEP_OWNER, ministry.tccb_reporter).id == owner2.id


@pytest.mark.req("IT-02")
def test_the_reporting_unit_cannot_report_before_the_owner_report_reaches_it(db, ministry):
    project = new_project(ministry)
    approve(project, date(2026, 1, 8), ministry.officer)
    with pytest.raises(projects.ProjectError, match="sau khi nhận được báo cáo của đơn vị chủ trì"):
        phases.start_report(project, 1, phases.STEP_UNIT, ministry.vp_reporter)
    with pytest.raises(projects.ProjectForbidden):  # the reporting unit does not write the owner's report
        phases.start_report(project, 1, phases.STEP_OWNER, ministry.vp_reporter)


@pytest.mark.req("IT-02")
def test_two_projects_of_one_unit_approved_by_one_decision_both_get_their_report(db, ministry):
    first = new_project(ministry, code="TCCB-01")
    second = new_project(ministry, code="TCCB-02", name="Cổng thông tin tuyển dụng công chức trực tuyến")
    approve(first, date(2026, 1, 8), ministry.officer)
    approve(second, date(2026, 1, 8), ministry.officer)
    reports = {phases.start_report(p, 1, phases.STEP_OWNER, ministry.tccb_reporter).id for p in (first, second)}
    assert len(reports) == 2
