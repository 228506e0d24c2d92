"""The banner every page shows (``templates/maintenance/_banner.html``, included by ``base.html``)."""
from platform_core.maintenance.service import notices_for_banner


def init_app(app):
    @app.context_processor
    def inject_maintenance_notices():
        return {"maintenance_notices": notices_for_banner}
