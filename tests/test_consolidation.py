"""A district's report consolidated from its communes' approved reports (CORE-12, seed 000 Đ20.1.a):
figures aggregated per field, missing and late communes listed while the consolidation still goes
ahead, every figure traced to the child versions, re-runs that never touch an approved parent."""
import dataclasses
from datetime import timedelta

import pytest
from test_workflow_support import (  # noqa: F401
    FIGURES,
    RT,
    app_overrides_fixture,
    approved,
    counts,
    draft,
    make_obligation,
    stored,
    world_fixture,
)

from platform_core.workflow import service

pytestmark = pytest.mark.req("CORE-12")


@pytest.fixture
def four(db, world, make_unit):
    """HB, LM, HD approved (HD after its due date), Hưng Lộc owing the report and having none."""
    world.units["HL"] = make_unit("40-VINH-HL", "Xã Hưng Lộc", parent=world.district, type_code="commune")
    world.obligations["HL"] = make_obligation(db, world.units["HL"], -3)
    world.obligations["HD"].due_at = world.obligations["HD"].due_at - timedelta(days=15)  # due 5 days ago
    db.session.commit()
    subs = {code: approved(world, code) for code in ("HB", "LM", "HD")}
    make_obligation(db, world.district, 20)
    return subs


def test_the_district_sums_its_communes_and_lists_the_missing_and_the_late(db, world, four):
    parent = service.consolidate(world.district, RT, "2026-10", world.consolidator)

    parent = stored(db, parent.id)
    assert parent.is_consolidated and parent.status == "draft" and parent.unit_id == world.district.id
    assert parent.data["budget_revenue"] == "25881.25"            # 12450,5 + 8320 + 5110,75
    assert parent.data["new_jobs"] == 99 and parent.data["poor_households"] == 64
    assert parent.data["waste_collection_rate"] == "93.63"        # mean of 97,5 95 88,4
    assert "highlights" not in parent.data                         # texts are the district's to write
    assert parent.obligation is not None and parent.obligation.unit_id == world.district.id

    version = parent.versions[-1]
    assert version.action == "consolidate" and version.actor_id == world.consolidator.id
    children = {c["unit_code"]: c for c in version.sources["children"]}
    assert set(children) == {"40-VINH-HB", "40-VINH-LM", "40-VINH-HD", "40-VINH-HL"}
    assert children["40-VINH-HL"]["missing"] and children["40-VINH-HL"]["late"]
    assert children["40-VINH-HD"]["late"] and not children["40-VINH-HD"]["missing"]
    assert not children["40-VINH-HB"]["late"] and not children["40-VINH-LM"]["late"]
    for code in ("HB", "LM", "HD"):
        child = children[f"40-VINH-{code}"]
        approval = stored(db, four[code].id).versions[-1]
        assert (child["submission_id"], child["version_id"], child["version_number"]) == (
            four[code].id, approval.id, approval.number)
    revenue = {(t["submission_id"], t["version"]): t["value"] for t in version.sources["fields"]["budget_revenue"]}
    assert revenue == {(four["HB"].id, children["40-VINH-HB"]["version_number"]): "12450.5",
                       (four["LM"].id, children["40-VINH-LM"]["version_number"]): "8320",
                       (four["HD"].id, children["40-VINH-HD"]["version_number"]): "5110.75"}
    assert "Tổng hợp từ 3/4 đơn vị." in version.note
    assert "Xã Hưng Lộc" in version.note and "Nộp muộn hoặc quá hạn: Xã Hưng Đông, Xã Hưng Lộc." in version.note


def test_a_child_not_yet_approved_is_missing_and_its_draft_figures_are_not_used(db, world):
    approved(world, "HB")
    draft(world, "LM")
    parent = service.consolidate(world.district, RT, "2026-10", world.consolidator)
    sources = stored(db, parent.id).versions[-1].sources
    missing = {c["unit_code"] for c in sources["children"] if c["missing"]}
    assert missing == {"40-VINH-LM", "40-VINH-HD"}
    assert stored(db, parent.id).data["new_jobs"] == 46


def test_consolidation_without_the_permission_is_refused_and_writes_nothing(db, world, four):
    before = counts(db)
    for user in (world.approver, world.entry["HB"], world.sender):
        with pytest.raises(service.Forbidden):
            service.consolidate(world.district, RT, "2026-10", user)
    assert counts(db) == before


def test_a_rerun_rebuilds_the_draft_from_the_latest_approved_versions_and_never_an_approved_parent(db, world, four):
    parent = service.consolidate(world.district, RT, "2026-10", world.consolidator)
    service.save_data(parent, world.consolidator, {**parent.data, "highlights": "Kinh tế ổn định."},
                      stored(db, parent.id).lock_version)
    unchanged = counts(db, parent.id)
    service.consolidate(world.district, RT, "2026-10", world.consolidator)
    assert counts(db, parent.id) == unchanged, "nothing new: no new version"

    hb = four["HB"]
    service.amend(hb, world.entry["HB"])
    service.save_data(hb, world.entry["HB"], {**FIGURES["HB"], "new_jobs": "50"}, stored(db, hb.id).lock_version)
    service.consolidate(world.district, RT, "2026-10", world.consolidator)
    assert counts(db, parent.id) == unchanged, "the amendment is not approved yet: the old version still counts"

    service.submit(hb, world.entry["HB"])
    service.approve(hb, world.approver)
    rebuilt = stored(db, service.consolidate(world.district, RT, "2026-10", world.consolidator).id)
    assert rebuilt.id == parent.id and rebuilt.data["new_jobs"] == 103
    assert rebuilt.data["highlights"] == "Kinh tế ổn định.", "what the district wrote is kept"
    hb_source = next(c for c in rebuilt.versions[-1].sources["children"] if c["unit_code"] == "40-VINH-HB")
    assert hb_source["version_number"] == stored(db, hb.id).versions[-1].number

    service.submit(rebuilt, world.consolidator)
    service.approve(rebuilt, world.approver)
    before = (stored(db, parent.id).data, counts(db, parent.id))
    with pytest.raises(service.WorkflowError, match="đã nộp hoặc đã được phê duyệt"):
        service.consolidate(world.district, RT, "2026-10", world.consolidator)
    assert (stored(db, parent.id).data, counts(db, parent.id)) == before


def double_revenue(report_type, rows):
    """A plugin's own aggregation: twice the sum of the revenue, and how many reported."""
    from decimal import Decimal

    return {"budget_revenue": sum(Decimal(r["budget_revenue"]) for r in rows) * 2, "new_jobs": len(rows)}


def test_a_report_types_aggregator_replaces_the_field_rules(app, db, world, four):
    rt = app.extensions["report_types"][RT]
    app.extensions["report_types"][RT] = dataclasses.replace(rt, aggregator=f"{__name__}:double_revenue")
    parent = service.consolidate(world.district, RT, "2026-10", world.consolidator)
    assert stored(db, parent.id).data == {"budget_revenue": "51762.50", "new_jobs": 3}


def test_a_unit_without_children_owing_the_report_gets_a_message(db, world):
    with pytest.raises(service.WorkflowError, match="Không có đơn vị cấp dưới"):
        service.consolidate(world.units["HB"], RT, "2026-10", world.consolidator)


def test_the_consolidated_page_lists_the_children_with_marks_and_links(db, client, login_as, world, four):
    parent = service.consolidate(world.district, RT, "2026-10", world.consolidator)
    login_as(world.consolidator)
    page = client.get(f"/reports/{parent.id}").get_data(as_text=True)
    assert "Đơn vị cấp dưới được tổng hợp" in page
    for code in ("HB", "LM", "HD"):
        assert f"/reports/{four[code].id}" in page
    assert page.count("Thiếu: chưa có báo cáo được duyệt") == 1
    assert "Quá hạn, chưa nộp" in page and "Nộp muộn" in page
    assert 'id="action-consolidate"' in page and 'id="action-submit"' in page


def test_consolidating_from_the_list_page(db, client, login_as, world, four):
    login_as(world.consolidator)
    page = client.get("/reports").get_data(as_text=True)
    assert "Tổng hợp báo cáo từ đơn vị cấp dưới" in page
    done = client.post("/reports/consolidate", data={"report_type": RT, "unit": world.district.id,
                                                     "period": "2026-10"}, follow_redirects=True)
    assert "Đã tổng hợp báo cáo của Thành phố Vinh" in done.get_data(as_text=True)
    assert "25.881,25" in done.get_data(as_text=True)
    login_as(world.approver)
    assert client.post("/reports/consolidate", data={"report_type": RT, "unit": world.district.id,
                                                     "period": "2026-10"}).status_code == 403
