"""The reports of the Nghệ An regime and their deadlines (QĐ 09/2024/QĐ-UBND).

RPT-09: monthly socio-economic figures of every commune, district and the province, for the calendar
month, due by the 18th of the following month. Districts consolidate their communes' approved reports,
the province its districts'; each report is signed before it is sent.
"""
from platform_core import FieldSpec, ReportType
from platform_core.obligations.rules import Periodic

KEY = "provincial_reports"
SOCIO_ECONOMIC = f"{KEY}.socio_economic"
SOCIO_ECONOMIC_RULE = f"{KEY}.socio_economic_monthly"
REPORTING_UNIT_TYPES = ("province", "district", "commune")


def obligation_rules() -> list:
    return [
        Periodic(SOCIO_ECONOMIC_RULE, "Báo cáo tình hình kinh tế - xã hội hằng tháng (RPT-09)",
                 "calendar_month", due_day=18, unit_types=REPORTING_UNIT_TYPES),
    ]


def report_types() -> list[ReportType]:
    return [
        ReportType(
            SOCIO_ECONOMIC, "Báo cáo tình hình kinh tế - xã hội tháng",
            (
                FieldSpec("budget_revenue", "Thu ngân sách nhà nước trên địa bàn", "decimal", "triệu đồng",
                          required=True),
                FieldSpec("budget_expenditure", "Chi ngân sách địa phương", "decimal", "triệu đồng"),
                FieldSpec("new_jobs", "Số lao động được giải quyết việc làm mới", "int", "người", required=True),
                FieldSpec("poor_households", "Số hộ nghèo", "int", "hộ"),
                FieldSpec("waste_collection_rate", "Tỷ lệ thu gom rác thải sinh hoạt", "decimal", "%",
                          aggregate="mean"),
                FieldSpec("highlights", "Tình hình nổi bật trong tháng", "text", aggregate="none"),
            ),
            enter_permission=f"{KEY}.report.enter",
            approve_permission=f"{KEY}.report.approve",
            send_permission=f"{KEY}.report.send",
            consolidate_permission=f"{KEY}.report.consolidate",
            rule_keys=(SOCIO_ECONOMIC_RULE,),
            requires_signature=True,
            document_template=f"{KEY}/documents/socio_economic.html",
            document_code="BC",
            description="Số liệu kinh tế - xã hội hằng tháng của xã, huyện, tỉnh (RPT-09), hạn ngày 18 tháng sau.",
        ),
    ]
