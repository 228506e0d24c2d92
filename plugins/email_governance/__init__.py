"""Quản lý hệ thống thư điện tử — QĐ 2019/QĐ-BTNMT năm 2016 của Bộ Tài nguyên và Môi trường.

Hook implementations only; the regime's logic lives in the sibling modules.
"""

from platform_core import MenuItem, Permission, PluginInfo, RoleSpec, hookimpl

KEY = "email_governance"


@hookimpl
def register_plugin(app):
    return PluginInfo(
        key=KEY,
        title="Quản lý hệ thống thư điện tử",
        version="0.1.0",
        regulation="QĐ 2019/QĐ-BTNMT năm 2016 của Bộ Tài nguyên và Môi trường",
        description=(
            "Danh bạ hộp thư đơn vị và cá nhân, quy tắc đặt địa chỉ, vòng đời hộp thư, "
            "báo cáo sử dụng hằng năm."
        ),
        retention="purge_allowed",
    )


@hookimpl
def register_permissions(app):
    return [
        Permission("email_governance.mailbox.view", "Xem danh sách hộp thư"),
        Permission("email_governance.mailbox.manage", "Quản lý hộp thư"),
        Permission("email_governance.report.edit", "Lập báo cáo sử dụng thư điện tử"),
    ]


@hookimpl
def register_roles(app):
    return [
        RoleSpec(
            "email_governance.admin",
            "Quản trị thư điện tử của đơn vị",
            (
                "email_governance.mailbox.view",
                "email_governance.mailbox.manage",
                "email_governance.report.edit",
            ),
        ),
    ]


@hookimpl
def register_blueprints(app):
    from plugins.email_governance.views import bp

    return [bp]


@hookimpl
def menu_items(user):
    return [MenuItem("Thư điện tử", "email_governance.index", "email_governance.mailbox.view", order=20)]
