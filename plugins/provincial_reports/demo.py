"""Demo data of the Nghệ An regime: Thành phố Vinh consolidating its three communes' RPT-09 reports.

For the demo month (the latest calendar month whose deadline, the 18th of the next month, has passed),
each commune's officer enters and submits the figures, the province's leader approves them (Xã Hưng
Đông submitted two days late), then the city's consolidator builds the city's report. Every step goes
through the workflow service, so versions, audit events and obligation timeliness are the real ones.
Idempotent: what exists is left as it is, and a consolidation with nothing new writes nothing.
"""
from datetime import date, timedelta

from sqlalchemy import select

from platform_core.demo import DEMO_PASSWORD
from platform_core.extensions import db
from platform_core.obligations import calendar, periods
from platform_core.obligations.models import Obligation
from platform_core.timeutil import local_today, utcnow
from plugins.provincial_reports.reports import SOCIO_ECONOMIC, SOCIO_ECONOMIC_RULE

DISTRICT = "40-VINH"
# (unit code, officer's user name, officer's name, days after the due day it was submitted (at about
# 10:00), figures)
COMMUNES = [
    ("40-VINH-HB", "hungbinh.nhaplieu", "Trần Thị Thuỷ", -4,
     {"budget_revenue": "12450,5", "budget_expenditure": "9870,25", "new_jobs": "46", "poor_households": "18",
      "waste_collection_rate": "97,5", "highlights": "Hoàn thành chỉnh trang vỉa hè đường Lê Hồng Phong."}),
    ("40-VINH-LM", "lemao.nhaplieu", "Nguyễn Văn Lộc", -1,
     {"budget_revenue": "8320", "budget_expenditure": "7015,8", "new_jobs": "31", "poor_households": "9",
      "waste_collection_rate": "95", "highlights": "Tổ chức ngày hội việc làm của phường."}),
    ("40-VINH-HD", "hungdong.nhaplieu", "Lê Thị Quỳnh", 2,
     {"budget_revenue": "5110,75", "budget_expenditure": "4980", "new_jobs": "22", "poor_households": "37",
      "waste_collection_rate": "88,4", "highlights": "Mưa lớn cuối tháng làm ngập úng cục bộ xóm 3."}),
]
APPROVER = "nghean.lanhdao"
CONSOLIDATOR = "vinh.tonghop"
DUE_DAY = 18


def due_of(year: int, month: int) -> date:
    """RPT-09 of a calendar month is due on the 18th of the next month."""
    return date(year + month // 12, month % 12 + 1, DUE_DAY)


def demo_period(today: date | None = None) -> tuple[int, int]:
    """The latest calendar month whose due day is before ``today``."""
    today = today or local_today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    while due_of(year, month) >= today:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return year, month


def _obligation(unit, year: int, month: int) -> Obligation:
    key = periods.period_key("calendar_month", year, month)
    found = db.session.scalar(select(Obligation).where(
        Obligation.rule_key == SOCIO_ECONOMIC_RULE, Obligation.unit_id == unit.id, Obligation.period_key == key,
        Obligation.subject_ref == ""))
    if found is not None:
        return found
    start, end = periods.cutoff_window("calendar_month", year, month)
    obligation = Obligation(plugin_key="provincial_reports", rule_key=SOCIO_ECONOMIC_RULE, unit_id=unit.id,
                            title="Báo cáo tình hình kinh tế - xã hội hằng tháng (RPT-09)", subject_ref="",
                            period_key=key, period_start=start, period_end=end,
                            due_at=calendar.due_instant(due_of(year, month)), status="open")
    db.session.add(obligation)
    db.session.commit()
    return obligation


def _officer(username: str, full_name: str, unit):
    from platform_core.access.models import Membership, Role
    from platform_core.accounts.models import User
    from platform_core.accounts.passwords import hash_password

    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        role = db.session.scalar(select(Role).where(Role.key == "provincial_reports.entry"))
        user = User(username=username, full_name=full_name, unit_id=unit.id, position="Công chức văn phòng - thống kê",
                    password_hash=hash_password(DEMO_PASSWORD), must_change_password=False,
                    email=f"{username}@example.gov.vn")
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(user_id=user.id, unit_id=unit.id, role_id=role.id, scope="unit"))
        db.session.commit()
    return user


def _user(username: str):
    from platform_core.accounts.models import User

    return (db.session.scalar(select(User).where(User.username == username))
            or db.session.scalar(select(User).where(User.is_admin.is_(True)).order_by(User.id).limit(1)))


def _commune_report(unit, officer, approver, obligation, late_days: int, figures: dict) -> None:
    from platform_core.workflow import service

    if service.existing_submission(SOCIO_ECONOMIC, unit.id, obligation.period_key, obligation) is not None:
        return
    submission = service.create_draft(SOCIO_ECONOMIC, unit, officer, obligation=obligation)
    service.save_data(submission, officer, figures, submission.lock_version)
    at = min(obligation.due_at + timedelta(days=late_days, hours=-14), utcnow() - timedelta(minutes=1))
    service.submit(submission, officer, at=at)
    service.approve(submission, approver)


def seed() -> list[str]:
    from platform_core.units.models import Unit
    from platform_core.workflow import service

    units = {u.code: u for u in db.session.scalars(select(Unit).where(Unit.code.startswith(DISTRICT)))}
    if DISTRICT not in units or any(code not in units for code, *_ in COMMUNES):
        return []
    year, month = demo_period()
    approver, consolidator = _user(APPROVER), _user(CONSOLIDATOR)
    if approver is None or consolidator is None:
        return []
    lines = ["Báo cáo tỉnh Nghệ An (RPT-09) — cán bộ nhập liệu cấp xã:"]
    for code, username, full_name, late_days, figures in COMMUNES:
        unit = units[code]
        officer = _officer(username, full_name, unit)
        _commune_report(unit, officer, approver, _obligation(unit, year, month), late_days, figures)
        lines.append(f"  {username} / {DEMO_PASSWORD} / Cán bộ nhập liệu / {unit.name}")
    district = units[DISTRICT]
    _obligation(district, year, month)
    try:
        parent = service.consolidate(district, SOCIO_ECONOMIC, periods.period_key("calendar_month", year, month),
                                     consolidator)
    except service.WorkflowError:
        return lines  # the city's report has moved on (submitted, approved): leave it as it is
    lines.append(f"  Báo cáo tổng hợp của {district.name} kỳ {month:02d}/{year}: /reports/{parent.id}")
    return lines
