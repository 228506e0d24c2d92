"""The core's own answers to the plugin hooks: its permissions, default roles and menu entries.

Registered under the name "core" before any plugin, so the core and plugins meet through one mechanism.
"""
from platform_core.plugins.markers import hookimpl
from platform_core.plugins.types import JobSpec, MenuItem, Permission, RoleSpec

UNITS_VIEW = "core.units.view"
UNITS_MANAGE = "core.units.manage"
USERS_VIEW = "core.users.view"
USERS_MANAGE = "core.users.manage"
MEMBERSHIPS_GRANT = "core.memberships.grant"
REGISTRATIONS_REVIEW = "core.registrations.review"
AUDIT_VIEW = "core.audit.view"
PLUGINS_MANAGE = "core.plugins.manage"
PUBLISHED_VIEW = "core.published.view"
OBLIGATIONS_VIEW = "core.obligations.view"
OBLIGATIONS_OVERSEE = "core.obligations.oversee"
OBLIGATIONS_RECORD = "core.obligations.record"
CALENDAR_MANAGE = "core.calendar.manage"
SCHEDULER_MANAGE = "core.scheduler.manage"
MAINTENANCE_MANAGE = "core.maintenance.manage"


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
        Permission(OBLIGATIONS_VIEW, "Xem nghĩa vụ báo cáo của đơn vị"),
        Permission(OBLIGATIONS_OVERSEE, "Theo dõi, đôn đốc nghĩa vụ báo cáo (nhận thông báo quá hạn)"),
        Permission(OBLIGATIONS_RECORD, "Ghi nhận báo cáo nhận qua kênh khác, miễn nghĩa vụ"),
        Permission(CALENDAR_MANAGE, "Quản lý lịch ngày nghỉ, ngày làm bù"),
        Permission(SCHEDULER_MANAGE, "Quản lý tác vụ định kỳ"),
        Permission(MAINTENANCE_MANAGE, "Đăng thông báo bảo trì hệ thống"),
    ]


@hookimpl
def register_roles(app):
    return [
        RoleSpec("unit_admin", "Quản trị đơn vị",
                 (UNITS_VIEW, USERS_VIEW, USERS_MANAGE, MEMBERSHIPS_GRANT, REGISTRATIONS_REVIEW, PUBLISHED_VIEW,
                  OBLIGATIONS_VIEW, OBLIGATIONS_OVERSEE, OBLIGATIONS_RECORD),
                 "Quản trị tài khoản và phân quyền trong đơn vị mình"),
        RoleSpec("officer", "Cán bộ", (UNITS_VIEW, PUBLISHED_VIEW, OBLIGATIONS_VIEW), "Cán bộ của đơn vị"),
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
        MenuItem("Nghĩa vụ báo cáo", "obligations.index", OBLIGATIONS_VIEW, section="main", order=10),
        MenuItem("Báo cáo", "workflow.index", None, section="main", order=12),
        MenuItem("Tình hình báo cáo", "dashboard.compliance", OBLIGATIONS_VIEW, section="main", order=14),
        MenuItem("Chứng thư số", "signatures.credentials", None, section="user", order=90),
        MenuItem("Kiểm tra chữ ký", "signatures.verify", None, section="user", order=92),
        MenuItem("Khoá API", "api.tokens", None, section="user", order=95),
        MenuItem("Lịch nghỉ", "obligations.holidays", CALENDAR_MANAGE, section="admin", order=70),
        MenuItem("Nhắc hạn báo cáo", "notifications.settings", PLUGINS_MANAGE, section="admin", order=75),
        MenuItem("Tác vụ định kỳ", "scheduler.index", SCHEDULER_MANAGE, section="admin", order=80),
        MenuItem("Thông báo bảo trì", "maintenance.index", MAINTENANCE_MANAGE, section="admin", order=90),
    ]


@hookimpl
def register_obligation_rules(app):
    from platform_core.obligations.rules import EventRelative

    return [EventRelative("core.registration_review", "Duyệt đăng ký tài khoản", working_days=1)]


@hookimpl
def register_jobs(app):
    cfg = app.config
    return [
        JobSpec("core.obligations.generate", "platform_core.obligations.jobs:generate_upcoming", "cron",
                {"hour": 1, "minute": 0}, title="Sinh nghĩa vụ báo cáo cho các kỳ sắp tới"),
        JobSpec("core.obligations.overdue", "platform_core.obligations.jobs:mark_overdue", "cron",
                {"minute": 5}, title="Đánh dấu nghĩa vụ quá hạn"),
        JobSpec("core.notifications.reminders", "platform_core.notifications.jobs:send_reminders", "cron",
                {"hour": 7, "minute": 0}, title="Nhắc hạn báo cáo"),
        JobSpec("core.notifications.escalations", "platform_core.notifications.jobs:send_escalations", "cron",
                {"hour": 8, "minute": 0}, title="Báo cáo quá hạn cho lãnh đạo đơn vị"),
        JobSpec("core.backup.create", "platform_core.backup.jobs:scheduled_backup", "cron",
                dict(cfg.get("BACKUP_SCHEDULE") or {"day_of_week": "mon,thu", "hour": 2}),
                title="Sao lưu dữ liệu"),
    ]
