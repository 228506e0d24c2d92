"""Roles per report function, granted once by the unit administrator (RPT-06, Đ7.2–7.3).

The roles are per function (entry, consolidation, approval, sending), not per regime: every regime's
report type checks the same four permissions on the report's unit, so one grant covers every regime
assigned to the unit, now and later. A district administrator registers commune officers and grants
them roles in the communes under the district, and nowhere else.
"""
import pytest
from sqlalchemy import select

from tests.plugins.provincial_reports import pr_support as pr

FUNCTION_ROLES = ("provincial_reports.entry", "provincial_reports.consolidator", "provincial_reports.approver",
                  "provincial_reports.sender")


@pytest.fixture
def district(app, db, make_unit, make_user):
    """Thành phố Vinh's administrator (one account, Đ7.2), holding only the unit administrator role over
    the city and its communes (the officer roles are delegable); two regimes assigned to the city's subtree; and a
    second district, Huyện Con Cuông, with a commune of its own."""
    from plugins.provincial_reports import assignment

    pr.enable()
    pr.library()
    units = pr.province(make_unit)
    units["cc"] = make_unit("40-CC", "Huyện Con Cuông", parent=units["tinh"], type_code="district")
    units["ms"] = make_unit("40-CC-MS", "Xã Môn Sơn", parent=units["cc"], type_code="commune")
    admin = make_user("quantri", admin=True)
    regimes = []
    for code, name in (("KTXH-THANG", "Báo cáo kinh tế - xã hội tháng"), ("LDVL-THANG", "Báo cáo lao động tháng")):
        regime, _v = pr.regime(code=code, name=name, kind="central", frequency="calendar_month", due_day=18,
                               status="draft")
        assignment.assign(regime, admin, subtree_ids=[units["vinh"].id])
        regimes.append(regime)
    chief = make_user("qt_vinh", unit=units["vinh"], role="unit_admin", scope="subtree")
    return {**units, "admin": admin, "chief": chief, "regimes": regimes}


def _role_id(db, key):
    from platform_core.access.models import Role

    return db.session.scalar(select(Role.id).where(Role.key == key))


def _register(client, username, unit):
    return client.post("/admin/users/new", data={"username": username, "full_name": "Nguyễn Thị Hoa",
                                                 "email": "", "phone": "", "position": "Công chức văn phòng",
                                                 "unit_id": str(unit.id)})


def _user(db, username):
    from platform_core.accounts.models import User

    return db.session.scalar(select(User).where(User.username == username))


@pytest.mark.req("RPT-06")
def test_district_administrator_registers_a_commune_officer_and_grants_roles_once(district, db, login_as):
    from platform_core.obligations.models import Obligation
    from platform_core.workflow import service

    hb = district["hb"]
    client = login_as(district["chief"])
    registered = _register(client, "canbo.hb", hb)
    assert registered.status_code == 200 and 'id="temporary-password"' in registered.get_data(as_text=True)
    officer = _user(db, "canbo.hb")
    assert officer is not None and officer.unit_id == hb.id
    assert _register(client, "lanhdao.hb", hb).status_code == 200

    for username, role in (("canbo.hb", "provincial_reports.entry"), ("lanhdao.hb", "provincial_reports.approver")):
        granted = client.post(f"/access/units/{hb.id}/memberships",
                              data={"username": username, "role": str(_role_id(db, role)), "scope": "unit"})
        assert granted.status_code == 302, granted.get_data(as_text=True)

    officer, leader = _user(db, "canbo.hb"), _user(db, "lanhdao.hb")
    officer.must_change_password = leader.must_change_password = False  # both chose their own passwords
    db.session.commit()
    client = login_as(officer)
    listed = client.get("/p/provincial_reports/my-reports").get_data(as_text=True)
    assert "Báo cáo kinh tế - xã hội tháng" in listed and "Báo cáo lao động tháng" in listed
    drafts = []
    for regime in district["regimes"]:
        key = regime.versions[0].report_type_key
        ob = db.session.scalar(select(Obligation).where(Obligation.rule_key == key, Obligation.unit_id == hb.id)
                               .order_by(Obligation.due_at).limit(1))
        assert client.post(f"/p/provincial_reports/my-reports/{ob.id}/start").status_code == 302
        draft = service.existing_submission(key, hb.id, ob.period_key, ob)
        service.save_data(draft, officer, {"section__s1": "Ổn định", "LD01__nam": "10", "LD01__nu": "12",
                                           "LD02__nam": "8", "LD02__nu": "9"}, draft.lock_version)
        service.submit(draft, officer)
        drafts.append(draft)
    # One grant each, every regime: the officer enters and submits, the leader approves, for both regimes.
    for draft in drafts:
        assert "approve" not in service.allowed_actions(officer, draft)
        assert "approve" in service.allowed_actions(leader, draft)
        service.approve(draft, leader)
        assert draft.status == "approved"
    # Nothing outside the commune: Lê Mao's report is not theirs.
    lm_ob = db.session.scalar(select(Obligation).where(Obligation.unit_id == district["lm"].id).limit(1))
    assert client.post(f"/p/provincial_reports/my-reports/{lm_ob.id}/start").status_code == 403


@pytest.mark.req("RPT-06")
def test_district_administrator_cannot_act_in_another_district(district, db, login_as, make_user):
    ms = district["ms"]
    outsider = make_user("cb_ms", unit=ms)
    client = login_as(district["chief"])
    assert client.get(f"/access/units/{ms.id}/memberships").status_code == 403
    refused = client.post(f"/access/units/{ms.id}/memberships",
                          data={"username": "cb_ms", "role": str(_role_id(db, "provincial_reports.entry")),
                                "scope": "unit"})
    assert refused.status_code == 403
    assert _register(client, "canbo.ms2", ms).status_code != 302
    assert _user(db, "canbo.ms2") is None
    from platform_core.access.models import Membership

    assert db.session.scalar(select(Membership).where(Membership.user_id == outsider.id)) is None


@pytest.mark.req("RPT-06")
def test_the_administrator_hands_out_officer_roles_without_holding_them_but_nothing_more(district, db, make_user):
    """The officer roles are delegable (Đ7.3): a unit administrator who is not an officer grants them. The
    core rule still holds for other roles: configuring regimes cannot be handed out by someone without it."""
    from platform_core.access import grants
    from platform_core.access.models import Role

    bare = make_user("qt_cc", unit=district["cc"], role="unit_admin", scope="subtree")
    officer = make_user("cb_ms", unit=district["ms"])
    for key in FUNCTION_ROLES:
        role = db.session.scalar(select(Role).where(Role.key == key))
        grants.grant_membership(bare, officer, district["ms"], role)
    regime_admin = db.session.scalar(select(Role).where(Role.key == "provincial_reports.regime_admin"))
    with pytest.raises(grants.GrantError, match="provincial_reports.regime.manage"):
        grants.grant_membership(bare, officer, district["ms"], regime_admin)
