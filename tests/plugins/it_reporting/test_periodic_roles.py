"""Who uses the regime (IT-06, Điều 19) and how many accounts a reporting unit may hold (IT-07, Điều 5: at
most 2)."""
import pytest
import sqlalchemy as sa
from it_periodic_support import enable, figures, generate, ministry, send

from platform_core.access.models import Membership, Role
from platform_core.workflow import service


def _role(db, key):
    return db.session.scalar(sa.select(Role).where(Role.key == key))


@pytest.mark.req("IT-07")
def test_a_third_it_reporting_account_on_a_unit_is_refused(db, client, login_as, make_unit, make_user):
    enable(db)
    unit = make_unit("BTNMT-VP", "Văn phòng Bộ", type_code="department")
    admin = make_user("quantri", admin=True)
    for name in ("bc.vp1", "bc.vp2", "bc.vp3"):
        make_user(name, unit=unit)
    login_as(admin)
    url = f"/access/units/{unit.id}/memberships"
    reporter, officer = _role(db, "it_reporting.reporter"), _role(db, "it_reporting.officer")
    for name, role in (("bc.vp1", reporter), ("bc.vp2", officer)):
        response = client.post(url, data={"username": name, "role": role.id, "scope": "unit"})
        assert response.status_code == 302

    response = client.post(url, data={"username": "bc.vp3", "role": reporter.id, "scope": "unit"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "đã có 2 tài khoản sử dụng chế độ báo cáo" in page and "tối đa 2 tài khoản" in page
    holders = db.session.scalars(sa.select(Membership.user_id).join(Role).where(
        Membership.unit_id == unit.id, Role.plugin_key == "it_reporting")).all()
    assert len(holders) == 2

    response = client.post(url, data={"username": "bc.vp3", "role": _role(db, "officer").id, "scope": "unit"})
    assert response.status_code == 302  # a core role is not counted against the regime's cap


@pytest.mark.req("IT-07")
def test_the_cap_counts_per_unit(db, make_unit, make_user):
    from platform_core.access.grants import grant_membership

    enable(db)
    admin = make_user("quantri", admin=True)
    first = make_unit("BTNMT-VP", "Văn phòng Bộ", type_code="department")
    second = make_unit("BTNMT-BDKH", "Cục Biến đổi khí hậu", type_code="department")
    reporter = _role(db, "it_reporting.reporter")
    for unit in (first, second):
        for i in (1, 2):
            grant_membership(admin, make_user(f"bc.{unit.code.lower()}{i}", unit=unit), unit, reporter)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 4


@pytest.mark.req("IT-06")
def test_the_it_departments_officer_views_exports_and_consolidates_but_does_not_enter_units_figures(
        db, runner, client, login_as, make_unit, make_user):
    tree = ministry(db, make_unit, make_user)
    generate(runner, "01/06/2025")
    vp = tree["units"]["BTNMT-VP"]
    submission = send(db, vp, tree["reporters"]["BTNMT-VP"], None, "2025-H1", figures(), -1)

    login_as(tree["officer"])
    assert client.get(f"/reports/{submission.id}").status_code == 200
    assert client.get(f"/documents/submissions/{submission.id}.pdf").status_code == 200
    with pytest.raises(service.Forbidden):
        service.create_draft("it_reporting.periodic", tree["units"]["BTNMT-BDKH"], tree["officer"],
                             period_key="2025-H1")
    assert client.get("/p/it_reporting/periodic/2025-H1/consolidated").status_code == 200


@pytest.mark.req("IT-06")
def test_a_reporter_enters_and_edits_only_within_the_unit(db, runner, make_unit, make_user):
    tree = ministry(db, make_unit, make_user)
    generate(runner, "01/06/2025")
    reporter = tree["reporters"]["BTNMT-VP"]
    own = service.create_draft("it_reporting.periodic", tree["units"]["BTNMT-VP"], reporter, period_key="2025-H1")
    service.save_data(own, reporter, figures(), own.lock_version)
    assert own.data["staff_total"] == 50
    with pytest.raises(service.Forbidden):
        service.create_draft("it_reporting.periodic", tree["units"]["BTNMT-BDKH"], reporter, period_key="2025-H1")
