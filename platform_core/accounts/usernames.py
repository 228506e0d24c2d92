"""The user name rule: personal, at least 6 characters, lower-case letters without diacritics, digits,
dot and underscore, written as one word (seed 000, annex 1: "tối thiểu 6 ký tự không dấu, viết liền")."""
import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from platform_core.extensions import db

USERNAME_PATTERN = re.compile(r"^[a-z0-9._]{6,64}$")
MIN_LENGTH, MAX_LENGTH = 6, 64


def normalise(username: str | None) -> str:
    """User names are compared and stored in lower case."""
    return (username or "").strip().lower()


def _has_diacritics(text: str) -> bool:
    return any(ord(c) > 127 and unicodedata.category(c).startswith("L") for c in text) or any(
        unicodedata.combining(c) for c in unicodedata.normalize("NFD", text))


def username_problems(username: str) -> list[str]:
    """Messages naming each part of the rule ``username`` breaks; empty when it is acceptable."""
    name = normalise(username)
    problems = []
    if len(name) < MIN_LENGTH:
        problems.append(str(_l("Tên tài khoản phải có tối thiểu %(n)s ký tự.", n=MIN_LENGTH)))
    if len(name) > MAX_LENGTH:
        problems.append(str(_l("Tên tài khoản không được dài quá %(n)s ký tự.", n=MAX_LENGTH)))
    if _has_diacritics(name):
        problems.append(str(_l("Tên tài khoản phải viết không dấu "
                               "(ví dụ: nguyenvana, không phải nguyễnvăna).")))
    if any(c.isspace() for c in name):
        problems.append(str(_l("Tên tài khoản phải viết liền, không có khoảng trắng.")))
    if not problems and not USERNAME_PATTERN.match(name):
        problems.append(str(_l("Tên tài khoản chỉ được gồm chữ cái không dấu (a-z), chữ số (0-9), "
                               "dấu chấm (.) và dấu gạch dưới (_).")))
    return problems


def username_taken(username: str, include_pending: bool = True) -> bool:
    """True when an account (or, with ``include_pending``, a pending registration request) uses the name."""
    from platform_core.accounts.models import REQUEST_PENDING, RegistrationRequest, User

    name = normalise(username)
    if db.session.scalar(select(User.id).where(func.lower(User.username) == name).limit(1)) is not None:
        return True
    if not include_pending:
        return False
    return db.session.scalar(
        select(RegistrationRequest.id).where(func.lower(RegistrationRequest.username) == name,
                                             RegistrationRequest.status == REQUEST_PENDING).limit(1)
    ) is not None
