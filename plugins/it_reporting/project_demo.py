"""Demo IT projects of the ministry: a dozen projects across the demo units in every state, with their
phase reports at different points of the chain — on time, late, waiting.

Dates are counted back from today, so obligations look current whenever the demo is seeded. Every step
goes through the catalogue service and the workflow service, so obligations, versions and audit events
are the real ones. Idempotent: a project found by its code is left as it is unless it is behind its
demo state, and a report already made for an obligation is not made again.

The reporters' accounts are the ones the periodic demo uses (``cntt.baocao``, ``vp.cntt``, ``ksonmt.cntt``,
``bdkh.cntt``), made here if missing, plus ``tccb.cntt``; the IT department's officer is ``cntt.tonghop``.
"""
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from platform_core import db
from platform_core.demo import DEMO_PASSWORD
from platform_core.timeutil import LOCAL_TZ, local_today, utcnow
from platform_core.units.models import Unit
from platform_core.workflow import service as workflow
from plugins.it_reporting import KEY, projects
from plugins.it_reporting import project_fields as pf
from plugins.it_reporting import project_phases as phases
from plugins.it_reporting.models import ItProject, ItProjectProduct

OFFICER = "cntt.tonghop"
# unit code → (reporter's user name, full name)
REPORTERS = {
    "BTNMT-CNTT": ("cntt.baocao", "Lê Văn Hùng"),
    "BTNMT-VP": ("vp.cntt", "Nguyễn Thị Thu Hà"),
    "BTNMT-KSONMT": ("ksonmt.cntt", "Trần Quốc Bảo"),
    "BTNMT-BDKH": ("bdkh.cntt", "Phạm Minh Tuấn"),
    "BTNMT-TCCB": ("tccb.cntt", "Vũ Thị Ngọc Anh"),
}
MINISTER = "Bộ trưởng Bộ Tài nguyên và Môi trường"
PLAN = "Kế hoạch ứng dụng CNTT giai đoạn 2021–2025 của Bộ Tài nguyên và Môi trường"


@dataclass(frozen=True)
class Step:
    """A report of the chain: made ``days`` after its obligation opened (None: a pre-filled draft only),
    and approved by the IT department's officer when ``approved``."""

    days: int | None
    approved: bool = True


@dataclass(frozen=True)
class DemoProject:
    code: str
    name: str
    owner: str
    reporting: str
    in_plan: bool
    investment: str
    funding: str
    group: str | None = None
    kind: str = pf.KIND_PROJECT
    host: str | None = None
    description: str = ""
    approved_days_ago: int | None = None
    started: bool = False
    accepted_days_ago: int | None = None
    # (phase, step) → the report made for it
    reports: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    products: tuple = ()


OWN, REP = phases.STEP_OWNER, phases.STEP_UNIT
PROJECTS = (
    DemoProject("CNTT-2026-01", "Nâng cấp hệ thống thư điện tử công vụ của Bộ Tài nguyên và Môi trường",
                "BTNMT-CNTT", "BTNMT-CNTT", True, "8500", "development", "C",
                description="Mở rộng hệ thống thư điện tử cho 12.000 hộp thư, bổ sung xác thực hai lớp."),
    DemoProject("TCCB-2026-01", "Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức của Bộ", "BTNMT-TCCB",
                "BTNMT-VP", True, "6200", "recurrent", "C",
                description="Số hoá hồ sơ cán bộ, công chức, viên chức; kết nối cơ sở dữ liệu quốc gia về cán bộ."),
    DemoProject("BDKH-2026-02", "Bản đồ số nguy cơ ngập lụt do nước biển dâng", "BTNMT-BDKH", "BTNMT-BDKH", False,
                "2750,5", "science", kind=pf.KIND_COMPONENT,
                host="Dự án điều tra, đánh giá tác động của biến đổi khí hậu vùng ven biển"),
    DemoProject("KSONMT-2025-01", "Xây dựng cơ sở dữ liệu quan trắc môi trường quốc gia", "BTNMT-KSONMT",
                "BTNMT-KSONMT", True, "45000", "development", "B", approved_days_ago=14,
                description="Tích hợp số liệu quan trắc tự động, liên tục của các tỉnh và doanh nghiệp.",
                reports={(1, REP): Step(12)},
                figures={"a3_servers": "12", "a3_storage_tb": "480", "a3_value": "18500", "a5_software": "3",
                         "a5_databases": "1", "a5_value": "21000"}),
    DemoProject("TCCB-2025-02", "Xây dựng phần mềm quản lý thi đua, khen thưởng", "BTNMT-TCCB", "BTNMT-VP", True,
                "3400", "recurrent", "C", approved_days_ago=9, reports={(1, OWN): Step(2), (1, REP): Step(None)},
                figures={"a3_servers": "2", "a5_software": "1", "a5_databases": "1", "a5_value": "2900"}),
    DemoProject("BDKH-2025-01", "Hệ thống giám sát phát thải khí nhà kính (MRV)", "BTNMT-BDKH", "BTNMT-BDKH",
                False, "12800", "oda", "C", approved_days_ago=2),
    DemoProject("CNTT-2025-02", "Nâng cấp Trung tâm dữ liệu tài nguyên và môi trường", "BTNMT-CNTT",
                "BTNMT-CNTT", True, "96000", "development", "B", approved_days_ago=75, started=True,
                reports={(1, REP): Step(6)},
                figures={"a3_servers": "60", "a3_network_devices": "24", "a3_storage_tb": "2000", "a3_value": "81000",
                         "a3_description": "Hạ tầng máy chủ ảo hoá, lưu trữ tập trung, dự phòng 2N."}),
    DemoProject("VP-2025-01", "Nâng cấp hệ thống quản lý văn bản và điều hành điện tử của Bộ", "BTNMT-VP",
                "BTNMT-VP", True, "5600", "recurrent", "C", approved_days_ago=45, started=True,
                reports={(1, REP): Step(8)}, figures={"a5_software": "1", "a5_value": "5100"}),
    DemoProject("TCCB-2025-03", "Cổng thông tin tuyển dụng công chức trực tuyến", "BTNMT-TCCB", "BTNMT-VP", False,
                "1850", "recurrent", "C", approved_days_ago=32, started=True,
                reports={(1, OWN): Step(8), (1, REP): Step(5)},
                figures={"a5_software": "1", "a5_online_services": "1"}),
    DemoProject("KSONMT-2024-02", "Hệ thống thông tin cảnh báo ô nhiễm không khí", "BTNMT-KSONMT", "BTNMT-KSONMT",
                True, "18600", "development", "C", approved_days_ago=420, accepted_days_ago=45,
                reports={(1, REP): Step(7), (2, REP): Step(25)},
                figures={"a3_servers": "8", "a3_storage_tb": "120", "a5_software": "2", "a5_databases": "1"},
                products=(("hardware", "Máy chủ phân tích dữ liệu", 8, "bộ", "4200"),
                          ("software", "Phần mềm cảnh báo chất lượng không khí", 1, "phần mềm", "6800"),
                          ("database", "Cơ sở dữ liệu chất lượng không khí", 1, "CSDL", "3900"),
                          ("service", "Đào tạo, chuyển giao công nghệ", 1, "gói", "450"))),
    DemoProject("VP-2024-03", "Cổng dịch vụ công của Bộ Tài nguyên và Môi trường", "BTNMT-VP", "BTNMT-VP", True,
                "14500", "development", "C", approved_days_ago=300, accepted_days_ago=20,
                reports={(1, REP): Step(9), (2, REP): Step(None)},
                figures={"a5_software": "1", "a5_online_services": "38", "a5_value": "9800"},
                products=(("software", "Cổng dịch vụ công của Bộ", 1, "phần mềm", "9800"),
                          ("hardware", "Thiết bị tường lửa ứng dụng web", 2, "bộ", "1650"))),
    DemoProject("TCCB-2024-04", "Phần mềm đánh giá, xếp loại công chức trực tuyến", "BTNMT-TCCB", "BTNMT-VP", True,
                "2300", "recurrent", "C", approved_days_ago=250, accepted_days_ago=50,
                reports={(1, OWN): Step(3), (1, REP): Step(6), (2, OWN): Step(10)},
                figures={"a5_software": "1", "a5_value": "2100"},
                products=(("software", "Phần mềm đánh giá, xếp loại công chức", 1, "phần mềm", "2100"),
                          ("service", "Tập huấn sử dụng cho các đơn vị", 1, "gói", "120"))),
)


def _user(username: str):
    from platform_core.accounts.models import User

    return db.session.scalar(select(User).where(User.username == username))


def _reporter(unit: Unit):
    from platform_core.access.models import Membership, Role
    from platform_core.accounts.models import User
    from platform_core.accounts.passwords import hash_password

    username, full_name = REPORTERS[unit.code]
    user = _user(username)
    if user is None:
        role = db.session.scalar(select(Role).where(Role.key == f"{KEY}.reporter"))
        user = User(username=username, full_name=full_name, unit_id=unit.id, position="Chuyên viên báo cáo CNTT",
                    password_hash=hash_password(DEMO_PASSWORD), must_change_password=False,
                    email=f"{username}@example.gov.vn")
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(user_id=user.id, unit_id=unit.id, role_id=role.id, scope="unit"))
        db.session.commit()
    return user


def _at(day: date) -> datetime:
    """10:00 on ``day`` in Viet Nam, or a minute ago if that is still to come."""
    return min(datetime.combine(day, time(10), tzinfo=LOCAL_TZ).astimezone(UTC), utcnow() - timedelta(minutes=1))


def _create(spec: DemoProject, units: dict, officer) -> ItProject:
    found = db.session.scalar(select(ItProject).where(ItProject.code == spec.code))
    if found is not None:
        return found
    by = officer if spec.in_plan else _reporter(units[spec.reporting])
    return projects.create_project(dict(
        code=spec.code, name=spec.name, kind=spec.kind, host_project=spec.host, project_group=spec.group,
        owner_unit_id=units[spec.owner].id, reporting_unit_id=units[spec.reporting].id, in_plan=spec.in_plan,
        plan_reference=PLAN if spec.in_plan else None, description=spec.description or None,
        total_investment=spec.investment, funding_source=spec.funding), by)


def _advance_state(project: ItProject, spec: DemoProject, by, today: date, number: str) -> None:
    if spec.approved_days_ago is not None and project.status == pf.STATUS_PLANNED:
        approved = today - timedelta(days=spec.approved_days_ago)
        projects.approve_project(project, projects.Decision(number, approved, MINISTER), by)
    if (spec.started or spec.accepted_days_ago is not None) and project.status == pf.STATUS_APPROVED:
        projects.start_project(project, by)
    if spec.accepted_days_ago is not None and project.status == pf.STATUS_IN_PROGRESS:
        for kind, name, quantity, measure, value in spec.products:
            projects.add_product(project, dict(kind=kind, name=name, quantity=quantity, measure=measure,
                                               value=value), by)
        projects.accept_project(project, today - timedelta(days=spec.accepted_days_ago), by)


def _report(project: ItProject, spec: DemoProject, phase: int, step: str, made: Step, officer) -> None:
    phases.advance(project)
    obligation = phases.obligations_of(project).get((phase, step))
    if obligation is None or phases.submission_for(obligation) is not None:
        return
    reporter = _reporter(phases.step_unit(project, step))
    submission = phases.start_report(project, phase, step, reporter)
    if spec.figures and step == (phases.STEP_UNIT if phases.same_unit(project) else phases.STEP_OWNER):
        data = {**submission.data, **spec.figures}
        workflow.save_data(submission, reporter, data, submission.lock_version)
    if made.days is None:
        return
    workflow.submit(submission, reporter, at=_at(obligation.period_start + timedelta(days=made.days)))
    if made.approved:
        workflow.approve(submission, officer)


def seed(session) -> list[str]:
    codes = {spec.owner for spec in PROJECTS} | {spec.reporting for spec in PROJECTS}
    units = {u.code: u for u in db.session.scalars(select(Unit).where(Unit.code.in_(codes)))}
    officer = _user(OFFICER)
    if len(units) < len(codes) or officer is None:
        return []
    today = local_today()
    for number, spec in enumerate(PROJECTS, start=1):
        project = _create(spec, units, officer)
        by = officer if spec.in_plan else _reporter(units[spec.reporting])
        _advance_state(project, spec, by, today, f"{1200 + 37 * number}/QĐ-BTNMT")
        for (phase, step), made in sorted(spec.reports.items()):
            _report(project, spec, phase, step, made, officer)
        phases.advance(project)
    total = db.session.scalar(select(func.count()).select_from(ItProject))
    products = db.session.scalar(select(func.count()).select_from(ItProjectProduct))
    return [f"Dự án CNTT (QĐ 1676): {total} dự án, {products} sản phẩm — /p/{KEY}/projects/",
            *[f"  {name} / {DEMO_PASSWORD} / Cán bộ báo cáo CNTT / {units[code].name}"
              for code, (name, _full) in REPORTERS.items()]]
