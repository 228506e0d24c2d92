"""A plugin whose rule has an impossible date (31/02): start-up must stop and name it."""
from platform_core import PluginInfo, hookimpl
from platform_core.obligations.rules import FixedYearly


@hookimpl
def register_plugin(app):
    return PluginInfo(key="pcob_bad", title="Quy tắc sai ngày", version="0.1", regulation="(thử nghiệm)")


@hookimpl
def register_obligation_rules(app):
    return [FixedYearly("pcob_bad.report", "Báo cáo", month=2, day=31)]
