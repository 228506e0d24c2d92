"""Issuing, finding and revoking API tokens. The secret leaves this module once, in ``issue``'s result.

Creation and revocation reach the audit log through ``ApiToken.__audited__`` (never the hash)."""
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from platform_core.api.models import ApiToken
from platform_core.extensions import db
from platform_core.timeutil import utcnow

SECRET_PREFIX = "pct_"
PREFIX_LENGTH = 12
# A token's last use is written at most this often, so a busy client does not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    """SHA-256 is enough here: the secret is 256 random bits, not a password anyone could guess."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def issue(user, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its secret; the caller shows the secret once and commits."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_secret(secret), prefix=secret[:PREFIX_LENGTH],
                     expires_at=expires_at)
    db.session.add(token)
    db.session.flush()
    return token, secret


def find(secret: str) -> ApiToken | None:
    """The token whose secret this is, usable or not."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    digest = hash_secret(secret)
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    return token


def owned_by(user) -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke(token: ApiToken) -> bool:
    """Stop ``token`` working from now on. False when it already was revoked."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    return True


def touch(token: ApiToken, now: datetime) -> bool:
    """Note that ``token`` was used; True when the row changed (the caller commits)."""
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        return True
    return False
