"""The append-only audit log (public API: ``record``, ``acting_as``)."""
from platform_core.audit.service import acting_as, record

__all__ = ["acting_as", "init_app", "record"]


def init_app(app):
    from platform_core.audit import views

    views.init_app(app)
