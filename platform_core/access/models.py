"""Roles (named sets of permissions) and memberships (a role for a user on a unit, or its subtree)."""
from sqlalchemy import Boolean, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from platform_core.database import UTCDateTime
from platform_core.extensions import db
from platform_core.timeutil import utcnow

SCOPE_UNIT = "unit"
SCOPE_SUBTREE = "subtree"


class Role(db.Model):
    __tablename__ = "roles"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(500))
    # "core" or the plugin key that declared it; None for roles an administrator made.
    plugin_key: Mapped[str | None] = mapped_column(String(40))

    permissions: Mapped[list["RolePermission"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="RolePermission.permission"
    )

    @property
    def permission_names(self) -> set[str]:
        return {p.permission for p in self.permissions}

    def __repr__(self):
        return f"<Role {self.key}>"


class RolePermission(db.Model):
    __tablename__ = "role_permissions"

    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True)
    permission: Mapped[str] = mapped_column(String(120), primary_key=True)


class Membership(db.Model):
    """User U holds role R on unit N — for N alone (scope ``unit``) or N and below (``subtree``)."""

    __tablename__ = "memberships"
    __audited__ = True
    __table_args__ = (UniqueConstraint("user_id", "unit_id", "role_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"))
    scope: Mapped[str] = mapped_column(String(16), default=SCOPE_UNIT)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at = mapped_column(UTCDateTime, default=utcnow)
    valid_from = mapped_column(Date)
    valid_to = mapped_column(Date)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    user = relationship("User", foreign_keys=[user_id], backref="memberships")
    unit = relationship("Unit")
    role = relationship("Role", lazy="joined")
    granted_by = relationship("User", foreign_keys=[granted_by_id])
