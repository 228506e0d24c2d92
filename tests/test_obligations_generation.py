"""Generating obligations from fixed-yearly and periodic rules: the right periods and due dates, only
for the units a rule applies to, never twice, and not where the plugin is inactive (CORE-09)."""
from datetime import date

import pytest
from fixtures_obligations.support import REGIME
from sqlalchemy import func, select

from platform_core.audit.models import AuditEvent
from platform_core.obligations import calendar, service
from platform_core.obligations.models import STATUS_OPEN, Obligation
from platform_core.plugins import activation

TODAY = date(2026, 6, 1)


@pytest.fixture
def app_overrides():
    return dict(REGIME)


@pytest.fixture
def tree(app, db, make_unit):
    """BO (ministry) → CNTT, VP (departments); TINH (province) → SO (department). pcob active under BO."""
    bo = make_unit("BO", "Bộ Thử nghiệm", type_code="ministry")
    units = {
        "BO": bo,
        "CNTT": make_unit("CNTT", "Cục Công nghệ thông tin", parent=bo),
        "VP": make_unit("VP", "Văn phòng Bộ", parent=bo),
    }
    tinh = make_unit("TINH", "Tỉnh Thử nghiệm", type_code="province")
    units["TINH"] = tinh
    units["SO"] = make_unit("SO", "Sở Thử nghiệm", parent=tinh)
    activation.enable("pcob", bo)
    db.session.commit()
    return units


def _rows(db, rule_key):
    return db.session.execute(
        select(Obligation.unit_id, Obligation.period_key, Obligation.period_start, Obligation.period_end,
               Obligation.due_at, Obligation.status, Obligation.plugin_key)
        .where(Obligation.rule_key == rule_key).order_by(Obligation.unit_id, Obligation.period_key)).all()


@pytest.mark.req("CORE-09")
def test_fixed_yearly_rule_gives_the_first_half_due_15_june_for_departments_where_active(db, tree):
    service.generate(today=TODAY, horizon_days=60)
    rows = _rows(db, "pcob.half_year")
    assert {r.unit_id for r in rows} == {tree["CNTT"].id, tree["VP"].id}  # not the ministry, not SO
    for row in rows:
        assert (row.period_key, row.period_start, row.period_end) == ("2026-H1", date(2026, 1, 1), date(2026, 6, 30))
        assert row.due_at == calendar.due_instant(date(2026, 6, 15))
        assert row.status == STATUS_OPEN and row.plugin_key == "pcob"


@pytest.mark.req("CORE-09")
def test_periodic_monthly_rule_is_due_on_the_18th_of_the_next_month(db, tree):
    service.generate(today=TODAY, horizon_days=60)
    rows = [r for r in _rows(db, "pcob.monthly") if r.unit_id == tree["CNTT"].id]
    # Due dates between 01/05/2026 (31 days back) and 31/07/2026: April, May and June 2026.
    assert [(r.period_key, r.period_start, r.period_end, r.due_at) for r in rows] == [
        ("2026-04", date(2026, 4, 1), date(2026, 4, 30), calendar.due_instant(date(2026, 5, 18))),
        ("2026-05", date(2026, 5, 1), date(2026, 5, 31), calendar.due_instant(date(2026, 6, 18))),
        ("2026-06", date(2026, 6, 1), date(2026, 6, 30), calendar.due_instant(date(2026, 7, 18))),
    ]
    assert {r.unit_id for r in _rows(db, "pcob.monthly")} == {tree["CNTT"].id, tree["VP"].id}


@pytest.mark.req("CORE-09")
def test_generation_twice_creates_nothing_new(db, tree):
    first = service.generate(today=TODAY)
    total = db.session.scalar(select(func.count()).select_from(Obligation))
    assert first == total > 0
    assert service.generate(today=TODAY) == 0
    assert db.session.scalar(select(func.count()).select_from(Obligation)) == total
    summaries = db.session.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "obligation.generate"))
    assert sorted(summaries) == ["pcob.half_year", "pcob.monthly"]


@pytest.mark.req("CORE-09")
def test_generation_keeps_what_exists_and_fills_only_the_gaps(db, tree):
    service.generate(today=TODAY, horizon_days=20)
    kept = db.session.scalar(select(Obligation).where(Obligation.unit_id == tree["VP"].id,
                                                      Obligation.rule_key == "pcob.monthly"))
    kept.status = "submitted"
    db.session.commit()
    created = service.generate(today=TODAY, horizon_days=60)
    assert created == 2  # June 2026 for CNTT and VP
    db.session.refresh(kept)
    assert kept.status == "submitted"


@pytest.mark.req("CORE-09")
def test_deactivating_the_plugin_stops_generation_for_its_units(db, tree):
    service.generate(today=TODAY, horizon_days=20)
    before = db.session.scalar(select(func.count()).select_from(Obligation))
    activation.disable("pcob")
    db.session.commit()
    assert service.generate(today=TODAY, horizon_days=200) == 0
    assert db.session.scalar(select(func.count()).select_from(Obligation)) == before

    activation.enable("pcob", tree["TINH"])
    db.session.commit()
    service.generate(today=TODAY, horizon_days=20)
    assert {r.unit_id for r in _rows(db, "pcob.monthly")} == {tree["CNTT"].id, tree["VP"].id, tree["SO"].id}


@pytest.mark.req("CORE-09")
def test_dissolved_units_get_no_new_obligations(db, tree):
    from platform_core.units.service import dissolve_unit

    dissolve_unit(tree["VP"])
    service.generate(today=TODAY, horizon_days=20)
    assert {r.unit_id for r in _rows(db, "pcob.monthly")} == {tree["CNTT"].id}


@pytest.mark.req("CORE-09")
def test_jobs_generate_and_mark_overdue_without_arguments(db, tree):
    from platform_core.obligations import jobs

    assert jobs.generate_upcoming() > 0
    assert jobs.generate_upcoming() == 0
    late = jobs.mark_overdue()
    assert late == db.session.scalar(select(func.count()).select_from(Obligation).where(Obligation.status == "late"))
    assert jobs.mark_overdue() == 0


@pytest.mark.req("CORE-09")
def test_cli_generate_and_list(runner, tree):
    result = runner.invoke(args=["obligations", "generate", "--today", "01/06/2026", "--horizon", "60"])
    assert result.exit_code == 0, result.output
    assert "Đã sinh 8 nghĩa vụ mới." in result.output
    listed = runner.invoke(args=["obligations", "list", "--unit", "CNTT", "--rule", "pcob.monthly"])
    assert listed.exit_code == 0, listed.output
    assert "18/05/2026" in listed.output and "2026-06" in listed.output and "VP" not in listed.output
    bad = runner.invoke(args=["obligations", "generate", "--today", "31/02/2026"])
    assert bad.exit_code != 0 and "dd/mm/yyyy" in bad.output


@pytest.mark.req("CORE-09")
def test_rows_another_process_created_meanwhile_are_skipped(db, tree, monkeypatch):
    """Two generators racing: the second one's pre-check missed the first one's rows; the insert must skip
    them rather than fail on the unique key."""
    service.generate(today=TODAY, horizon_days=60)
    total = db.session.scalar(select(func.count()).select_from(Obligation))
    real_execute = db.session.execute

    def blind_to_existing(stmt, *args, **kwargs):
        if getattr(stmt, "is_select", False) and "period_key" in str(stmt) and "count" not in str(stmt):
            return iter(())
        return real_execute(stmt, *args, **kwargs)

    monkeypatch.setattr(db.session, "execute", blind_to_existing)
    assert service.generate(today=TODAY, horizon_days=60) == 0
    monkeypatch.undo()
    assert db.session.scalar(select(func.count()).select_from(Obligation)) == total
