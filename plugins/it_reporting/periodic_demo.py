"""Demo data of the periodic report: one year of six-month and annual reports of the ministry's units.

The demo year is the latest year whose units' annual deadline (09/12) has passed. Each unit's IT reporter
enters and submits its report, the IT department's officer approves it, then consolidates the ministry's
reports. In the six-month period Cục Kiểm soát ô nhiễm môi trường is four days late and Cục Biến đổi khí
hậu sends nothing, so the consolidated six-month report marks one late and one missing unit; in the year
Cục Biến đổi khí hậu is two days late. Vụ Tổ chức cán bộ, an administrative unit, is reported by the Ministry
Office (Đ10.2.a): its own obligations are waived with that reason. Both consolidated reports are submitted
on time and approved; the annual one is recorded as sent to MIC and its ranking published.

Idempotent: what exists is left as it is; a consolidation with nothing new writes nothing.
"""
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from platform_core import db
from platform_core.demo import DEMO_PASSWORD
from platform_core.obligations import calendar, periods
from platform_core.obligations import service as obligations
from platform_core.obligations.models import Obligation
from platform_core.timeutil import LOCAL_TZ, local_today, utcnow
from platform_core.units.models import Unit
from platform_core.workflow import service
from plugins.it_reporting import periodic, ranking
from plugins.it_reporting.periodic import (
    HALF_MINISTRY_RULE,
    HALF_RULE,
    KEY,
    MIC_RULE,
    PERIODIC,
    YEAR_MINISTRY_RULE,
    YEAR_RULE,
)

MINISTRY = "BTNMT"
OFFICER = "cntt.tonghop"
COVERED_BY_OFFICE = ("BTNMT-TCCB",)
WAIVER = "Điều 10.2.a QĐ 1676/QĐ-BTNMT: đơn vị hành chính của Bộ, do Văn phòng Bộ tổng hợp, báo cáo."

# unit code → (reporter's user name, name, days after the due day of the six-month and the annual report it
# was submitted — None: not sent —, figures)
UNITS = {
    "BTNMT-CNTT": ("cntt.baocao", "Lê Văn Hùng", -3, -5, {
        "staff_total": "96", "computers": "110", "computers_internet": "110", "servers": "42", "bandwidth": "1000",
        "staff_with_email": "96", "edocs_rate": "92,5", "dms_in_use": "1", "databases": "6",
        "portal_articles": "215", "portal_visits": "480000", "services_total": "4", "services_level_1_2": "1",
        "services_level_3": "1", "services_level_4": "2", "online_applications": "35", "security_measures": "5",
        "security_incidents": "0", "policies_issued": "3", "it_staff": "61", "it_staff_trained": "40",
        "it_budget": "18500", "infrastructure_note": "Trung tâm dữ liệu của Bộ vận hành ổn định, dự phòng 2N.",
        "investment_note": "Đề nghị bổ sung kinh phí nâng cấp hệ thống sao lưu dữ liệu."}),
    "BTNMT-VP": ("vp.cntt", "Nguyễn Thị Thu Hà", -1, -2, {
        "covered_units": "Vụ Tổ chức cán bộ và các Vụ thuộc Bộ", "staff_total": "180", "computers": "165",
        "computers_internet": "160", "servers": "4", "bandwidth": "200", "staff_with_email": "171",
        "edocs_rate": "88", "dms_in_use": "1", "databases": "2", "portal_articles": "640", "portal_visits": "1250000",
        "services_total": "12", "services_level_1_2": "4", "services_level_3": "5", "services_level_4": "3",
        "online_applications": "410", "security_measures": "4", "security_incidents": "1", "policies_issued": "2",
        "it_staff": "6", "it_staff_trained": "25", "it_budget": "2300",
        "portal_note": "Cổng thông tin điện tử của Bộ cập nhật đầy đủ thông tin bắt buộc."}),
    "BTNMT-KSONMT": ("ksonmt.cntt", "Trần Quốc Bảo", 4, -1, {
        "staff_total": "120", "computers": "98", "computers_internet": "95", "servers": "6", "bandwidth": "100",
        "staff_with_email": "90", "edocs_rate": "70", "dms_in_use": "1", "databases": "3", "portal_articles": "85",
        "portal_visits": "96000", "services_total": "18", "services_level_1_2": "10", "services_level_3": "6",
        "services_level_4": "2", "online_applications": "260", "security_measures": "3", "security_incidents": "2",
        "policies_issued": "1", "it_staff": "5", "it_staff_trained": "12", "it_budget": "1200",
        "security_note": "Chưa có phương án ứng cứu sự cố được phê duyệt."}),
    "BTNMT-BDKH": ("bdkh.cntt", "Phạm Minh Tuấn", None, 2, {
        "staff_total": "75", "computers": "70", "computers_internet": "70", "servers": "3", "bandwidth": "100",
        "staff_with_email": "72", "edocs_rate": "81", "dms_in_use": "1", "databases": "2", "portal_articles": "60",
        "portal_visits": "41000", "services_total": "6", "services_level_1_2": "2", "services_level_3": "3",
        "services_level_4": "1", "online_applications": "48", "security_measures": "4", "security_incidents": "0",
        "policies_issued": "1", "it_staff": "4", "it_staff_trained": "9", "it_budget": "850"}),
}


def demo_year(today: date | None = None) -> int:
    """The latest year whose units' annual deadline (09/12) is past."""
    today = today or local_today()
    return today.year if today > date(today.year, 12, 9) else today.year - 1


def _obligation(rule_key: str, unit: Unit, year: int) -> Obligation:
    """The unit's obligation of a fixed-yearly rule for ``year``, as the nightly generation would make it."""
    rule = next(r for r in periodic.obligation_rules() if r.key == rule_key)
    kind, index = rule.period
    key = periods.period_key(kind, year, index)
    found = db.session.scalar(select(Obligation).where(
        Obligation.rule_key == rule_key, Obligation.unit_id == unit.id, Obligation.period_key == key,
        Obligation.subject_ref == ""))
    if found is not None:
        return found
    start, end = periods.cutoff_window(kind, year, index)
    obligation = Obligation(plugin_key=KEY, rule_key=rule_key, unit_id=unit.id, title=rule.title, subject_ref="",
                            period_key=key, period_start=start, period_end=end, status="open",
                            due_at=calendar.due_instant(date(year + rule.year_offset, rule.month, rule.day)))
    db.session.add(obligation)
    db.session.commit()
    return obligation


def _user(username: str):
    from platform_core.accounts.models import User

    return db.session.scalar(select(User).where(User.username == username))


def _reporter(username: str, full_name: str, unit: Unit):
    """The unit's IT reporter: the demo account for the IT department, one made here for the others."""
    from platform_core.access.models import Membership, Role
    from platform_core.accounts.models import User
    from platform_core.accounts.passwords import hash_password

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


def _at(day: date, days_after: int = 0) -> datetime:
    """10:00 on the day ``days_after`` days after ``day``, or a minute ago if that is still to come."""
    at = datetime.combine(day + timedelta(days=days_after), time(10, 0), tzinfo=LOCAL_TZ)
    return min(at, utcnow() - timedelta(minutes=1))


def _report(unit, reporter, officer, obligation, days_after, figures) -> None:
    if days_after is None or service.existing_submission(PERIODIC, unit.id, obligation.period_key, obligation):
        return
    submission = service.create_draft(PERIODIC, unit, reporter, obligation=obligation)
    service.save_data(submission, reporter, figures, submission.lock_version)
    service.submit(submission, reporter, at=_at(obligations.due_day(obligation), days_after))
    service.approve(submission, officer)


def _consolidate(ministry, period_key: str, officer):
    try:
        return service.consolidate(ministry, PERIODIC, period_key, officer)
    except service.WorkflowError:
        return service.existing_submission(PERIODIC, ministry.id, period_key)  # already submitted: leave it


def _finish(parent, officer, day: date) -> None:
    """Submit (on ``day``) and approve a consolidated report still in draft."""
    if parent is not None and parent.status in service.EDITABLE:
        service.submit(parent, officer, at=_at(day))
        service.approve(parent, officer)


def _close_year(ministry, year: int, officer) -> None:
    """Record the ministry's annual report sent to MIC and publish the ranking of the year."""
    mic = _obligation(MIC_RULE, ministry, year)
    if mic.status in obligations.PENDING:
        obligations.mark_submitted(mic, at=_at(date(year + 1, 1, 20)))
    if ranking.publication(str(year)) is None:
        department = periodic.it_department() or ministry
        ranking.publish(ministry, str(year), f"Năm {year}", ranking.compute(ministry, str(year)), officer,
                        f"{department.name} tổng hợp từ báo cáo đã phê duyệt của các đơn vị")


def seed() -> list[str]:
    units = {u.code: u for u in db.session.scalars(select(Unit).where(Unit.code.startswith(MINISTRY)))}
    officer = _user(OFFICER)
    if MINISTRY not in units or officer is None or any(code not in units for code in UNITS):
        return []
    year, ministry = demo_year(), units[MINISTRY]
    lines = [f"Báo cáo định kỳ ứng dụng CNTT năm {year} — cán bộ báo cáo CNTT của các đơn vị:"]
    for code, (username, full_name, half_late, year_late, figures) in UNITS.items():
        unit = units[code]
        reporter = _reporter(username, full_name, unit)
        _report(unit, reporter, officer, _obligation(HALF_RULE, unit, year), half_late, figures)
        _report(unit, reporter, officer, _obligation(YEAR_RULE, unit, year), year_late, figures)
        lines.append(f"  {username} / {DEMO_PASSWORD} / Cán bộ báo cáo CNTT / {unit.name}")
    for code in COVERED_BY_OFFICE:
        if code in units:
            for rule_key in (HALF_RULE, YEAR_RULE):
                ob = _obligation(rule_key, units[code], year)
                if ob.status in obligations.PENDING:
                    obligations.waive(ob, officer, WAIVER)
    _obligation(HALF_MINISTRY_RULE, ministry, year)
    _obligation(YEAR_MINISTRY_RULE, ministry, year)
    half = _consolidate(ministry, f"{year}-H1", officer)
    _finish(half, officer, date(year, 6, 18))
    _finish(_consolidate(ministry, str(year), officer), officer, date(year, 12, 12))
    _close_year(ministry, year, officer)
    if half is not None:
        lines.append(f"  Báo cáo tổng hợp 6 tháng đầu năm {year} của Bộ: /p/{KEY}/periodic/{year}-H1/consolidated")
    return lines
