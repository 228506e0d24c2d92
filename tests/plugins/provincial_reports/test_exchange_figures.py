"""Figures as documented JSON (RPT-11): export of the approved figures of a period, the round trip, and
the all-or-nothing import into draft reports the units check and submit."""
import copy
from datetime import datetime

import pytest
from sqlalchemy import func, select

from tests.plugins.provincial_reports import exchange_support as ex


@pytest.fixture
def w(app, db, make_unit, make_user):
    world = ex.world(make_unit, make_user)
    ex.approved(world, world["hb"], ex.HB_DATA)
    ex.approved(world, world["lm"], ex.LM_DATA)
    return world


def _submissions(db):
    from platform_core.workflow.models import Submission

    return db.session.scalar(select(func.count()).select_from(Submission))


@pytest.mark.req("RPT-11")
def test_export_holds_the_approved_figures_of_each_unit(w, db):
    from platform_core.workflow import service as wf
    from plugins.provincial_reports import exchange

    # A third unit's report still in draft is not exported.
    draft = wf.create_draft(w["version"].report_type_key, w["vinh"], w["entry"], period_key=ex.PERIOD)
    wf.save_data(draft, w["entry"], {"LD01__nam": "1"}, draft.lock_version)

    document = exchange.export_figures("LDVL-QUY", ex.PERIOD)

    assert ex.schema_errors(document) == []
    assert (document["kind"], document["regime_code"], document["version"], document["period"]) == \
        ("figures", "LDVL-QUY", 1, "2026-Q1")
    assert [u["unit_code"] for u in document["units"]] == ["40-VINH-HB", "40-VINH-LM"]
    hb = document["units"][0]
    assert hb["status"] == "approved" and hb["submitted_at"].endswith("+07:00")
    assert hb["values"] == {"section.s1": "Lao động ổn định.", "LD01.nam": 600, "LD01.nu": 400, "LD01.total": 1000,
                            "LD02.nam": 300, "LD02.nu": 200, "LD02.total": 500, "LD03.total": "50"}


@pytest.mark.req("RPT-11")
def test_an_amendment_in_progress_exports_the_last_approved_figures(w, db):
    from platform_core.workflow import service as wf
    from platform_core.workflow.models import Submission
    from plugins.provincial_reports import exchange

    hb = db.session.scalar(select(Submission).where(Submission.unit_id == w["hb"].id))
    wf.amend(hb, w["entry"])
    wf.save_data(hb, w["entry"], {**ex.HB_DATA, "LD01__nam": "999"}, hb.lock_version)
    values = exchange.export_figures("LDVL-QUY", ex.PERIOD)["units"][0]["values"]
    assert values["LD01.nam"] == 600


@pytest.mark.req("RPT-11")
def test_round_trip_export_wipe_import_export_is_identical(w, db):
    from platform_core.workflow import service as wf
    from platform_core.workflow.models import Submission
    from plugins.provincial_reports import exchange

    first = exchange.export_figures("LDVL-QUY", ex.PERIOD)
    for submission in db.session.scalars(select(Submission)):
        db.session.delete(submission)
    db.session.commit()

    result = exchange.import_figures(first, w["admin"])
    assert result.ok, result.problems
    assert result.counts["drafts_created"] == 2
    drafts = db.session.scalars(select(Submission).order_by(Submission.id)).all()
    assert {d.status for d in drafts} == {"draft"}
    assert drafts[0].data["LD01__total"] == 1000 and drafts[0].data["section__s1"] == "Lao động ổn định."
    # Nothing is final yet: the units check, submit, and their leader approves.
    assert exchange.export_figures("LDVL-QUY", ex.PERIOD)["units"] == []
    for draft, unit in zip(drafts, first["units"], strict=True):
        wf.submit(draft, w["entry"], at=datetime.fromisoformat(unit["submitted_at"]))
        wf.approve(draft, w["approver"])

    assert ex.without_exported_at(exchange.export_figures("LDVL-QUY", ex.PERIOD)) == ex.without_exported_at(first)


@pytest.mark.req("RPT-11")
def test_every_problem_is_listed_with_its_path_and_no_draft_is_written(w, db, make_unit):
    from plugins.provincial_reports import exchange

    closed = make_unit("40-VINH-CU", "Phường cũ", parent=w["vinh"], type_code="commune")
    from platform_core.units import service as units

    units.dissolve_unit(closed)
    document = {
        "format": "nghean-reporting/1", "kind": "figures", "regime_code": "LDVL-QUY", "version": 1,
        "period": "2026-13",
        "units": [
            {"unit_code": "40-VINH-HB", "values": {"LD01.nam": 5}},  # already reported
            {"unit_code": "99-KHONG-CO", "values": {}},
            {"unit_code": "40-VINH", "values": {"LD01.nam": "nhiều", "LD01.nu": True, "XX99.total": 1,
                                                "LD02.nam": 30, "LD02.nu": 20, "LD02.total": 55,
                                                "section.s1": 12}},
            {"unit_code": "40-VINH-CU", "values": {"LD01.nam": "12.5"}},
            "40-VINH-LM",
        ],
    }
    before = _submissions(db)

    result = exchange.import_figures(document, w["admin"])

    assert not result.ok
    by_path = {p.path: p.message for p in result.problems}
    text = "\n".join(str(p) for p in result.problems)
    assert "kỳ «2026-13» không phải kỳ của chế độ báo cáo này" in by_path["period"]
    assert by_path["units[1].unit_code"] == "đơn vị mã «99-KHONG-CO» không có trong hệ thống."
    assert 'units[2].values["LD01.nam"]: phải là một số nguyên (ví dụ 1250), không phải chuỗi «nhiều».' in text
    assert 'units[2].values["LD01.nu"]' in by_path and 'units[2].values["section.s1"]' in by_path
    assert "không phải ô hay mục nào" in by_path['units[2].values["XX99.total"]']
    assert "đã giải thể" in by_path["units[3].unit_code"]
    assert "phải là một đối tượng" in by_path["units[4]"]
    assert _submissions(db) == before

    # With a good period, the unit that already reported and the totals that do not add up show.
    document["period"] = ex.PERIOD
    document["units"] = [document["units"][0],
                         {"unit_code": "40-VINH", "values": {"LD02.nam": 30, "LD02.nu": 20, "LD02.total": 55}},
                         {"unit_code": "40-VINH-CU", "values": {"LD01.nam": "12.5"}}]
    result = exchange.import_figures(document, w["admin"])
    by_path = {p.path: p.message for p in result.problems}
    assert "đã có báo cáo kỳ 2026-Q1 (đã duyệt); tệp không ghi đè" in by_path["units[0].unit_code"]
    assert "không bằng tổng các cột (50)" in by_path['units[1].values["LD02.total"]']
    assert "phải là một số nguyên" in by_path['units[2].values["LD01.nam"]']
    assert _submissions(db) == before


@pytest.mark.req("RPT-11")
def test_unknown_regime_version_and_permission_are_problems(w, db):
    from plugins.provincial_reports import exchange

    document = {"format": "nghean-reporting/1", "kind": "figures", "regime_code": "KHONG-CO", "version": 1,
                "period": ex.PERIOD, "units": []}
    result = exchange.import_figures(document, w["admin"])
    assert [str(p) for p in result.problems] == [
        "regime_code: chế độ báo cáo mã «KHONG-CO» không có trong hệ thống; nhập tệp chế độ báo cáo trước."]

    document.update(regime_code="LDVL-QUY", version=3)
    assert [p.path for p in exchange.import_figures(document, w["admin"]).problems] == ["version"]

    # The entry officer of Vinh may not enter figures for the Department.
    document.update(version=1, period="2026-Q2", units=[{"unit_code": "40-SKHDT", "values": {"LD01.nam": 1}},
                                                        {"unit_code": "40-VINH", "values": {"LD01.nam": 1}}])
    result = exchange.import_figures(document, w["entry"])
    assert [p.path for p in result.problems] == ["units[0].unit_code"]
    assert "bạn không có quyền nhập số liệu" in result.problems[0].message
    assert _submissions(db) == 2


@pytest.mark.req("RPT-11")
def test_imported_draft_is_linked_to_the_units_obligation(w, db):
    from datetime import date

    from platform_core.obligations import service as obligations
    from platform_core.obligations.rules import Periodic
    from platform_core.workflow.models import Submission
    from plugins.provincial_reports import exchange

    rule = Periodic(w["version"].report_type_key, "Báo cáo lao động, việc làm quý", "calendar_quarter", due_day=20)
    obligations.generate_for_units(rule, [w["vinh"].id], date(2026, 6, 1), date(2026, 8, 1))
    document = copy.deepcopy(exchange.export_figures("LDVL-QUY", ex.PERIOD))
    document.update(period="2026-Q2", units=[{"unit_code": "40-VINH", "values": {"LD01.nam": 7, "LD01.nu": 3}}])

    result = exchange.import_figures(document, w["entry"])

    assert result.ok, result.problems
    draft = db.session.scalar(select(Submission).where(Submission.unit_id == w["vinh"].id))
    assert draft.obligation is not None and draft.obligation.period_key == "2026-Q2"
    assert draft.status == "draft" and draft.data["LD01__total"] == 10
    assert draft.obligation.status == "open"  # the unit's submission decides timeliness
