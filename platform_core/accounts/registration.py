"""Account registration requests (seed 000 Điều 5, Phụ lục 1): deciding them, and the cap on accounts a
regime allows per unit (``PluginInfo.accounts_per_unit``)."""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import or_, select

from platform_core import audit
from platform_core.access.models import Membership, Role
from platform_core.accounts import review_deadline, service
from platform_core.accounts.models import (
    REQUEST_APPROVED,
    REQUEST_PENDING,
    REQUEST_REJECTED,
    RegistrationRequest,
    User,
)
from platform_core.accounts.usernames import username_taken
from platform_core.extensions import db
from platform_core.timeutil import local_today, utcnow
from platform_core.units.models import Unit


class RegistrationError(Exception):
    """The decision cannot be made; ``str()`` is the message for the administrator."""


class AccountCapExceeded(RegistrationError):
    pass


@dataclass
class Approval:
    user: User
    password: str
    recipients: list[str] = field(default_factory=list)


def regime_title(plugin_key: str) -> str:
    from platform_core.plugins.manager import get_registry

    record = get_registry().records.get(plugin_key)
    return record.info.title if record is not None and record.info is not None else plugin_key


def regime_choices() -> list[tuple[str, str]]:
    """``(plugin key, title)`` of every loaded regime plugin, for the registration form."""
    from platform_core.plugins.manager import get_registry

    return [(key, record.info.title) for key, record in get_registry().loaded.items()]


def account_cap(plugin_key: str) -> int | None:
    from platform_core.plugins.manager import get_registry

    record = get_registry().records.get(plugin_key)
    return record.info.accounts_per_unit if record is not None and record.info is not None else None


def accounts_holding(unit, plugin_key: str) -> set[int]:
    """Ids of the active users holding a current, non-revoked role of ``plugin_key`` on ``unit``."""
    today = local_today()
    stmt = (
        select(Membership.user_id).distinct()
        .join(Role, Role.id == Membership.role_id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.unit_id == unit.id, Membership.revoked.is_(False), Role.plugin_key == plugin_key,
               User.active.is_(True), or_(Membership.valid_to.is_(None), Membership.valid_to >= today))
    )
    return set(db.session.scalars(stmt))


def check_account_cap(unit, plugin_key: str, user_id: int | None = None) -> None:
    """Raise :class:`AccountCapExceeded` when one more account (``user_id``, or a new one) holding a role of
    ``plugin_key`` on ``unit`` would exceed the regime's cap. Use before granting any such role, in the
    transaction that grants it, after locking the unit row (``lock_row(Unit, unit.id)``) so that two grants
    at once cannot both pass."""
    cap = account_cap(plugin_key)
    if cap is None:
        return
    holders = accounts_holding(unit, plugin_key)
    if user_id is not None and user_id in holders:
        return
    if len(holders) >= cap:
        raise AccountCapExceeded(_(
            "Không thể cấp thêm tài khoản: đơn vị “%(unit)s” đã có %(count)s tài khoản sử dụng "
            "chế độ báo cáo “%(regime)s”, tối đa %(cap)s tài khoản cho mỗi đơn vị.",
            unit=unit.name, count=len(holders), regime=regime_title(plugin_key), cap=cap))


def regime_roles(plugin_key: str) -> list[Role]:
    """Roles of a regime in the order the plugin declared them (its first role is the default)."""
    from platform_core.plugins.manager import get_registry

    stmt = select(Role).where(Role.key.startswith(f"{plugin_key}.", autoescape=True))
    roles = db.session.scalars(stmt).all()
    declared = list(get_registry().roles)
    return sorted(roles, key=lambda r: (declared.index(r.key) if r.key in declared else len(declared), r.key))


def lock_row(model, row_id):
    """Re-read the row and lock it until commit (PostgreSQL; SQLite serialises writers anyway), so two
    reviewers deciding at once cannot both pass the checks."""
    stmt = select(model).where(model.id == row_id).with_for_update(of=model)
    return db.session.scalar(stmt.execution_options(populate_existing=True))


def approve(req: RegistrationRequest, unit: Unit, roles: dict[str, Role], reviewer: User) -> Approval:
    """Create the account and its memberships and mark the request approved, in one transaction.

    ``roles`` maps each requested regime to the role to grant. Every check runs before anything is
    written; on :class:`RegistrationError` the session is rolled back and nothing is stored.
    """
    try:
        req = lock_row(RegistrationRequest, req.id)
        unit = lock_row(Unit, unit.id)
        if req.status != REQUEST_PENDING:
            raise RegistrationError(_("Yêu cầu này đã được xử lý."))
        if not unit.is_active:
            raise RegistrationError(_("Đơn vị “%(unit)s” đã giải thể.", unit=unit.name))
        if username_taken(req.username, include_pending=False):
            raise RegistrationError(_("Tên tài khoản “%(name)s” đã được sử dụng. Hãy từ chối yêu cầu và "
                                      "đề nghị đơn vị đăng ký tên khác.", name=req.username))
        for key in req.regimes or []:
            role = roles.get(key)
            if role is None or role.plugin_key != key:
                raise RegistrationError(_("Chưa chọn vai trò cho chế độ báo cáo “%(regime)s”.",
                                          regime=regime_title(key)))
            check_account_cap(unit, key)
    except RegistrationError:
        db.session.rollback()
        raise

    password = service.generate_temporary_password()
    user = service.create_user(
        req.username, req.contact_name, password, email=req.contact_email,
        phone=req.contact_mobile or req.contact_landline, position=req.contact_position,
        unit=unit, must_change=True)
    for key in req.regimes or []:
        service.grant(user, unit, roles[key], granted_by=reviewer)
    req.status, req.unit_id, req.created_user_id = REQUEST_APPROVED, unit.id, user.id
    req.decided_by_id, req.decided_at = reviewer.id, utcnow()
    review_deadline.close_for(req)
    audit.record("registration.approve", object_type="registration_request", object_id=req.id,
                 unit_id=unit.id, summary=f"Duyệt đăng ký tài khoản {user.username} cho đơn vị {unit.code}")
    db.session.commit()
    return Approval(user=user, password=password, recipients=[req.contact_email, req.email])


def reject(req: RegistrationRequest, reason: str, reviewer: User) -> None:
    req = lock_row(RegistrationRequest, req.id)
    if req.status != REQUEST_PENDING:
        db.session.rollback()
        raise RegistrationError(_("Yêu cầu này đã được xử lý."))
    req.status, req.decision_note = REQUEST_REJECTED, reason
    req.decided_by_id, req.decided_at = reviewer.id, utcnow()
    review_deadline.close_for(req)
    audit.record("registration.reject", object_type="registration_request", object_id=req.id,
                 summary=f"Từ chối đăng ký tài khoản {req.username}")
    db.session.commit()

