"""Báo cáo thông tin dự án và ứng dụng CNTT — QĐ 1676/QĐ-BTNMT ngày 12/8/2014 của Bộ Tài nguyên và Môi trường.

Hook implementations only; the regime's logic lives in the sibling modules.
"""

from platform_core import MenuItem, Permission, PluginInfo, RoleSpec, hookimpl

KEY = "it_reporting"


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
        Permission("it_reporting.report.view", "Xem báo cáo CNTT"),
        Permission("it_reporting.report.edit", "Nhập, sửa báo cáo CNTT"),
        Permission("it_reporting.report.export", "Xuất báo cáo CNTT"),
        Permission("it_reporting.report.consolidate", "Tổng hợp báo cáo CNTT"),
    ]


@hookimpl
def register_roles(app):
    return [
        RoleSpec(
            "it_reporting.reporter",
            "Cán bộ báo cáo CNTT",
            (
                "it_reporting.report.view",
                "it_reporting.report.edit",
                "it_reporting.report.export",
            ),
        ),
        RoleSpec(
            "it_reporting.officer",
            "Cán bộ theo dõi, tổng hợp CNTT",
            (
                "it_reporting.report.view",
                "it_reporting.report.export",
                "it_reporting.report.consolidate",
            ),
        ),
    ]


@hookimpl
def register_blueprints(app):
    from plugins.it_reporting.views import bp

    return [bp]


@hookimpl
def menu_items(user):
    return [MenuItem("Báo cáo CNTT", "it_reporting.index", "it_reporting.report.view", order=20)]
