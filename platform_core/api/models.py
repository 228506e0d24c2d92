"""Personal API tokens (CORE-19): a user's key for other systems, shown once and stored as a hash."""
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from platform_core.database import UTCDateTime
from platform_core.extensions import db
from platform_core.timeutil import utcnow


class ApiToken(db.Model):
    """A bearer token acting as its owner, within the owner's permissions.

    Only the SHA-256 of the secret is kept, so a copy of the database gives nobody a working token;
    ``prefix`` (the first characters of the secret) lets the owner recognise a token in the list.
    """

    __tablename__ = "api_tokens"
    __audited__ = True
    __audit_exclude__ = {"token_hash", "last_used_at"}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_used_at = mapped_column(UTCDateTime)
    expires_at = mapped_column(UTCDateTime)
    revoked_at = mapped_column(UTCDateTime)

    user = relationship("User")

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def state(self, now) -> str:
        """"active", "revoked" or "expired" (for the list page)."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"
