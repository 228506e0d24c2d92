"""A regime declared in code for the workflow and consolidation tests: a monthly socio-economic report of
communes, consolidated by their district, signed before it is sent — the shape of Nghệ An's RPT-09,
without depending on a real plugin's data."""
from platform_core import FieldSpec, Permission, PluginInfo, ReportType, RoleSpec, hookimpl
from platform_core.obligations.rules import Periodic

KEY = "pcwork"
REPORT = "pcwork.socio_economic"
RULE = "pcwork.socio_economic_monthly"
PERMS = {step: f"{KEY}.report.{step}" for step in ("view", "enter", "consolidate", "approve", "send")}


@hookimpl
def register_plugin(app):
    return PluginInfo(key=KEY, title="Chế độ báo cáo thử nghiệm", version="0.1", regulation="(thử nghiệm)")


@hookimpl
def register_permissions(app):
    return [Permission(name, f"Thử nghiệm: {step}") for step, name in PERMS.items()]


@hookimpl
def register_roles(app):
    return [RoleSpec(f"{KEY}.{role}", f"Vai trò thử nghiệm {role}", (PERMS["view"], PERMS[step]))
            for role, step in (("entry", "enter"), ("consolidator", "consolidate"), ("approver", "approve"),
                               ("sender", "send"))]


@hookimpl
def register_obligation_rules(app):
    return [Periodic(RULE, "Báo cáo tình hình kinh tế - xã hội hằng tháng", "calendar_month", due_day=18,
                     unit_types=("province", "district", "commune"))]


@hookimpl
def register_report_types(app):
    return [ReportType(
        REPORT, "Báo cáo tình hình kinh tế - xã hội tháng",
        (FieldSpec("budget_revenue", "Thu ngân sách nhà nước trên địa bàn", "decimal", "triệu đồng", required=True),
         FieldSpec("budget_expenditure", "Chi ngân sách địa phương", "decimal", "triệu đồng"),
         FieldSpec("new_jobs", "Số lao động được giải quyết việc làm mới", "int", "người", required=True),
         FieldSpec("poor_households", "Số hộ nghèo", "int", "hộ"),
         FieldSpec("waste_collection_rate", "Tỷ lệ thu gom rác thải sinh hoạt", "decimal", "%", aggregate="mean"),
         FieldSpec("highlights", "Tình hình nổi bật trong tháng", "text", aggregate="none")),
        enter_permission=PERMS["enter"], approve_permission=PERMS["approve"], send_permission=PERMS["send"],
        consolidate_permission=PERMS["consolidate"], rule_keys=(RULE,), requires_signature=True)]
