"""Runtime activation of loaded plugins, stored so that every worker agrees."""
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from platform_core.database import UTCDateTime
from platform_core.extensions import db
from platform_core.timeutil import utcnow


class PluginActivation(db.Model):
    """Plugin ``plugin_key`` is active for unit ``unit_id``'s subtree, or everywhere when it is NULL.

    No row for a plugin means the plugin is inactive: installing and migrating a plugin does not
    switch it on; an administrator does.
    """

    __tablename__ = "plugin_activations"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    plugin_key: Mapped[str] = mapped_column(String(40), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    activated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    activated_at = mapped_column(UTCDateTime, default=utcnow)

    unit = relationship("Unit")
