"""Redirect targets taken from user input are accepted only as paths on this site."""
from urllib.parse import urlsplit


def safe_next(target: str | None, fallback: str) -> str:
    """``target`` when it is a relative path on this site ("/x?y"), otherwise ``fallback``.

    Refuses absolute URLs, scheme-relative ``//host`` and ``/\\host`` (browsers read both as another
    site), and control characters.
    """
    if not target or any(ord(c) < 32 or c == "\x7f" for c in target):
        return fallback
    target = target.strip()
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
