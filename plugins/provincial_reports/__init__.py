"""Hệ thống thông tin báo cáo tỉnh Nghệ An — QĐ 09/2024/QĐ-UBND của Ủy ban nhân dân tỉnh Nghệ An.

Hook implementations only; the regime's logic lives in the sibling modules.
"""

from platform_core import MenuItem, Permission, PluginInfo, RoleSpec, hookimpl

KEY = "provincial_reports"


@hookimpl
def register_plugin(app):
    return PluginInfo(
        key=KEY,
        title="Hệ thống thông tin báo cáo tỉnh Nghệ An",
        version="0.1.0",
        regulation="QĐ 09/2024/QĐ-UBND của Ủy ban nhân dân tỉnh Nghệ An",
        description=(
            "Chế độ báo cáo do quản trị viên cấu hình không cần lập trình; nhập liệu, "
            "tổng hợp, phê duyệt, ký số, gửi."
        ),
        retention="purge_allowed",
    )


@hookimpl
def register_permissions(app):
    return [
        Permission("provincial_reports.report.view", "Xem báo cáo"),
        Permission("provincial_reports.report.enter", "Nhập số liệu báo cáo"),
        Permission("provincial_reports.report.consolidate", "Tổng hợp báo cáo"),
        Permission("provincial_reports.report.approve", "Phê duyệt báo cáo"),
        Permission("provincial_reports.report.send", "Gửi báo cáo"),
        Permission("provincial_reports.regime.manage", "Cấu hình chế độ báo cáo"),
    ]


@hookimpl
def register_roles(app):
    return [
        RoleSpec(
            "provincial_reports.entry",
            "Cán bộ nhập liệu",
            (
                "provincial_reports.report.view",
                "provincial_reports.report.enter",
            ),
        ),
        RoleSpec(
            "provincial_reports.consolidator",
            "Cán bộ tổng hợp",
            (
                "provincial_reports.report.view",
                "provincial_reports.report.consolidate",
            ),
        ),
        RoleSpec(
            "provincial_reports.approver",
            "Lãnh đạo phê duyệt",
            (
                "provincial_reports.report.view",
                "provincial_reports.report.approve",
            ),
        ),
        RoleSpec(
            "provincial_reports.sender",
            "Cán bộ gửi báo cáo",
            (
                "provincial_reports.report.view",
                "provincial_reports.report.send",
            ),
        ),
    ]


@hookimpl
def register_obligation_rules(app):
    from plugins.provincial_reports.reports import obligation_rules

    return obligation_rules()


@hookimpl
def register_report_types(app):
    from plugins.provincial_reports.reports import report_types

    return report_types()


@hookimpl
def seed_demo(session):
    from plugins.provincial_reports.demo import seed

    return seed()


@hookimpl
def register_blueprints(app):
    from plugins.provincial_reports.views import bp

    return [bp]


@hookimpl
def menu_items(user):
    return [MenuItem("Báo cáo tỉnh", "provincial_reports.index", "provincial_reports.report.view", order=20)]
