"""The core's own answers to the plugin hooks: its permissions, default roles and menu entries.

Registered under the name "core" before any plugin, so the core and plugins meet through one mechanism.
"""
from platform_core.plugins.markers import hookimpl
from platform_core.plugins.types import MenuItem, Permission, RoleSpec

UNITS_VIEW = "core.units.view"
UNITS_MANAGE = "core.units.manage"
USERS_VIEW = "core.users.view"
USERS_MANAGE = "core.users.manage"
MEMBERSHIPS_GRANT = "core.memberships.grant"
REGISTRATIONS_REVIEW = "core.registrations.review"
AUDIT_VIEW = "core.audit.view"
PLUGINS_MANAGE = "core.plugins.manage"
PUBLISHED_VIEW = "core.published.view"


@hookimpl
def register_permissions(app):
    return [
        Permission(UNITS_VIEW, "Xem cây đơn vị"),
        Permission(UNITS_MANAGE, "Tạo, sửa, di chuyển, giải thể đơn vị"),
        Permission(USERS_VIEW, "Xem danh sách tài khoản"),
        Permission(USERS_MANAGE, "Tạo, khoá, đặt lại mật khẩu tài khoản"),
        Permission(MEMBERSHIPS_GRANT, "Phân quyền (cấp vai trò) trong đơn vị"),
        Permission(REGISTRATIONS_REVIEW, "Duyệt đăng ký tài khoản"),
        Permission(AUDIT_VIEW, "Xem nhật ký hệ thống"),
        Permission(PLUGINS_MANAGE, "Bật, tắt plugin"),
        Permission(PUBLISHED_VIEW, "Xem dữ liệu đã công bố"),
    ]


@hookimpl
def register_roles(app):
    return [
        RoleSpec("unit_admin", "Quản trị đơn vị",
                 (UNITS_VIEW, USERS_VIEW, USERS_MANAGE, MEMBERSHIPS_GRANT, REGISTRATIONS_REVIEW, PUBLISHED_VIEW),
                 "Quản trị tài khoản và phân quyền trong đơn vị mình"),
        RoleSpec("officer", "Cán bộ", (UNITS_VIEW, PUBLISHED_VIEW), "Cán bộ của đơn vị"),
        RoleSpec("guest", "Khách", (PUBLISHED_VIEW,), "Chỉ xem dữ liệu đã công bố"),
    ]


@hookimpl
def menu_items(user):
    return [
        MenuItem("Đơn vị", "units.tree", UNITS_VIEW, section="admin", order=10),
        MenuItem("Tài khoản", "accounts.users", USERS_VIEW, section="admin", order=20),
        MenuItem("Vai trò", "access.roles", MEMBERSHIPS_GRANT, section="admin", order=30),
        MenuItem("Đăng ký tài khoản", "accounts.registrations", REGISTRATIONS_REVIEW, section="admin", order=40),
        MenuItem("Plugin", "plugins_admin.index", PLUGINS_MANAGE, section="admin", order=50),
        MenuItem("Nhật ký", "audit.index", AUDIT_VIEW, section="admin", order=60),
    ]
