"""The scheduler: jobs the core and plugins declare, run once per due time across every process.

``registry`` (declared jobs, triggers in Asia/Ho_Chi_Minh) · ``runner`` (claim, run, record) ·
``service`` + ``executor`` (the APScheduler scheduler) · ``leader`` + ``supervisor`` (one active
process) · ``cli`` (``flask scheduler``) · ``views`` (``/admin/scheduler``).
"""


def init_app(app):
    """The admin pages; with ``SCHEDULER_EMBEDDED`` (single-machine installs) also a scheduler inside the
    web process, started by the first request so that CLI commands and the reloader's parent process,
    which serve none, never start one. The leader lock still lets only one process in the deployment run
    jobs, however many workers start it."""
    from platform_core.scheduler import views

    views.init_app(app)
    if app.config.get("SCHEDULER_EMBEDDED") and not app.testing:
        from platform_core.scheduler.supervisor import start_embedded

        @app.before_request
        def start_embedded_scheduler():
            start_embedded(app)
