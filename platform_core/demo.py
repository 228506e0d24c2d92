"""``flask demo seed``: a realistic unit tree, one demo account per role, every plugin enabled.

Idempotent: what exists is left as it is (a changed password stays changed).
"""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from platform_core.extensions import db

UNIT_TYPES = [
    ("ministry", "Bộ"), ("department", "Cục, Vụ, Sở, Văn phòng"), ("province", "Tỉnh, thành phố trực thuộc TW"),
    ("district", "Huyện, thị xã, thành phố thuộc tỉnh"), ("commune", "Xã, phường, thị trấn"),
    ("company", "Doanh nghiệp, cơ sở"),
]

# (code, name, type, parent code, abbreviation). Province codes are the official ones (40, 22); the
# others are illustrative demo codes.
UNITS = [
    ("BTNMT", "Bộ Tài nguyên và Môi trường", "ministry", None, "btnmt"),
    ("BTNMT-CNTT", "Cục Chuyển đổi số và Thông tin dữ liệu tài nguyên môi trường", "department", "BTNMT", "cntt"),
    ("BTNMT-TCCB", "Vụ Tổ chức cán bộ", "department", "BTNMT", "tccb"),
    ("BTNMT-VP", "Văn phòng Bộ", "department", "BTNMT", "vp"),
    ("BTNMT-KSONMT", "Cục Kiểm soát ô nhiễm môi trường", "department", "BTNMT", "ksonmt"),
    ("BTNMT-BDKH", "Cục Biến đổi khí hậu", "department", "BTNMT", "bdkh"),
    ("40", "Tỉnh Nghệ An", "province", None, "nghean"),
    ("40-VP", "Văn phòng Ủy ban nhân dân tỉnh Nghệ An", "department", "40", "vpubnd"),
    ("40-STNMT", "Sở Tài nguyên và Môi trường Nghệ An", "department", "40", "stnmt"),
    ("40-SKHDT", "Sở Kế hoạch và Đầu tư Nghệ An", "department", "40", "skhdt"),
    ("40-VINH", "Thành phố Vinh", "district", "40", "vinh"),
    ("40-VINH-HB", "Phường Hưng Bình", "commune", "40-VINH", "hungbinh"),
    ("40-VINH-LM", "Phường Lê Mao", "commune", "40-VINH", "lemao"),
    ("40-VINH-HD", "Xã Hưng Đông", "commune", "40-VINH", "hungdong"),
    ("40-DC", "Huyện Diễn Châu", "district", "40", "dienchau"),
    ("40-DC-TT", "Thị trấn Diễn Châu", "commune", "40-DC", "ttdienchau"),
    ("40-DC-DN", "Xã Diễn Ngọc", "commune", "40-DC", "dienngoc"),
    ("22", "Tỉnh Quảng Ninh", "province", None, "quangninh"),
    ("22-STNMT", "Sở Tài nguyên và Môi trường Quảng Ninh", "department", "22", "stnmt"),
    ("22-QT", "Trung tâm Quan trắc Tài nguyên và Môi trường Quảng Ninh", "department", "22-STNMT", "quantrac"),
    ("22-TKV", "Tập đoàn Công nghiệp Than – Khoáng sản Việt Nam (cơ sở tại Quảng Ninh)", "company", "22", "tkv"),
    ("22-TKV-HL", "Công ty Than Hà Lầm – TKV", "company", "22-TKV", "halam"),
    ("22-TKV-NB", "Công ty Than Núi Béo – TKV", "company", "22-TKV", "nuibeo"),
]

DEMO_PASSWORD = "Demo@2026"
ADMIN_PASSWORD = "Quantri@2026"
# (username, full name, unit code, role key, scope, position)
USERS = [
    ("qt.btnmt", "Trần Minh Quân", "BTNMT", "unit_admin", "subtree", "Quản trị hệ thống của Bộ"),
    ("qt.nghean", "Nguyễn Thị Hương", "40", "unit_admin", "subtree", "Quản trị hệ thống của tỉnh"),
    ("qt.vinh", "Hồ Văn Nam", "40-VINH", "unit_admin", "subtree", "Quản trị hệ thống cấp huyện"),
    ("canbo.vp", "Phạm Thu Trang", "BTNMT-VP", "officer", "unit", "Chuyên viên"),
    ("cntt.baocao", "Lê Văn Hùng", "BTNMT-CNTT", "it_reporting.reporter", "unit", "Chuyên viên báo cáo CNTT"),
    ("cntt.tonghop", "Đặng Thị Mai", "BTNMT", "it_reporting.officer", "subtree", "Chuyên viên tổng hợp CNTT"),
    ("tccb.hoso", "Vũ Đức Thắng", "BTNMT", "civil_servants.manager", "subtree", "Chuyên viên Vụ Tổ chức cán bộ"),
    ("tccb.xem", "Bùi Thị Lan", "BTNMT-TCCB", "civil_servants.viewer", "unit", "Chuyên viên"),
    ("vinh.nhaplieu", "Phan Văn Đức", "40-VINH", "provincial_reports.entry", "unit", "Chuyên viên"),
    ("vinh.tonghop", "Ngô Thị Hà", "40-VINH", "provincial_reports.consolidator", "subtree", "Chuyên viên tổng hợp"),
    ("nghean.lanhdao", "Thái Văn Thành", "40", "provincial_reports.approver", "subtree", "Phó Chánh Văn phòng"),
    ("nghean.gui", "Cao Thị Nga", "40", "provincial_reports.sender", "subtree", "Văn thư"),
    ("thudientu.qt", "Đỗ Văn Long", "BTNMT-CNTT", "email_governance.admin", "subtree", "Quản trị thư điện tử"),
    ("quantrac.qn", "Lương Thị Thu", "22", "env_monitoring.manager", "subtree", "Chuyên viên quan trắc"),
    ("halam.coso", "Hoàng Văn Sơn", "22-TKV-HL", "env_monitoring.facility", "unit", "Cán bộ môi trường"),
    ("khach.demo", "Khách tham quan", "22", "guest", "subtree", "Khách"),
]


def seed() -> list[str]:
    """Create what is missing; return the lines to print (accounts and passwords)."""
    from platform_core.access.models import Membership, Role
    from platform_core.access.roles import sync_roles
    from platform_core.accounts.models import User
    from platform_core.accounts.passwords import hash_password
    from platform_core.plugins import activation
    from platform_core.plugins.manager import get_registry
    from platform_core.units.models import Unit
    from platform_core.units.service import create_unit, ensure_unit_type

    registry = get_registry()
    sync_roles(registry)
    for code, name in UNIT_TYPES:
        ensure_unit_type(code, name)
    units = {u.code: u for u in db.session.scalars(select(Unit)).all()}
    for code, name, type_code, parent_code, abbr in UNITS:
        if code not in units:
            units[code] = create_unit(code, name, type_code, parent=units.get(parent_code), abbreviation=abbr)
    db.session.commit()

    lines = ["Tài khoản demo (tên đăng nhập / mật khẩu / vai trò / đơn vị):"]
    admin = db.session.scalar(select(User).where(User.username == "quantri"))
    if admin is None:
        admin = User(username="quantri", full_name="Quản trị hệ thống", is_admin=True, must_change_password=True,
                     password_hash=hash_password(ADMIN_PASSWORD), unit_id=units["BTNMT"].id,
                     email="quantri@example.gov.vn", position="Quản trị hệ thống")
        db.session.add(admin)
    lines.append(f"  quantri / {ADMIN_PASSWORD} / quản trị hệ thống (đổi mật khẩu khi đăng nhập lần đầu)")
    roles = {r.key: r for r in db.session.scalars(select(Role)).all()}
    for username, full_name, unit_code, role_key, scope, position in USERS:
        if role_key not in roles:
            continue
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(username=username, full_name=full_name, unit_id=units[unit_code].id, position=position,
                        password_hash=hash_password(DEMO_PASSWORD), must_change_password=False,
                        email=f"{username}@example.gov.vn")
            db.session.add(user)
            db.session.flush()
            db.session.add(Membership(user_id=user.id, unit_id=units[unit_code].id, role_id=roles[role_key].id,
                                      scope=scope))
        lines.append(f"  {username} / {DEMO_PASSWORD} / {roles[role_key].name} / {units[unit_code].name}")
    db.session.commit()

    for key in registry.loaded:
        activation.enable(key)
    db.session.commit()
    for _key, extra in registry.results("seed_demo", session=db.session):
        db.session.commit()
        lines.extend(extra or [])
    return lines


@click.group("demo")
def demo_group():
    """Demo data."""


@demo_group.command("seed")
@with_appcontext
def seed_command():
    """Build the demo unit tree and accounts (idempotent) and print the demo log-ins."""
    for line in seed():
        click.echo(line)


def register(app):
    app.cli.add_command(demo_group)
