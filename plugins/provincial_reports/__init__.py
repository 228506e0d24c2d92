"""Hệ thống thông tin báo cáo tỉnh Nghệ An — QĐ 09/2024/QĐ-UBND của Ủy ban nhân dân tỉnh Nghệ An.

Hook implementations only; the regime's logic lives in the sibling modules.
"""

from platform_core import JobSpec, MenuItem, Permission, PluginInfo, RoleSpec, hookimpl

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
            delegable=True,
        ),
        RoleSpec(
            "provincial_reports.consolidator",
            "Cán bộ tổng hợp",
            (
                "provincial_reports.report.view",
                "provincial_reports.report.consolidate",
            ),
            delegable=True,
        ),
        RoleSpec(
            "provincial_reports.approver",
            "Lãnh đạo phê duyệt",
            (
                "provincial_reports.report.view",
                "provincial_reports.report.approve",
            ),
            delegable=True,
        ),
        RoleSpec(
            "provincial_reports.sender",
            "Cán bộ gửi báo cáo",
            (
                "provincial_reports.report.view",
                "provincial_reports.report.send",
            ),
            delegable=True,
        ),
        RoleSpec(
            "provincial_reports.regime_admin",
            "Quản trị chế độ báo cáo",
            (
                "provincial_reports.report.view",
                "provincial_reports.regime.manage",
            ),
        ),
    ]


@hookimpl
def configured_report_types(app):
    from plugins.provincial_reports.fields import configured_report_types

    return configured_report_types()


@hookimpl
def register_jobs(app):
    return [JobSpec(f"{KEY}.generate", "plugins.provincial_reports.assignment:generate_job", "cron",
                    {"hour": 1, "minute": 20}, title="Sinh nghĩa vụ báo cáo của các chế độ đã giao")]


@hookimpl
def published_figures(app):
    from plugins.provincial_reports.dashboard import published_figures

    return published_figures()


@hookimpl
def register_commands(cli):
    from plugins.provincial_reports.cli import register

    register(cli)


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
    return [
        MenuItem("Báo cáo tỉnh", "provincial_reports.index", "provincial_reports.report.view", order=20),
        MenuItem("Chế độ báo cáo tỉnh", "provincial_reports.regimes", "provincial_reports.regime.manage",
                 section="admin", order=60),
    ]
