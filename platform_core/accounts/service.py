"""What happens to accounts: signing in (with lock-out), passwords, sessions, activation.

Callers commit. The lock-out counters live on the ``users`` row, so they hold across every worker.
"""
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from platform_core import audit
from platform_core.access.models import SCOPE_UNIT, Membership
from platform_core.access.service import can, is_system_admin
from platform_core.accounts.models import User
from platform_core.accounts.passwords import hash_password, needs_rehash, verify_password
from platform_core.accounts.usernames import normalise
from platform_core.core_hooks import USERS_MANAGE
from platform_core.extensions import db
from platform_core.timeutil import format_datetime, utcnow

# Temporary passwords avoid look-alikes (I/l/1, O/0) so they survive being read out or retyped.
_UPPER, _LOWER = "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz"
_DIGITS, _SPECIAL = "23456789", "!@#$%&*?-_+"


@dataclass
class LoginResult:
    user: User | None = None
    error: str | None = None


def bad_credentials_message() -> str:
    return _("Tên đăng nhập hoặc mật khẩu không đúng.")


def locked_message(until) -> str:
    return _("Tài khoản tạm thời bị khoá do đăng nhập sai %(n)s lần liên tiếp. "
             "Vui lòng thử lại sau %(time)s.",
             n=current_app.config["LOGIN_MAX_FAILURES"], time=format_datetime(until))


def _dummy_hash() -> str:
    """A hash to verify against for unknown user names, so they take as long as wrong passwords."""
    cache = current_app.extensions.setdefault("accounts", {})
    if "dummy_hash" not in cache:
        cache["dummy_hash"] = hash_password(secrets.token_urlsafe(16))
    return cache["dummy_hash"]


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == normalise(username)))


def authenticate(username: str, password: str) -> LoginResult:
    """Check a sign-in attempt, update the lock-out counters and record it; commits."""
    user = find_user(username)
    now = utcnow()
    if user is None:
        verify_password(_dummy_hash(), password)
        audit.record("login_failed", username=normalise(username)[:64], summary="Tài khoản không tồn tại")
        db.session.commit()
        return LoginResult(error=bad_credentials_message())
    if user.locked_until is not None and user.locked_until > now:
        audit.record("login_failed", object_type="user", object_id=user.id, unit_id=user.unit_id,
                     username=user.username, summary="Tài khoản đang tạm khoá")
        db.session.commit()
        return LoginResult(error=locked_message(user.locked_until))
    if not verify_password(user.password_hash, password):
        return _failed(user, now)
    if not user.is_active:
        audit.record("login_failed", object_type="user", object_id=user.id, unit_id=user.unit_id,
                     username=user.username, summary="Tài khoản đã ngừng hoạt động")
        db.session.commit()
        return LoginResult(error=_("Tài khoản đã ngừng hoạt động. Vui lòng liên hệ quản trị hệ thống."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_login_count, user.locked_until, user.last_login_at = 0, None, now
    audit.record("login", actor=user, object_type="user", object_id=user.id, unit_id=user.unit_id)
    db.session.commit()
    return LoginResult(user=user)


def _failed(user: User, now) -> LoginResult:
    """Count a wrong password; the increment is done by the database so parallel workers add up."""
    if user.locked_until is not None:  # an earlier lock has run out: start counting again
        user.failed_login_count, user.locked_until = 1, None
    else:
        user.failed_login_count = User.failed_login_count + 1
    db.session.flush()
    db.session.refresh(user, ["failed_login_count"])
    audit.record("login_failed", object_type="user", object_id=user.id, unit_id=user.unit_id,
                 username=user.username, summary=f"Sai mật khẩu (lần {user.failed_login_count})")
    cfg = current_app.config
    if user.failed_login_count >= cfg["LOGIN_MAX_FAILURES"]:
        user.locked_until = now + timedelta(minutes=cfg["LOGIN_LOCKOUT_MINUTES"])
        audit.record("lockout", object_type="user", object_id=user.id, unit_id=user.unit_id,
                     username=user.username,
                     summary=f"Khoá tạm thời đến {format_datetime(user.locked_until)}")
        db.session.commit()
        return LoginResult(error=locked_message(user.locked_until))
    db.session.commit()
    return LoginResult(error=bad_credentials_message())


def end_sessions(user: User) -> None:
    """Every login cookie of the user stops working (the version is part of it, see ``User.get_id``)."""
    user.session_version = (user.session_version or 1) + 1


def set_password(user: User, password: str, temporary: bool = False) -> None:
    """Store a new password; ends the user's sessions and lifts any lock."""
    user.password_hash = hash_password(password)
    user.must_change_password = temporary
    user.password_changed_at = utcnow()
    user.failed_login_count, user.locked_until = 0, None
    end_sessions(user)


def generate_temporary_password(length: int = 14) -> str:
    """A random password meeting the rule (all four kinds), without look-alike characters."""
    kinds = (_UPPER, _LOWER, _DIGITS, _SPECIAL)
    chars = [secrets.choice(k) for k in kinds]
    chars += [secrets.choice("".join(kinds)) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def reset_password(user: User) -> str:
    """Give the user a temporary password (to change at next login); returns it."""
    password = generate_temporary_password()
    set_password(user, password, temporary=True)
    audit.record("user.password_reset", object_type="user", object_id=user.id, unit_id=user.unit_id,
                 summary=f"Đặt lại mật khẩu tài khoản {user.username}")
    return password


def deactivate(user: User) -> None:
    user.active = False
    end_sessions(user)
    audit.record("user.deactivate", object_type="user", object_id=user.id, unit_id=user.unit_id,
                 summary=f"Ngừng hoạt động tài khoản {user.username}")


def reactivate(user: User) -> None:
    user.active = True
    user.failed_login_count, user.locked_until = 0, None
    audit.record("user.reactivate", object_type="user", object_id=user.id, unit_id=user.unit_id,
                 summary=f"Kích hoạt lại tài khoản {user.username}")


def create_user(username: str, full_name: str, password: str, *, email=None, phone=None, position=None,
                unit=None, is_admin: bool = False, must_change: bool = True) -> User:
    """Add a personal account (the caller has checked the name and the password rule)."""
    user = User(username=normalise(username), full_name=full_name, email=email or None, phone=phone or None,
                position=position or None, unit_id=unit.id if unit is not None else None, is_admin=is_admin,
                password_hash=hash_password(password), must_change_password=must_change,
                password_changed_at=None if must_change else utcnow(), session_version=1,
                failed_login_count=0, active=True)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", object_type="user", object_id=user.id, unit_id=user.unit_id,
                 summary=f"Tạo tài khoản {user.username}")
    return user


def grant(user: User, unit, role, scope: str = SCOPE_UNIT, granted_by: User | None = None) -> Membership:
    membership = Membership(user_id=user.id, unit_id=unit.id, role_id=role.id, scope=scope,
                            granted_by_id=granted_by.id if granted_by is not None else None)
    db.session.add(membership)
    return membership


def may_manage(actor, target: User) -> bool:
    """May ``actor`` edit, (de)activate or reset ``target``? Unit administrators never reach system
    administrators or accounts outside every unit."""
    if is_system_admin(actor):
        return True
    if target.is_admin or target.unit_id is None:
        return False
    return can(actor, USERS_MANAGE, target.unit_id)
