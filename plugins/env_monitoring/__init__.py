"""Cơ sở dữ liệu quan trắc môi trường — QĐ 26/2022/QĐ-UBND của Ủy ban nhân dân tỉnh Quảng Ninh.

Hook implementations only; the regime's logic lives in the sibling modules.
"""

from platform_core import MenuItem, Permission, PluginInfo, RoleSpec, hookimpl

KEY = "env_monitoring"


@hookimpl
def register_plugin(app):
    return PluginInfo(
        key=KEY,
        title="Cơ sở dữ liệu quan trắc môi trường",
        version="0.1.0",
        regulation="QĐ 26/2022/QĐ-UBND của Ủy ban nhân dân tỉnh Quảng Ninh",
        description="Số liệu quan trắc môi trường, VN_AQI, VN_WQI, cảnh báo vượt QCVN, bàn giao số liệu hằng quý.",
        retention="keep",
    )


@hookimpl
def register_permissions(app):
    return [
        Permission("env_monitoring.data.view", "Xem số liệu quan trắc"),
        Permission("env_monitoring.data.enter", "Nhập số liệu quan trắc"),
        Permission("env_monitoring.data.manage", "Quản lý danh mục, số liệu quan trắc"),
    ]


@hookimpl
def register_roles(app):
    return [
        RoleSpec(
            "env_monitoring.manager",
            "Cán bộ quản lý số liệu quan trắc",
            (
                "env_monitoring.data.view",
                "env_monitoring.data.enter",
                "env_monitoring.data.manage",
            ),
        ),
        RoleSpec(
            "env_monitoring.facility",
            "Cơ sở cập nhật số liệu",
            (
                "env_monitoring.data.view",
                "env_monitoring.data.enter",
            ),
        ),
    ]


@hookimpl
def register_blueprints(app):
    from plugins.env_monitoring.views import bp

    return [bp]


@hookimpl
def menu_items(user):
    return [MenuItem("Quan trắc môi trường", "env_monitoring.index", "env_monitoring.data.view", order=20)]
