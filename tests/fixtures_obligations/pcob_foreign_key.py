"""A plugin declaring a rule under another plugin's key."""
from platform_core import PluginInfo, hookimpl
from platform_core.obligations.rules import AdHoc


@hookimpl
def register_plugin(app):
    return PluginInfo(key="pcob_foreign", title="Quy tắc mang khoá lạ", version="0.1", regulation="(thử nghiệm)")


@hookimpl
def register_obligation_rules(app):
    return [AdHoc("it_reporting.adhoc", "Báo cáo đột xuất")]
