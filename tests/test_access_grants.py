"""Granting and revoking roles: a unit administrator acts inside their own subtree and never hands out more
than they hold (CORE-06)."""
from datetime import date

import pytest
from sqlalchemy import func, select

from platform_core.access import grants
from platform_core.access.models import Membership, Role
from platform_core.access.service import can
from platform_core.units.service import dissolve_unit

pytestmark = pytest.mark.req("CORE-06")


@pytest.fixture
def tree(make_unit):
    tinh = make_unit("40", "Tỉnh Nghệ An", type_code="province")
    huyen = make_unit("412", "Huyện Diễn Châu", parent=tinh, type_code="district")
    xa = make_unit("17011", "Xã Diễn Ngọc", parent=huyen, type_code="commune")
    other = make_unit("22", "Tỉnh Quảng Ninh", type_code="province")
    return {"tinh": tinh, "huyen": huyen, "xa": xa, "other": other}


def role(db, key):
    return db.session.scalar(select(Role).where(Role.key == key))


def membership_count(db):
    return db.session.scalar(select(func.count()).select_from(Membership))


@pytest.fixture
def unit_admin(make_user, tree):
    return make_user("qt.nghean", unit=tree["tinh"], role="unit_admin", scope="subtree")


def test_unit_admin_grants_officer_inside_own_subtree(db, make_user, tree, unit_admin):
    staff = make_user("canbo.xa", unit=tree["xa"])
    membership = grants.grant_membership(unit_admin, staff, tree["huyen"], role(db, "officer"), "subtree")
    assert membership.granted_by_id == unit_admin.id
    assert can(staff, "core.units.view", tree["xa"])
    assert not can(staff, "core.units.view", tree["tinh"])


def test_unit_admin_is_refused_outside_own_subtree(db, make_user, tree, unit_admin):
    staff = make_user("canbo.qn", unit=tree["other"])
    before = membership_count(db)
    with pytest.raises(grants.GrantError, match="Thiếu quyền: .*core.memberships.grant"):
        grants.grant_membership(unit_admin, staff, tree["other"], role(db, "officer"))
    assert membership_count(db) == before
    assert not can(staff, "core.units.view", tree["other"])


def test_unit_admin_cannot_grant_a_role_with_permissions_they_lack(db, make_user, tree, unit_admin):
    staff = make_user("canbo.xa", unit=tree["xa"])
    before = membership_count(db)
    with pytest.raises(grants.GrantError) as refused:
        grants.grant_membership(unit_admin, staff, tree["xa"], role(db, "it_reporting.reporter"))
    message = str(refused.value)
    for permission in ("it_reporting.report.view", "it_reporting.report.edit", "it_reporting.report.export"):
        assert permission in message
    assert "Nhập, sửa báo cáo CNTT" in message  # the permission's title, for the person reading it
    assert "core.memberships.grant" not in message
    assert membership_count(db) == before


def test_unit_scope_admin_grants_unit_scope_but_not_subtree(db, make_user, tree):
    admin = make_user("qt.huyen", unit=tree["huyen"], role="unit_admin", scope="unit")
    staff = make_user("canbo", unit=tree["huyen"])
    with pytest.raises(grants.GrantError, match="toàn bộ cây đơn vị trực thuộc"):
        grants.grant_membership(admin, staff, tree["huyen"], role(db, "officer"), "subtree")
    grants.grant_membership(admin, staff, tree["huyen"], role(db, "officer"), "unit")
    assert can(staff, "core.units.view", tree["huyen"]) and not can(staff, "core.units.view", tree["xa"])
    with pytest.raises(grants.GrantError):
        grants.grant_membership(admin, staff, tree["xa"], role(db, "officer"), "unit")


def test_system_admin_grants_anything_anywhere(db, make_user, tree):
    admin = make_user("quantri", admin=True)
    staff = make_user("cntt", unit=tree["other"])
    grants.grant_membership(admin, staff, tree["other"], role(db, "it_reporting.reporter"), "subtree")
    assert can(staff, "it_reporting.report.edit", tree["other"])


def test_dates_and_duplicates(db, make_user, tree, unit_admin):
    staff = make_user("canbo", unit=tree["xa"])
    with pytest.raises(grants.GrantError, match="Ngày hết hiệu lực"):
        grants.grant_membership(unit_admin, staff, tree["xa"], role(db, "officer"),
                                valid_from=date(2026, 5, 1), valid_to=date(2026, 4, 1))
    grants.grant_membership(unit_admin, staff, tree["xa"], role(db, "officer"))
    with pytest.raises(grants.GrantError, match="đã có vai trò"):
        grants.grant_membership(unit_admin, staff, tree["xa"], role(db, "officer"))


def test_revoke_removes_the_permission_and_keeps_the_record(db, make_user, tree, unit_admin):
    staff = make_user("canbo", unit=tree["xa"])
    membership = grants.grant_membership(unit_admin, staff, tree["xa"], role(db, "officer"))
    grants.revoke_membership(unit_admin, membership)
    assert not can(staff, "core.units.view", tree["xa"])
    assert db.session.get(Membership, membership.id).revoked
    again = grants.grant_membership(unit_admin, staff, tree["xa"], role(db, "officer"))
    assert again.id == membership.id and not again.revoked


def test_unit_admin_cannot_revoke_what_they_could_not_grant(db, make_user, tree, unit_admin):
    admin = make_user("quantri", admin=True)
    staff = make_user("cntt", unit=tree["xa"])
    membership = grants.grant_membership(admin, staff, tree["xa"], role(db, "it_reporting.reporter"))
    with pytest.raises(grants.GrantError, match="it_reporting.report.edit"):
        grants.revoke_membership(unit_admin, membership)
    db.session.expire_all()
    assert not db.session.get(Membership, membership.id).revoked


def test_no_grants_on_a_dissolved_unit(db, make_user, tree, unit_admin):
    dissolve_unit(tree["xa"])
    staff = make_user("canbo", unit=tree["huyen"])
    with pytest.raises(grants.GrantError, match="đã giải thể"):
        grants.grant_membership(unit_admin, staff, tree["xa"], role(db, "officer"))


def test_regime_cap_on_accounts_per_unit_holds_for_grants(db, make_user, tree):
    admin = make_user("quantri", admin=True)
    reporter = role(db, "it_reporting.reporter")  # QĐ 1676: at most 2 accounts per unit
    for name in ("cntt1", "cntt2"):
        grants.grant_membership(admin, make_user(name, unit=tree["xa"]), tree["xa"], reporter)
    third = make_user("cntt3", unit=tree["xa"])
    with pytest.raises(grants.GrantError, match="tối đa 2 tài khoản"):
        grants.grant_membership(admin, third, tree["xa"], reporter)
    assert not can(third, "it_reporting.report.edit", tree["xa"])
