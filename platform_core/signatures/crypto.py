"""Encryption at rest of uploaded PKCS#12 files (Fernet: AES-128-CBC + HMAC-SHA256).

The Fernet key is derived with HKDF-SHA256 from the ``SIGNING_KEY`` setting, so administrators can set
any long random string (``python -c "import secrets; print(secrets.token_urlsafe(48))"``) rather than
a Fernet-formatted key. In production ``SIGNING_KEY`` is required and must be at least 32 characters.
In development and testing, when it is empty, the key is derived from ``SECRET_KEY`` with a different
HKDF ``info`` label, so the two keys are never equal and a development database needs no extra setting.

Changing ``SIGNING_KEY`` makes the stored credentials unreadable: users upload their certificates again.
"""
import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

MIN_LENGTH = 32
_SALT = b"platform_core.signatures"
_INFO_SIGNING_KEY = b"pkcs12-at-rest:SIGNING_KEY"
_INFO_FROM_SECRET = b"pkcs12-at-rest:derived-from-SECRET_KEY"


class SigningKeyError(RuntimeError):
    """The server's signing key is missing, too short, or not the key the data was encrypted with."""


def _derive(secret: str, info: bytes) -> bytes:
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=info).derive(secret.encode("utf-8"))
    return base64.urlsafe_b64encode(raw)


def fernet_key() -> bytes:
    secret = current_app.config.get("SIGNING_KEY") or ""
    if secret:
        if len(secret) < MIN_LENGTH and current_app.config.get("PLATFORM_ENV") == "production":
            raise SigningKeyError(f"SIGNING_KEY must be at least {MIN_LENGTH} characters in production.")
        return _derive(secret, _INFO_SIGNING_KEY)
    if current_app.config.get("PLATFORM_ENV") == "production":
        raise SigningKeyError(
            "SIGNING_KEY is not set: digital signing needs a key to encrypt certificates at rest. "
            f"Set SIGNING_KEY (at least {MIN_LENGTH} random characters) in the site configuration or "
            "the environment.")
    return _derive(current_app.config["SECRET_KEY"], _INFO_FROM_SECRET)


def encrypt(data: bytes) -> bytes:
    return Fernet(fernet_key()).encrypt(data)


def decrypt(token: bytes) -> bytes:
    try:
        return Fernet(fernet_key()).decrypt(bytes(token))
    except InvalidToken:
        raise SigningKeyError("The stored certificate cannot be decrypted with the current SIGNING_KEY.") from None
