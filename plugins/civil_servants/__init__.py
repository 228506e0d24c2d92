"""Hồ sơ điện tử công chức, viên chức — QĐ 2715/QĐ-BTNMT năm 2016 của Bộ Tài nguyên và Môi trường.

Hook implementations only; the regime's logic lives in the sibling modules.
"""

from platform_core import MenuItem, Permission, PluginInfo, RoleSpec, hookimpl

KEY = "civil_servants"


@hookimpl
def register_plugin(app):
    return PluginInfo(
        key=KEY,
        title="Hồ sơ điện tử công chức, viên chức",
        version="0.1.0",
        regulation="QĐ 2715/QĐ-BTNMT năm 2016 của Bộ Tài nguyên và Môi trường",
        description="Hồ sơ cá nhân điện tử của công chức, viên chức, người lao động (mẫu 2C) và biến động.",
        retention="keep",
    )


@hookimpl
def register_permissions(app):
    return [
        Permission("civil_servants.dossier.view", "Xem hồ sơ công chức"),
        Permission("civil_servants.dossier.edit", "Cập nhật hồ sơ công chức"),
        Permission("civil_servants.dossier.export", "Xuất hồ sơ công chức"),
    ]


@hookimpl
def register_roles(app):
    return [
        RoleSpec(
            "civil_servants.manager",
            "Cán bộ quản lý hồ sơ",
            (
                "civil_servants.dossier.view",
                "civil_servants.dossier.edit",
                "civil_servants.dossier.export",
            ),
        ),
        RoleSpec("civil_servants.viewer", "Cán bộ xem hồ sơ", ("civil_servants.dossier.view",)),
    ]


@hookimpl
def register_blueprints(app):
    from plugins.civil_servants.views import bp

    return [bp]


@hookimpl
def menu_items(user):
    return [MenuItem("Hồ sơ công chức", "civil_servants.index", "civil_servants.dossier.view", order=20)]
