"""A fake plugin ("pce2e") that runs the core's reminder job every second instead of every morning, so
a test can watch several processes compete for it for a while."""
from platform_core import JobSpec, PluginInfo, hookimpl


@hookimpl
def register_plugin(app):
    return PluginInfo(key="pce2e", title="Nhắc hạn nhanh (thử nghiệm)", version="0.0.1", regulation="—")


@hookimpl
def register_jobs(app):
    return [JobSpec("pce2e.reminders", "platform_core.notifications.jobs:send_reminders", "interval",
                    {"seconds": 1}, title="Nhắc hạn mỗi giây", misfire_grace_time=30)]
