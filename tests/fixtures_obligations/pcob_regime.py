"""A regime with one rule of each kind, for the obligation tests."""
from platform_core import Permission, PluginInfo, RoleSpec, hookimpl
from platform_core.obligations.rules import AdHoc, EventRelative, FixedYearly, Periodic

KEY = "pcob"


@hookimpl
def register_plugin(app):
    return PluginInfo(key=KEY, title="Chế độ báo cáo thử nghiệm", version="0.1", regulation="(thử nghiệm)")


@hookimpl
def register_permissions(app):
    return [Permission("pcob.report.view", "Xem báo cáo thử nghiệm")]


@hookimpl
def register_roles(app):
    return [RoleSpec("pcob.reporter", "Cán bộ báo cáo thử nghiệm", ("pcob.report.view",))]


@hookimpl
def register_obligation_rules(app):
    return [
        FixedYearly("pcob.half_year", "Báo cáo 6 tháng đầu năm", month=6, day=15, period=("calendar_half", 1),
                    unit_types=("department",)),
        Periodic("pcob.monthly", "Báo cáo tháng", "calendar_month", due_day=18, unit_types=("department",)),
        EventRelative("pcob.dossier", "Hồ sơ tuyển dụng", days=20),
        EventRelative("pcob.account", "Tạo tài khoản", working_days=5),
        AdHoc("pcob.adhoc", "Báo cáo đột xuất"),
    ]
