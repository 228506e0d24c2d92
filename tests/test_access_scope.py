"""can(), visible_unit_ids() and scope_query(): scope, validity dates, revocation, siblings (CORE-06)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from platform_core.access.models import Membership, Role
from platform_core.access.service import can, permissions_on, scope_query, visible_unit_ids
from platform_core.accounts.models import User
from platform_core.timeutil import local_today
from platform_core.units import service
from platform_core.units.models import Unit

pytestmark = pytest.mark.req("CORE-06")
VIEW = "core.units.view"


@pytest.fixture
def tree(make_unit):
    """Tỉnh Nghệ An ─ Huyện Diễn Châu ─ Xã Diễn Ngọc ; sibling Tỉnh Quảng Ninh."""
    tinh = make_unit("40", "Tỉnh Nghệ An", type_code="province")
    huyen = make_unit("412", "Huyện Diễn Châu", parent=tinh, type_code="district")
    xa = make_unit("17011", "Xã Diễn Ngọc", parent=huyen, type_code="commune")
    other = make_unit("22", "Tỉnh Quảng Ninh", type_code="province")
    return {"tinh": tinh, "huyen": huyen, "xa": xa, "other": other}


def test_unit_scope_covers_the_unit_alone(db, make_user, tree):
    user = make_user("canbo", unit=tree["huyen"], role="officer", scope="unit")
    assert can(user, VIEW, tree["huyen"])
    assert not can(user, VIEW, tree["xa"])
    assert not can(user, VIEW, tree["tinh"])
    assert not can(user, VIEW, tree["other"])


def test_subtree_scope_covers_everything_below(db, make_user, tree):
    user = make_user("canbo", unit=tree["tinh"], role="officer", scope="subtree")
    assert can(user, VIEW, tree["tinh"]) and can(user, VIEW, tree["huyen"]) and can(user, VIEW, tree["xa"])
    assert not can(user, VIEW, tree["other"])
    assert not can(user, "core.units.manage", tree["xa"])


def test_subtree_scope_follows_a_moved_unit(db, make_user, tree):
    user = make_user("canbo", unit=tree["tinh"], role="officer", scope="subtree")
    service.move_unit(tree["huyen"], tree["other"])
    assert not can(user, VIEW, tree["xa"])
    assert can(user, VIEW, tree["tinh"])


def _membership(db, user):
    return db.session.scalar(select(Membership).where(Membership.user_id == user.id))


@pytest.mark.parametrize("valid_from, valid_to, allowed", [
    (0, None, True),     # starts today
    (None, 0, True),     # ends today (inclusive)
    (1, None, False),    # starts tomorrow
    (None, -1, False),   # ended yesterday
    (-10, 10, True),
])
def test_validity_dates_are_honoured(db, make_user, tree, valid_from, valid_to, allowed):
    user = make_user("canbo", unit=tree["tinh"], role="officer", scope="subtree")
    membership = _membership(db, user)
    today = local_today()
    membership.valid_from = None if valid_from is None else today + timedelta(days=valid_from)
    membership.valid_to = None if valid_to is None else today + timedelta(days=valid_to)
    db.session.commit()
    assert can(user, VIEW, tree["xa"]) is allowed
    assert can(user, VIEW) is allowed


def test_revoked_membership_gives_nothing(db, make_user, tree):
    user = make_user("canbo", unit=tree["tinh"], role="officer", scope="subtree")
    _membership(db, user).revoked = True
    db.session.commit()
    assert not can(user, VIEW, tree["tinh"])
    assert permissions_on(user, tree["huyen"]) == set()


def test_system_admin_can_everything(db, make_user, tree):
    admin = make_user("quantri", admin=True)
    assert can(admin, "it_reporting.report.edit", tree["other"])


def test_scope_query_returns_no_rows_of_a_sibling_unit(db, make_user, tree):
    for key in ("tinh", "huyen", "xa", "other"):
        make_user(f"nv.{tree[key].code}", unit=tree[key])
    viewer = make_user("qt.huyen", unit=tree["huyen"], role="officer", scope="subtree")

    rows = db.session.scalars(scope_query(select(User), User.unit_id, viewer, VIEW)).all()
    units = {u.unit_id for u in rows}
    assert units == {tree["huyen"].id, tree["xa"].id}
    assert tree["other"].id not in units and tree["tinh"].id not in units

    visible = set(db.session.scalars(select(Unit.code).where(Unit.id.in_(visible_unit_ids(viewer, VIEW)))))
    assert visible == {"412", "17011"}


def test_unit_scope_and_subtree_grants_add_up(db, make_user, tree):
    user = make_user("canbo", unit=tree["xa"], role="guest", scope="unit")
    officer = db.session.scalar(select(Role).where(Role.key == "officer"))
    db.session.add(Membership(user_id=user.id, unit_id=tree["other"].id, role_id=officer.id, scope="subtree"))
    db.session.commit()
    visible = set(db.session.scalars(select(Unit.code).where(Unit.id.in_(visible_unit_ids(user, VIEW)))))
    assert visible == {"22"}
    assert can(user, "core.published.view", tree["xa"]) and not can(user, VIEW, tree["xa"])
