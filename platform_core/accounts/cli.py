"""``flask users create`` and ``flask users list``."""
import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from platform_core.access.models import SCOPE_SUBTREE, SCOPE_UNIT, Role
from platform_core.accounts import service
from platform_core.accounts.models import User
from platform_core.accounts.passwords import password_problems
from platform_core.accounts.usernames import normalise, username_problems, username_taken
from platform_core.extensions import db
from platform_core.units.models import Unit


@click.group("users")
def users_group():
    """Personal user accounts."""


def _fail(messages):
    for message in messages:
        click.echo(_("Lỗi: %(message)s", message=message), err=True)
    raise SystemExit(1)


@users_group.command("create")
@click.option("--username", required=True,
              help="Tên tài khoản: a-z, 0-9, dấu chấm, gạch dưới; tối thiểu 6 ký tự.")
@click.option("--password", required=True,
              help="Mật khẩu (≥ 8 ký tự, ≥ 3 trong 4 loại ký tự, khác tên tài khoản).")
@click.option("--full-name", default=None, help="Họ và tên (mặc định: tên tài khoản).")
@click.option("--email", default=None)
@click.option("--admin", is_flag=True, help="Quản trị hệ thống (mọi quyền trên mọi đơn vị).")
@click.option("--unit", "unit_code", default=None,
              help="Mã đơn vị của tài khoản (kèm --role để cấp vai trò).")
@click.option("--role", "role_key", default=None, help="Khoá vai trò cấp trên đơn vị, ví dụ unit_admin.")
@click.option("--scope", type=click.Choice([SCOPE_UNIT, SCOPE_SUBTREE]), default=SCOPE_UNIT,
              show_default=True)
@click.option("--no-force-change", is_flag=True, help="Không bắt đổi mật khẩu ở lần đăng nhập đầu.")
@with_appcontext
def create_command(username, password, full_name, email, admin, unit_code, role_key, scope, no_force_change):
    """Create a personal account (by default it must change its password at first login)."""
    username = normalise(username)
    problems = username_problems(username) + password_problems(password, username)
    if not username_problems(username) and username_taken(username):
        problems.append(_("Tên tài khoản “%(name)s” đã được sử dụng hoặc đang chờ duyệt.", name=username))
    if role_key and not unit_code:
        problems.append(_("--role cần đi kèm --unit."))
    unit = role = None
    if unit_code:
        unit = db.session.scalar(select(Unit).where(Unit.code == unit_code))
        if unit is None:
            problems.append(_("Không có đơn vị mã “%(code)s”.", code=unit_code))
    if role_key:
        role = db.session.scalar(select(Role).where(Role.key == role_key))
        if role is None:
            problems.append(_("Không có vai trò “%(key)s” (xem `flask roles sync`).", key=role_key))
    if problems:
        _fail(problems)
    user = service.create_user(username, full_name or username, password, email=email, unit=unit,
                               is_admin=admin, must_change=not no_force_change)
    if role is not None:
        service.grant(user, unit, role, scope=scope)
    db.session.commit()
    details = [_("đơn vị %(code)s", code=unit.code) if unit else None,
               _("vai trò %(key)s (%(scope)s)", key=role.key, scope=scope) if role else None,
               _("quản trị hệ thống") if admin else None,
               _("phải đổi mật khẩu khi đăng nhập") if not no_force_change else None]
    click.echo(_("Đã tạo tài khoản %(name)s", name=user.username)
               + "".join(f"; {d}" for d in details if d) + ".")


@users_group.command("list")
@with_appcontext
def list_command():
    """Every account: user name, name, unit, state."""
    users = db.session.scalars(select(User).order_by(User.username)).all()
    for user in users:
        flags = [label for label, on in ((_("quản trị hệ thống"), user.is_admin),
                                         (_("ngừng hoạt động"), not user.active),
                                         (_("phải đổi mật khẩu"), user.must_change_password)) if on]
        unit = user.unit.code if user.unit else "-"
        suffix = f"  [{', '.join(flags)}]" if flags else ""
        click.echo(f"{user.username:30} {unit:16} {user.full_name}{suffix}")
    click.echo(_("%(n)s tài khoản.", n=len(users)))


def register(app):
    app.cli.add_command(users_group)
