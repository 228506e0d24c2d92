"""The periodic IT-application report and ad-hoc requests (IT-04, IT-05): rules, report types and the units
that play a part in them.

Deadlines (QĐ 1676/QĐ-BTNMT Điều 13; "trước ngày N" means the last day is N − 1):

- units' six-month report, period 01/01–30/06, before 15/06 → 14/06 (Đ13.1, Đ13.3.a);
- units' annual report, period 01/01–31/12, before 10/12 → 09/12 (Đ13.2, Đ13.3.b);
- the IT department's consolidated report to the ministry, before 20/06 → 19/06 and before 15/12 → 14/12
  (Đ13.4);
- the ministry's report of the year to the Ministry of Information and Communications, before 01/02 of the
  next year → 31/01 (Đ13.5);
- the ministry's consolidation of IT-project reports, 01/12–31/12 (Đ8.1.c, Đ8.2.c).

The reporting units of the ministry are its units of type "department" (Cục, Vụ, Văn phòng). The
consolidated level is the ministry itself (type "ministry"), whose report the IT department prepares
(Đ10.2.b): the core consolidates a unit's report from its direct children, and the ministry is the parent of
every reporting unit, the IT department included.
"""
from flask import current_app
from sqlalchemy import select

from platform_core import ReportType, db
from platform_core.obligations.rules import AdHoc, FixedYearly
from platform_core.units.models import Unit
from plugins.it_reporting import APPROVE, CONSOLIDATE, EDIT, KEY, SEND
from plugins.it_reporting.periodic_fields import AD_HOC_FIELDS, FIELDS

PERIODIC = f"{KEY}.periodic"
AD_HOC = f"{KEY}.adhoc"

HALF_RULE = f"{KEY}.periodic_half"
YEAR_RULE = f"{KEY}.periodic_year"
HALF_MINISTRY_RULE = f"{KEY}.periodic_half_ministry"
YEAR_MINISTRY_RULE = f"{KEY}.periodic_year_ministry"
MIC_RULE = f"{KEY}.periodic_mic"
PROJECTS_MINISTRY_RULE = f"{KEY}.projects_ministry_year"
AD_HOC_RULE = AD_HOC

UNIT_TYPES = ("department",)
MINISTRY_TYPES = ("ministry",)
UNIT_RULES = (HALF_RULE, YEAR_RULE)
DEFAULT_IT_DEPARTMENT = "BTNMT-CNTT"


def obligation_rules() -> list:
    return [
        FixedYearly(HALF_RULE, "Báo cáo 6 tháng đầu năm về tình hình ứng dụng CNTT (đơn vị gửi Cục CNTT)",
                    month=6, day=14, period=("calendar_half", 1), unit_types=UNIT_TYPES),
        FixedYearly(YEAR_RULE, "Báo cáo năm về tình hình ứng dụng CNTT (đơn vị gửi Cục CNTT)",
                    month=12, day=9, period=("calendar_year", None), unit_types=UNIT_TYPES),
        FixedYearly(HALF_MINISTRY_RULE, "Báo cáo tổng hợp 6 tháng đầu năm về tình hình ứng dụng CNTT của Bộ "
                                        "(Cục CNTT trình Bộ)",
                    month=6, day=19, period=("calendar_half", 1), unit_types=MINISTRY_TYPES),
        FixedYearly(YEAR_MINISTRY_RULE, "Báo cáo tổng hợp năm về tình hình ứng dụng CNTT của Bộ (Cục CNTT trình Bộ)",
                    month=12, day=14, period=("calendar_year", None), unit_types=MINISTRY_TYPES),
        FixedYearly(MIC_RULE, "Báo cáo tình hình ứng dụng CNTT năm của Bộ gửi Bộ Thông tin và Truyền thông",
                    month=1, day=31, period=("calendar_year", None), year_offset=1, unit_types=MINISTRY_TYPES),
        FixedYearly(PROJECTS_MINISTRY_RULE, "Báo cáo tổng hợp thông tin dự án CNTT của Bộ (tổng hợp từ 01/12 "
                                            "đến 31/12)",
                    month=12, day=31, period=("calendar_month", 12), unit_types=MINISTRY_TYPES),
        AdHoc(AD_HOC_RULE, "Báo cáo CNTT đột xuất, theo yêu cầu"),
    ]


def report_types() -> list[ReportType]:
    return [
        ReportType(
            PERIODIC, "Báo cáo tình hình ứng dụng công nghệ thông tin", FIELDS,
            enter_permission=EDIT, approve_permission=APPROVE, send_permission=SEND,
            consolidate_permission=CONSOLIDATE,
            rule_keys=(HALF_RULE, YEAR_RULE, HALF_MINISTRY_RULE, YEAR_MINISTRY_RULE),
            document_template=f"{KEY}/documents/periodic.html",
            description="Báo cáo 6 tháng và năm về tình hình ứng dụng CNTT theo 7 nhóm nội dung của "
                        "Thông tư 06/2013/TT-BTTTT (QĐ 1676/QĐ-BTNMT Điều 11, 13).",
        ),
        ReportType(
            AD_HOC, "Báo cáo CNTT đột xuất", AD_HOC_FIELDS,
            enter_permission=EDIT, approve_permission=APPROVE, send_permission=SEND,
            rule_keys=(AD_HOC_RULE,),
            document_template=f"{KEY}/documents/periodic_adhoc.html",
            description="Báo cáo đột xuất, theo yêu cầu của Bộ (QĐ 1676/QĐ-BTNMT Điều 14).",
        ),
    ]


def it_department() -> Unit | None:
    """The IT department (setting ``IT_DEPARTMENT_UNIT``), or None when no unit has that code."""
    code = current_app.config.get("IT_DEPARTMENT_UNIT") or DEFAULT_IT_DEPARTMENT
    return db.session.scalar(select(Unit).where(Unit.code == code))


def ministry() -> Unit | None:
    """The unit whose consolidated report the IT department prepares: its parent (the ministry)."""
    department = it_department()
    if department is None:
        return None
    return department.parent or department


def seed_demo(session):
    from plugins.it_reporting import periodic_demo

    return periodic_demo.seed()
