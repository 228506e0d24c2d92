"""Báo cáo thông tin dự án và ứng dụng CNTT — QĐ 1676/QĐ-BTNMT ngày 12/8/2014 của Bộ Tài nguyên và Môi trường.

Hook implementations only. Projects and their phase reports live in ``projects*.py`` (IT-01…03); the
periodic IT-application report, ad-hoc requests, consolidation and ranking in ``periodic*.py`` and
``ranking.py`` (IT-04…10).
"""

from platform_core import JobSpec, MenuItem, Permission, PluginInfo, RoleSpec, hookimpl

KEY = "it_reporting"

VIEW = "it_reporting.report.view"
EDIT = "it_reporting.report.edit"
EXPORT = "it_reporting.report.export"
CONSOLIDATE = "it_reporting.report.consolidate"
APPROVE = "it_reporting.report.approve"
SEND = "it_reporting.report.send"
PROJECTS_MANAGE = "it_reporting.project.manage"
ADHOC_ISSUE = "it_reporting.adhoc.issue"


@hookimpl
def register_plugin(app):
    return PluginInfo(
        key=KEY,
        title="Báo cáo thông tin dự án và ứng dụng CNTT",
        version="0.1.0",
        regulation="QĐ 1676/QĐ-BTNMT ngày 12/8/2014 của Bộ Tài nguyên và Môi trường",
        description="Báo cáo thông tin dự án CNTT (giai đoạn 1, 2) và báo cáo định kỳ tình hình ứng dụng CNTT.",
        retention="purge_allowed",
        accounts_per_unit=2,
    )


@hookimpl
def register_permissions(app):
    return [
        Permission(VIEW, "Xem báo cáo CNTT"),
        Permission(EDIT, "Nhập, sửa báo cáo CNTT"),
        Permission(EXPORT, "Xuất báo cáo CNTT"),
        Permission(CONSOLIDATE, "Tổng hợp báo cáo CNTT"),
        Permission(APPROVE, "Duyệt báo cáo CNTT của đơn vị"),
        Permission(SEND, "Gửi báo cáo CNTT"),
        Permission(PROJECTS_MANAGE, "Quản lý danh mục dự án CNTT theo kế hoạch"),
        Permission(ADHOC_ISSUE, "Yêu cầu báo cáo CNTT đột xuất"),
    ]


@hookimpl
def register_roles(app):
    return [
        RoleSpec("it_reporting.reporter", "Cán bộ báo cáo CNTT", (VIEW, EDIT, EXPORT, APPROVE, SEND),
                 "Xem, nhập, sửa, xuất, gửi báo cáo trong phạm vi đơn vị (Điều 19)"),
        RoleSpec("it_reporting.officer", "Cán bộ theo dõi, tổng hợp CNTT",
                 (VIEW, EXPORT, CONSOLIDATE, APPROVE, SEND, PROJECTS_MANAGE, ADHOC_ISSUE),
                 "Cục Công nghệ thông tin: xem, xuất, tổng hợp, yêu cầu báo cáo đột xuất (Điều 19)"),
    ]


@hookimpl
def register_obligation_rules(app):
    from plugins.it_reporting import periodic, projects

    return [*projects.obligation_rules(), *periodic.obligation_rules()]


@hookimpl
def register_report_types(app):
    from plugins.it_reporting import periodic, projects

    return [*projects.report_types(), *periodic.report_types()]


@hookimpl
def published_figures(app):
    from plugins.it_reporting import ranking

    return ranking.published_figures()


@hookimpl
def search(query, user):
    from plugins.it_reporting import projects

    return projects.search(query, user)


@hookimpl
def seed_demo(session):
    from plugins.it_reporting import periodic, projects

    return [*(projects.seed_demo(session) or []), *(periodic.seed_demo(session) or [])]


@hookimpl
def register_jobs(app):
    return [JobSpec("it_reporting.project_chain", "plugins.it_reporting.project_phases:advance_all", "interval",
                    {"hours": 1}, title="Mở nghĩa vụ báo cáo dự án CNTT của đơn vị báo cáo")]


@hookimpl
def register_blueprints(app):
    from plugins.it_reporting.views import bp

    return [bp]


@hookimpl
def menu_items(user):
    return [MenuItem("Báo cáo CNTT", "it_reporting.index", VIEW, order=20)]
