"""Personal accounts and account registration requests."""
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from platform_core.database import JSONType, UTCDateTime
from platform_core.extensions import db
from platform_core.timeutil import utcnow


class User(UserMixin, db.Model):
    """A person. Never an organisation's shared account (seed 001 Đ4.5)."""

    __tablename__ = "users"
    __audited__ = True
    __audit_exclude__ = {"password_hash", "session_version", "failed_login_count", "last_login_at"}

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[str | None] = mapped_column(String(200))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Part of the login cookie: bumping it ends every session of the user (logout, deactivation, reset).
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    failed_login_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until = mapped_column(UTCDateTime)
    last_login_at = mapped_column(UTCDateTime)
    password_changed_at = mapped_column(UTCDateTime)
    created_at = mapped_column(UTCDateTime, default=utcnow)

    unit = relationship("Unit")

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def __repr__(self):
        return f"<User {self.username}>"


REQUEST_PENDING = "pending"
REQUEST_APPROVED = "approved"
REQUEST_REJECTED = "rejected"


class RegistrationRequest(db.Model):
    """The account registration form of seed 000, annex 1."""

    __tablename__ = "registration_requests"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    # 1. Thông tin chung
    agency_name: Mapped[str] = mapped_column(String(255))
    address: Mapped[str] = mapped_column(String(500))
    phone: Mapped[str] = mapped_column(String(40))
    fax: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(255))
    portal_url: Mapped[str | None] = mapped_column(String(255))
    # 2. Thông tin liên hệ
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_unit: Mapped[str] = mapped_column(String(255))
    contact_position: Mapped[str | None] = mapped_column(String(200))
    contact_landline: Mapped[str | None] = mapped_column(String(40))
    contact_mobile: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str] = mapped_column(String(255))
    username: Mapped[str] = mapped_column(String(64))
    regimes = mapped_column(JSONType, default=list)  # plugin keys the account is for
    # Decision
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    status: Mapped[str] = mapped_column(String(16), default=REQUEST_PENDING, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    created_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)

    unit = relationship("Unit")
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    created_user = relationship("User", foreign_keys=[created_user_id])
