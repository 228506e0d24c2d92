"""Assigning regimes to units (Đ8.3, RPT-03) and the obligations it creates (Đ9, RPT-04)."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from platform_core.timeutil import LOCAL_TZ, local_today
from tests.plugins.provincial_reports import pr_support as pr

# 17/12/2026 08:00 in Viet Nam: the November report of a monthly regime due on the 18th is due in 40 hours.
NEAR = datetime(2026, 12, 17, 8, 0, tzinfo=LOCAL_TZ)
EARLY = datetime(2026, 3, 1, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def setup(app, db, make_unit, make_user):
    pr.enable()
    pr.library()
    units = pr.province(make_unit)
    admin = make_user("quantri", admin=True)
    return {**units, "admin": admin}


def monthly(**extra):
    return pr.regime(code="KTXH-THANG", name="Báo cáo kinh tế - xã hội tháng", frequency="calendar_month",
                     due_day=18, status="draft", **extra)[0]


def obligations_of(regime):
    from platform_core.extensions import db
    from platform_core.obligations.models import Obligation

    keys = [v.report_type_key for v in regime.versions]
    return db.session.scalars(select(Obligation).where(Obligation.rule_key.in_(keys))
                              .order_by(Obligation.period_key, Obligation.unit_id)).all()


def due_local(obligation):
    return (obligation.due_at.astimezone(LOCAL_TZ) - timedelta(microseconds=1)).date()


@pytest.mark.req("RPT-03")
def test_assignment_less_than_72_hours_before_the_deadline_is_refused_with_the_deadline(setup):
    from plugins.provincial_reports import assignment

    regime = monthly()
    with pytest.raises(assignment.AssignmentError) as refused:
        assignment.assign(regime, setup["admin"], unit_ids=[setup["hb"].id], now=NEAR)
    message = str(refused.value)
    assert "ít nhất 72 giờ (Điều 8 khoản 3)" in message
    assert "Hạn gửi kỳ 11/2026 là 23:59 ngày 18/12/2026; giao lúc này chỉ còn 40 giờ, thiếu 32 giờ." in message
    assert "kỳ 12/2026 (hạn gửi 23:59 ngày 18/01/2027)" in message
    assert obligations_of(regime) == []
    assert regime.assignments == [] and regime.status == "draft"


@pytest.mark.req("RPT-03")
def test_starting_from_the_next_period_skips_the_near_deadline(setup):
    from plugins.provincial_reports import assignment

    regime = monthly()
    assignment.assign(regime, setup["admin"], unit_ids=[setup["hb"].id], now=NEAR, from_next_period=True)
    periods = [ob.period_key for ob in obligations_of(regime)]
    assert "2026-11" not in periods
    assert periods[0] == "2026-12"
    assert regime.status == "active"


@pytest.mark.req("RPT-03")
def test_ad_hoc_regimes_are_exempt_from_the_72_hour_rule(setup):
    from plugins.provincial_reports import assignment

    tomorrow = local_today() + timedelta(days=1)
    regime, _version = pr.regime(code="BAO-SO3", name="Báo cáo nhanh thiệt hại do bão số 3", kind="adhoc",
                                 frequency="adhoc", due_day=None, adhoc_due_date=tomorrow, status="draft")
    assignment.assign(regime, setup["admin"], subtree_ids=[setup["vinh"].id])
    rows = obligations_of(regime)
    assert {ob.unit_id for ob in rows} == {setup["vinh"].id, setup["hb"].id, setup["lm"].id}
    assert {ob.period_key for ob in rows} == {tomorrow.isoformat()}
    assert all(ob.title == "Báo cáo nhanh thiệt hại do bão số 3" for ob in rows)
    assert assignment.generate(regime) == 0


@pytest.mark.req("RPT-03")
def test_central_regimes_are_exempt_from_the_72_hour_rule(setup):
    from plugins.provincial_reports import assignment

    regime = monthly(kind="central")
    assignment.assign(regime, setup["admin"], unit_ids=[setup["so"].id], now=NEAR)
    first = obligations_of(regime)[0]
    assert first.period_key == "2026-11" and due_local(first) == date(2026, 12, 18)


@pytest.mark.req("RPT-04")
def test_monthly_obligations_follow_the_calendar_month_and_the_18th(setup):
    from plugins.provincial_reports import assignment

    regime = monthly()
    assignment.assign(regime, setup["admin"], unit_ids=[setup["so"].id], now=EARLY)
    rows = {ob.period_key: ob for ob in obligations_of(regime)}
    feb = rows["2026-02"]
    assert (feb.period_start, feb.period_end) == (date(2026, 2, 1), date(2026, 2, 28))
    assert due_local(feb) == date(2026, 3, 18)
    assert due_local(rows["2026-03"]) == date(2026, 4, 18)
    assert "2026-01" not in rows  # due 18/02/2026, before the assignment
    assert feb.rule_key == regime.versions[0].report_type_key
    assert assignment.first_due(regime, [setup["so"]], EARLY).astimezone(LOCAL_TZ).date() == date(2026, 3, 18)


@pytest.mark.req("RPT-04")
def test_quarterly_obligations_use_the_nd09_windows(setup):
    from plugins.provincial_reports import assignment

    regime, _v = pr.regime(code="LDVL-QUY", frequency="quarter", due_day=20, status="draft")
    assignment.assign(regime, setup["admin"], unit_ids=[setup["so"].id], now=EARLY)
    rows = {ob.period_key: ob for ob in obligations_of(regime)}
    q1 = rows["2026-Q1"]
    assert (q1.period_start, q1.period_end) == (date(2025, 12, 15), date(2026, 3, 14))
    assert due_local(q1) == date(2026, 3, 20)
    assert (rows["2026-Q2"].period_start, rows["2026-Q2"].period_end) == (date(2026, 3, 15), date(2026, 6, 14))


@pytest.mark.req("RPT-04")
def test_working_day_deadlines_skip_holidays(setup):
    from plugins.provincial_reports import assignment

    regime, _v = pr.regime(code="TH-5NLV", frequency="calendar_month", due_day=None, due_working_days=5,
                           status="draft")
    assignment.assign(regime, setup["admin"], unit_ids=[setup["so"].id], now=datetime(2026, 1, 2, 9, tzinfo=LOCAL_TZ))
    rows = {ob.period_key: ob for ob in obligations_of(regime)}
    # January closes on Saturday 31/01; five working days later is Friday 06/02/2026.
    assert due_local(rows["2026-01"]) == date(2026, 2, 6)


@pytest.mark.req("RPT-04")
def test_generation_is_idempotent_and_picks_up_new_units(setup, make_unit):
    from plugins.provincial_reports import assignment

    regime = monthly()
    assignment.assign(regime, setup["admin"], subtree_ids=[setup["vinh"].id], now=EARLY)
    count = len(obligations_of(regime))
    assert count and count % 3 == 0
    assert assignment.generate(now=EARLY) == 0
    assert assignment.generate(regime, now=EARLY) == 0
    assert len(obligations_of(regime)) == count

    make_unit("40-VINH-BT", "Phường Bến Thủy", parent=setup["vinh"], type_code="commune")
    created = assignment.generate(now=EARLY)
    assert created == count // 3
    assert assignment.generate(now=EARLY) == 0
    assignment.generate_job()
    assert assignment.generate_job() == 0


@pytest.mark.req("RPT-04")
def test_a_new_version_takes_over_the_periods_from_its_start(setup, db):
    from plugins.provincial_reports import assignment
    from plugins.provincial_reports.models import RegimeVersion

    regime = monthly()
    assignment.assign(regime, setup["admin"], unit_ids=[setup["so"].id], now=EARLY)
    regime.versions.append(RegimeVersion(number=2, valid_from="2026-07", definition=pr.LABOUR_DEFINITION))
    db.session.commit()
    assignment.generate(now=EARLY)
    keys = {ob.period_key: ob.rule_key for ob in obligations_of(regime)}
    assert keys["2026-06"].endswith("_v1") and keys["2026-07"].endswith("_v2") and keys["2026-12"].endswith("_v2")
    assert len(keys) == len(obligations_of(regime))  # one obligation per period, never two


@pytest.mark.req("RPT-03")
def test_subtree_and_unit_type_selections(setup):
    from plugins.provincial_reports import assignment

    regime = monthly()
    assignment.assign(regime, setup["admin"], unit_type_codes=["commune"], within_unit_id=setup["tinh"].id,
                      now=EARLY)
    assert [u.code for u in assignment.resolve_units(regime)] == ["40-VINH-HB", "40-VINH-LM"]
    assignment.assign(regime, setup["admin"], unit_type_codes=["department"], now=EARLY)
    assert [u.code for u in assignment.resolve_units(regime)] == ["40-SKHDT", "40-VINH-HB", "40-VINH-LM"]

    other = pr.regime(code="KHAC", frequency="calendar_month", due_day=18, status="draft")[0]
    assignment.assign(other, setup["admin"], subtree_ids=[setup["vinh"].id], now=EARLY)
    assert [u.code for u in assignment.resolve_units(other)] == ["40-VINH", "40-VINH-HB", "40-VINH-LM"]
    with pytest.raises(assignment.AssignmentError, match="đã được giao"):
        assignment.assign(other, setup["admin"], subtree_ids=[setup["vinh"].id], now=EARLY)


@pytest.mark.req("RPT-03")
def test_dissolved_units_and_units_outside_their_validity_get_nothing(setup, make_unit, db):
    from platform_core.units import service as units
    from plugins.provincial_reports import assignment

    old = make_unit("40-VINH-CU", "Phường cũ", parent=setup["vinh"], type_code="commune")
    gone = make_unit("40-VINH-GT", "Phường đã giải thể", parent=setup["vinh"], type_code="commune")
    old.valid_to = date(2026, 4, 30)
    db.session.commit()
    units.dissolve_unit(gone)
    regime = monthly()
    assignment.assign(regime, setup["admin"], subtree_ids=[setup["vinh"].id], now=EARLY)
    periods = {ob.period_key for ob in obligations_of(regime) if ob.unit_id == old.id}
    assert "2026-04" in periods and "2026-05" not in periods
    assert not [ob for ob in obligations_of(regime) if ob.unit_id == gone.id]


@pytest.mark.req("RPT-03")
def test_nothing_chosen_and_retired_regimes_are_refused(setup, db):
    from plugins.provincial_reports import assignment

    regime = monthly()
    with pytest.raises(assignment.AssignmentError, match="Chọn ít nhất một đơn vị"):
        assignment.assign(regime, setup["admin"], now=EARLY)
    regime.status = "retired"
    db.session.commit()
    with pytest.raises(assignment.AssignmentError, match="hết hiệu lực"):
        assignment.assign(regime, setup["admin"], unit_ids=[setup["so"].id], now=EARLY)


@pytest.mark.req("RPT-03")
def test_a_manager_cannot_assign_outside_their_units(setup, make_user, make_unit):
    from plugins.provincial_reports import assignment

    cl = make_unit("40-CL", "Huyện Con Cuông", parent=setup["tinh"], type_code="district")
    manager = make_user("ql_vinh", unit=setup["vinh"], role=None)
    _grant(manager, setup["vinh"], "provincial_reports_manager_test", ("provincial_reports.regime.manage",))
    regime = monthly()
    with pytest.raises(assignment.AssignmentError, match="không có quyền giao báo cáo"):
        assignment.assign(regime, manager, subtree_ids=[cl.id], now=EARLY)
    assignment.assign(regime, manager, subtree_ids=[setup["vinh"].id], now=EARLY)
    assert len(assignment.resolve_units(regime)) == 3


def _grant(user, unit, key, permissions, scope="subtree"):
    from platform_core.access.models import Membership, Role, RolePermission
    from platform_core.extensions import db

    role = db.session.scalar(select(Role).where(Role.key == key))
    if role is None:
        role = Role(key=key, name=key)
        db.session.add(role)
        db.session.flush()
        for name in permissions:
            db.session.add(RolePermission(role_id=role.id, permission=name))
    db.session.add(Membership(user_id=user.id, unit_id=unit.id, role_id=role.id, scope=scope))
    db.session.commit()


@pytest.mark.req("RPT-03")
def test_unassigning_waives_the_open_obligations_of_units_no_longer_assigned(setup):
    from plugins.provincial_reports import assignment

    regime = monthly()
    assignment.assign(regime, setup["admin"], subtree_ids=[setup["vinh"].id], now=EARLY)
    assignment.assign(regime, setup["admin"], unit_ids=[setup["hb"].id], now=EARLY)
    subtree = next(a for a in regime.assignments if a.selector == "subtree")
    waived = assignment.unassign(subtree, setup["admin"], now=EARLY)
    rows = obligations_of(regime)
    kept = [ob for ob in rows if ob.unit_id == setup["hb"].id]
    dropped = [ob for ob in rows if ob.unit_id != setup["hb"].id]
    assert waived == len(dropped) > 0
    assert all(ob.status == "waived" and "không còn giao cho đơn vị" in ob.note for ob in dropped)
    assert all(ob.status == "open" for ob in kept)
    assert [a.selector for a in regime.assignments] == ["unit"]


@pytest.mark.req("RPT-05")
def test_a_district_assigned_with_its_communes_owes_its_own_report_and_consolidates_them(setup):
    from platform_core.workflow import service
    from plugins.provincial_reports import assignment

    regime = monthly(kind="central")
    assignment.assign(regime, setup["admin"], subtree_ids=[setup["vinh"].id])
    rows = obligations_of(regime)
    period = min(ob.period_key for ob in rows)
    of_period = {ob.unit_id: ob for ob in rows if ob.period_key == period}
    assert set(of_period) == {setup["vinh"].id, setup["hb"].id, setup["lm"].id}
    key = regime.versions[0].report_type_key
    admin = setup["admin"]
    for unit, men in ((setup["hb"], "60"), (setup["lm"], "40")):
        draft = service.create_draft(key, unit, admin, obligation=of_period[unit.id])
        service.save_data(draft, admin, {"section__s1": "Ổn định", "LD01__nam": men, "LD01__nu": "50",
                                          "LD02__nam": "30", "LD02__nu": "20"}, draft.lock_version)
        service.submit(draft, admin)
        service.approve(draft, admin)
    parent = service.consolidate(setup["vinh"], key, period, admin)
    assert parent.obligation_id == of_period[setup["vinh"].id].id
    assert parent.is_consolidated
    assert parent.data["LD01__nam"] == 100 and parent.data["LD01__total"] == 200


@pytest.mark.req("RPT-03")
def test_a_draft_without_content_cannot_be_assigned(setup):
    from plugins.provincial_reports import assignment

    regime, _v = pr.regime(code="RONG", definition={"outline": [], "tables": [], "published": []}, status="draft")
    with pytest.raises(assignment.AssignmentError, match="chưa có mục đề cương hay biểu số liệu"):
        assignment.assign(regime, setup["admin"], unit_ids=[setup["so"].id], now=EARLY)
    assert regime.status == "draft" and regime.assignments == []


@pytest.mark.req("RPT-03")
def test_an_ad_hoc_request_past_its_due_date_is_refused(setup):
    from plugins.provincial_reports import assignment

    regime, _v = pr.regime(code="CU", kind="adhoc", frequency="adhoc", due_day=None,
                           adhoc_due_date=local_today() - timedelta(days=1), status="draft")
    with pytest.raises(assignment.AssignmentError, match="hạn gửi đã qua"):
        assignment.assign(regime, setup["admin"], unit_ids=[setup["so"].id])
