"""Password hashing (argon2id) and the password rule of QĐ 2019/QĐ-BTNMT Điều 10.4.

The rule: at least 8 characters; not equal to the user name; at least 3 of the 4 kinds — upper case
(A–Z), lower case (a–z), digits (0–9), special characters. Each broken rule gets its own message.
"""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 8


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_COST"],
                          parallelism=cfg["ARGON2_PARALLELISM"])


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def character_kinds(password: str) -> int:
    upper = any("A" <= c <= "Z" or (c.isupper()) for c in password)
    lower = any("a" <= c <= "z" or (c.islower()) for c in password)
    digit = any(c.isdigit() for c in password)
    special = any(not c.isalnum() and not c.isspace() for c in password)
    return sum((upper, lower, digit, special))


def password_problems(password: str, username: str = "") -> list[str]:
    """Messages (in the UI language) naming each rule the password breaks; empty when it is acceptable."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(str(_l("Mật khẩu phải có tối thiểu %(n)s ký tự.", n=MIN_LENGTH)))
    if username and password.strip().lower() == username.strip().lower():
        problems.append(str(_l("Mật khẩu không được trùng với tên tài khoản.")))
    if character_kinds(password) < 3:
        problems.append(str(_l(
            "Mật khẩu phải có ít nhất 3 trong 4 loại ký tự: chữ hoa (A-Z), chữ thường (a-z), "
            "chữ số (0-9), ký tự đặc biệt (!, @, #, %, &, *...).")))
    return problems
