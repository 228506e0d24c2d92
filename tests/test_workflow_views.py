"""The report pages under /reports (CORE-12): who sees which reports, data entry from the report type's
fields, the workflow buttons (403 for the wrong role, nothing written), approved data refused through a
crafted POST, and the conflict page that keeps the second editor's input."""
import re

import pytest
from test_workflow_support import (  # noqa: F401
    FIGURES,
    PLUGIN,
    RT,
    app_overrides_fixture,
    approved,
    counts,
    draft,
    stored,
    world_fixture,
)

from platform_core.workflow import service

pytestmark = pytest.mark.req("CORE-12")


def _form(figures: dict, lock_version) -> dict:
    return {**{f"v_{k}": v for k, v in figures.items()}, "lock_version": str(lock_version)}


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_the_list_shows_the_reports_of_the_users_units_with_vietnamese_states(client, login_as, world):
    hb = approved(world, "HB")
    lm = draft(world, "LM")
    login_as(world.entry["LM"])
    page = _text(client.get("/reports"))
    assert f"/reports/{lm.id}" in page and f"/reports/{hb.id}" not in page
    assert "Nháp" in page and "Tháng 10/2026" in page
    login_as(world.approver)
    page = _text(client.get("/reports"))
    assert f"/reports/{lm.id}" in page and f"/reports/{hb.id}" in page and "Đã duyệt" in page
    filtered = _text(client.get("/reports?status=approved"))
    assert f"/reports/{hb.id}" in filtered and f"/reports/{lm.id}" not in filtered
    assert "Không có báo cáo nào khớp bộ lọc." in _text(client.get("/reports?status=sent"))
    assert "Bộ lọc chưa hợp lệ" in _text(client.get("/reports?status=bogus"))


def test_a_report_of_another_unit_is_refused(client, login_as, world):
    sub = draft(world, "HB")
    login_as(world.entry["LM"])
    assert client.get(f"/reports/{sub.id}").status_code == 403
    assert client.get("/reports/999999").status_code == 404


def test_a_new_report_from_an_obligation_is_linked_to_it_and_opened_again_later(db, client, login_as, world):
    login_as(world.entry["HB"])
    obligation = world.obligations["HB"]
    page = client.get(f"/reports/new?obligation={obligation.id}")
    assert page.status_code == 200 and "Phường Hưng Bình" in _text(page)
    created = client.post("/reports/new", data={"obligation": obligation.id, "report_type": RT,
                                                "unit": world.units["HB"].id})
    assert created.status_code == 302
    sub_id = int(created.headers["Location"].rsplit("/", 1)[1])
    assert stored(db, sub_id).obligation_id == obligation.id
    again = client.get(f"/reports/new?obligation={obligation.id}")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/reports/{sub_id}")
    login_as(world.entry["LM"])
    assert client.get(f"/reports/new?obligation={obligation.id}").status_code == 403


def test_a_new_report_by_choosing_type_unit_and_period(db, client, login_as, world):
    login_as(world.entry["LM"])
    form = _text(client.get("/reports/new"))
    assert "Phường Lê Mao" in form and "Phường Hưng Bình" not in form
    bad = client.post("/reports/new", data={"report_type": RT, "unit": world.units["LM"].id, "period": "10/2026"})
    assert bad.status_code == 400 and "không hợp lệ" in _text(bad)
    made = client.post("/reports/new", data={"report_type": RT, "unit": world.units["LM"].id, "period": "2026-10"},
                       follow_redirects=True)
    assert "Đã lập báo cáo nháp" in _text(made)
    assert counts(db)[0] == 1


def test_the_data_form_is_built_from_the_fields_and_saves(db, client, login_as, world):
    sub = service.create_draft(RT, world.units["HB"], world.entry["HB"], obligation=world.obligations["HB"])
    login_as(world.entry["HB"])
    page = _text(client.get(f"/reports/{sub.id}"))
    for label in ("Thu ngân sách nhà nước trên địa bàn (triệu đồng)", "Số hộ nghèo (hộ)", 'name="lock_version"'):
        assert label in page
    saved = client.post(f"/reports/{sub.id}", data=_form(FIGURES["HB"], stored(db, sub.id).lock_version),
                        follow_redirects=True)
    assert "Đã lưu số liệu." in _text(saved)
    assert stored(db, sub.id).data["budget_revenue"] == "12450.5"
    bad = client.post(f"/reports/{sub.id}", data=_form({"new_jobs": "nhiều"}, stored(db, sub.id).lock_version))
    assert bad.status_code == 400 and "nhập một số nguyên" in _text(bad) and 'value="nhiều"' in _text(bad)


def test_the_wrong_role_gets_403_from_every_button_and_nothing_is_written(db, client, login_as, world):
    sub = draft(world)
    service.submit(sub, world.entry["HB"])
    before = (stored(db, sub.id).status, counts(db, sub.id))
    login_as(world.entry["HB"])
    assert client.post(f"/reports/{sub.id}/approve", data={"confirm": "y"}).status_code == 403
    assert client.post(f"/reports/{sub.id}/return", data={"reason": "x"}).status_code == 403
    login_as(world.sender)
    assert client.post(f"/reports/{sub.id}/approve", data={"confirm": "y"}).status_code == 403
    assert client.post(f"/reports/{sub.id}", data=_form({"new_jobs": "1"}, 1)).status_code == 403
    login_as(world.approver)
    assert client.post(f"/reports/{sub.id}/send", data={"confirm": "y"}).status_code == 403
    assert client.post(f"/reports/{sub.id}/consolidate", data={"confirm": "y"}).status_code == 403
    assert (stored(db, sub.id).status, counts(db, sub.id)) == before


def test_approval_needs_the_confirmation_box_then_locks_the_form(db, client, login_as, world):
    sub = draft(world)
    service.submit(sub, world.entry["HB"])
    login_as(world.approver)
    page = _text(client.get(f"/reports/{sub.id}"))
    assert 'id="action-approve"' in page and 'id="action-return"' in page and 'name="lock_version"' not in page
    unconfirmed = client.post(f"/reports/{sub.id}/approve", follow_redirects=True)
    assert "Tôi đã kiểm tra và xác nhận" in _text(unconfirmed) and stored(db, sub.id).status == "submitted"
    done = client.post(f"/reports/{sub.id}/approve", data={"confirm": "y"}, follow_redirects=True)
    assert "Đã phê duyệt báo cáo." in _text(done) and stored(db, sub.id).status == "approved"
    login_as(world.entry["HB"])
    page = _text(client.get(f"/reports/{sub.id}"))
    assert 'name="lock_version"' not in page and "12.450,5" in page and 'id="action-amend"' in page


def test_returning_needs_a_reason_which_the_unit_then_reads(db, client, login_as, world):
    sub = draft(world)
    service.submit(sub, world.entry["HB"])
    login_as(world.approver)
    empty = client.post(f"/reports/{sub.id}/return", data={"reason": ""})
    assert empty.status_code == 400 and "Nhập lý do trả lại" in _text(empty)
    assert stored(db, sub.id).status == "submitted"
    client.post(f"/reports/{sub.id}/return", data={"reason": "Số hộ nghèo chưa khớp danh sách."})
    login_as(world.entry["HB"])
    page = _text(client.get(f"/reports/{sub.id}"))
    assert "Trả lại" in page and "Số hộ nghèo chưa khớp danh sách." in page and "Nộp lại báo cáo" in page


def test_a_crafted_edit_of_an_approved_report_is_refused_and_changes_nothing(db, client, login_as, world):
    sub = approved(world)
    before = (dict(stored(db, sub.id).data), counts(db, sub.id), stored(db, sub.id).lock_version)
    login_as(world.entry["HB"])
    response = client.post(f"/reports/{sub.id}", data=_form({**FIGURES["HB"], "budget_revenue": "1"}, before[2]),
                           follow_redirects=True)
    assert "số liệu không thể sửa" in _text(response)
    after = stored(db, sub.id)
    assert (after.data, counts(db, sub.id), after.lock_version) == before


def test_a_stale_form_shows_the_conflict_and_keeps_the_second_editors_input(db, client, login_as, world):
    sub = draft(world)
    login_as(world.entry2)
    form_page = _text(client.get(f"/reports/{sub.id}"))
    read_version = re.search(r'name="lock_version" type="hidden" value="(\d+)"', form_page).group(1)
    service.save_data(stored(db, sub.id), world.entry["HB"], {**FIGURES["HB"], "new_jobs": "50"}, int(read_version))

    response = client.post(f"/reports/{sub.id}", data=_form({**FIGURES["HB"], "new_jobs": "61"}, read_version))
    page = _text(response)
    assert response.status_code == 409
    assert "Báo cáo đã được người khác lưu trước" in page
    assert 'value="61"' in page, "the second editor's input is still in the form"
    assert "Giá trị vừa được người khác lưu" in page and ">50<" in page
    assert stored(db, sub.id).data["new_jobs"] == 50
    current = re.search(r'name="lock_version" type="hidden" value="(\d+)"', page).group(1)
    assert int(current) == stored(db, sub.id).lock_version


def test_sending_unsigned_is_refused_with_a_message(db, client, login_as, world):
    sub = approved(world)
    login_as(world.sender)
    page = _text(client.get(f"/reports/{sub.id}"))
    assert "phải được ký số trước khi gửi" in page and 'id="action-send"' not in page
    refused = client.post(f"/reports/{sub.id}/send", data={"confirm": "y"}, follow_redirects=True)
    assert "phải được ký số trước khi gửi" in _text(refused) and stored(db, sub.id).status == "approved"


def test_the_history_shows_who_did_what_and_the_amended_field(db, client, login_as, world):
    sub = approved(world)
    login_as(world.entry["HB"])
    client.post(f"/reports/{sub.id}/amend")
    client.post(f"/reports/{sub.id}", data=_form({**FIGURES["HB"], "poor_households": "17"},
                                                 stored(db, sub.id).lock_version))
    page = _text(client.get(f"/reports/{sub.id}"))
    assert "Thay đổi so với phiên bản đã duyệt" in page
    assert re.search(r'data-field="poor_households">Số hộ nghèo: <span class="wf-old">18</span> → '
                     r'<span class="wf-new">17</span>', page)
    for text in ("Điều chỉnh", "Phê duyệt", "Thái Văn Thành", "Cán bộ nhập liệu Phường Hưng Bình", "Đã duyệt"):
        assert text in page


@pytest.mark.parametrize("app_overrides", [{**PLUGIN, "WTF_CSRF_ENABLED": True}])
def test_every_button_carries_a_csrf_token_and_a_post_without_one_is_refused(db, client, login_as, world):
    sub = draft(world)
    login_as(world.entry["HB"])
    assert client.post(f"/reports/{sub.id}/submit").status_code == 400
    assert stored(db, sub.id).status == "draft"
    pages = [_text(client.get(f"/reports/{sub.id}"))]
    service.submit(sub, world.entry["HB"])
    login_as(world.approver)
    pages.append(_text(client.get(f"/reports/{sub.id}")))
    forms = [f for page in pages for f in re.findall(r'<form method="post".*?</form>', page, re.S)]
    assert len(forms) >= 4 and all('name="csrf_token"' in f for f in forms)
