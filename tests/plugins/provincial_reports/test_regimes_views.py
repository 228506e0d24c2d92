"""The regime builder's pages (RPT-02): list, metadata, the outline and tables editor without JavaScript,
the preview as units see it (page and PDF), and activate / retire / delete with confirmation."""
import pytest

from tests.plugins.provincial_reports import pr_support as pr

BASE = "/p/provincial_reports"
META_FORM = {"code": "LDVL-QUY", "name": "Báo cáo lao động, việc làm quý", "kind": "periodic",
             "frequency": "calendar_quarter", "deadline_mode": "due_day", "deadline_value": "20",
             "legal_number": "09/2024/QĐ-UBND", "legal_date": "15/03/2024", "requires_signature": "y",
             "consolidates": "y"}


@pytest.fixture
def admin(app, db, make_unit, make_user):
    pr.enable()
    pr.library()
    units = pr.province(make_unit)
    return make_user("quantri", admin=True, unit=units["tinh"])


@pytest.fixture
def manager(admin, login_as):
    return login_as(admin)


def _structure(**extra):
    """The editor's form for the labour table, as a browser posts it."""
    data = {
        "sections-0-key": "s1", "sections-0-title": "Tình hình chung", "sections-0-guidance": "Đánh giá chung.",
        "sections-0-required": "y",
        "tables-0-key": "b1", "tables-0-title": "Biểu 01. Lao động, việc làm", "tables-0-dimension": "sex",
        "tables-0-rows": "LD01*\nLD02*\nLD03", "tables-0-formulas": "LD03.total = LD02.total / LD01.total * 100",
        "published": "LD01, LD02", "action": "save",
    }
    data.update(extra)
    return data


def _new_regime(client):
    answer = client.post(f"{BASE}/regimes/new", data=META_FORM)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    from plugins.provincial_reports.models import Regime

    return pr._db.session.scalar(pr._db.select(Regime).where(Regime.code == "LDVL-QUY"))


@pytest.mark.req("RPT-02")
def test_the_list_shows_status_frequency_and_deadline_in_words(manager):
    empty = manager.get(f"{BASE}/regimes/").get_data(as_text=True)
    assert "Chưa có chế độ báo cáo nào" in empty
    pr.regime()
    pr.regime(code="KTXH-THANG", name="Báo cáo kinh tế - xã hội tháng", frequency="month", status="draft")
    text = manager.get(f"{BASE}/regimes/").get_data(as_text=True)
    assert "Đang áp dụng" in text and "Dự thảo" in text
    assert "Hằng quý (theo quý dương lịch)" in text
    assert "Ngày 20 của tháng liền sau kỳ báo cáo" in text and "Ngày 20 của tháng cuối kỳ báo cáo" in text
    found = manager.get(f"{BASE}/regimes/?q=kinh te").get_data(as_text=True)
    assert "KTXH-THANG" in found and "LDVL-QUY" not in found
    drafts = manager.get(f"{BASE}/regimes/?status=active").get_data(as_text=True)
    assert "LDVL-QUY" in drafts and "KTXH-THANG" not in drafts


@pytest.mark.req("RPT-02")
def test_creating_a_regime_checks_its_metadata(manager):
    bad = manager.post(f"{BASE}/regimes/new", data={**META_FORM, "deadline_value": "35"})
    assert bad.status_code == 400
    assert "Ngày trong tháng của hạn nộp phải từ 1 đến 31" in bad.get_data(as_text=True)
    assert 'value="Báo cáo lao động, việc làm quý"' in bad.get_data(as_text=True)
    adhoc = manager.post(f"{BASE}/regimes/new", data={**META_FORM, "frequency": "adhoc"})
    assert adhoc.status_code == 400 and "Báo cáo đột xuất phải có hạn nộp" in adhoc.get_data(as_text=True)

    regime = _new_regime(manager)
    detail = manager.get(f"{BASE}/regimes/{regime.id}").get_data(as_text=True)
    assert "Dự thảo" in detail and "Ngày 20 của tháng liền sau kỳ báo cáo" in detail
    assert "09/2024/QĐ-UBND ngày 15/03/2024" in detail
    edited = manager.post(f"{BASE}/regimes/{regime.id}/edit", data={**META_FORM, "deadline_mode": "due_working_days",
                                                                   "deadline_value": "5"}, follow_redirects=True)
    assert "05 ngày làm việc sau ngày chốt số liệu" in edited.get_data(as_text=True)


@pytest.mark.req("RPT-02")
def test_the_editor_adds_slots_without_javascript_and_saves(manager):
    regime = _new_regime(manager)
    page = manager.get(f"{BASE}/regimes/{regime.id}/structure").get_data(as_text=True)
    assert 'name="sections-0-key"' in page and 'name="tables-0-key"' in page and 'name="tables-1-key"' not in page
    more = manager.post(f"{BASE}/regimes/{regime.id}/structure", data=_structure(action="add_table"))
    text = more.get_data(as_text=True)
    assert more.status_code == 200
    assert 'name="tables-1-key"' in text and "Biểu 01. Lao động, việc làm" in text

    saved = manager.post(f"{BASE}/regimes/{regime.id}/structure", data=_structure(**{"tables-1-key": ""}),
                        follow_redirects=True)
    assert "Đã lưu nội dung chế độ báo cáo." in saved.get_data(as_text=True)
    definition = regime.versions[0].definition
    assert [r["indicator"] for r in definition["tables"][0]["rows"]] == ["LD01", "LD02", "LD03"]
    assert definition["tables"][0]["rows"][0]["required"] and not definition["tables"][0]["rows"][2]["required"]
    assert definition["published"] == ["LD01", "LD02"]
    assert definition["outline"][0]["required"]
    again = manager.get(f"{BASE}/regimes/{regime.id}/structure").get_data(as_text=True)
    assert "LD01*" in again and "LD03.total = LD02.total / LD01.total * 100" in again


@pytest.mark.req("RPT-02")
def test_a_formula_on_a_missing_cell_is_refused_naming_it_and_the_input_is_kept(manager):
    regime = _new_regime(manager)
    answer = manager.post(f"{BASE}/regimes/{regime.id}/structure", data=_structure(**{
        "tables-0-formulas": "LD03.total = LD02.total / LD09.nam * 100"}))
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "Công thức «LD03.total = LD02.total / LD09.nam * 100» tham chiếu ô LD09.nam không có trong biểu." in text
    assert "LD03.total = LD02.total / LD09.nam * 100</textarea>" in text
    assert regime.versions[0].definition["tables"] == []


@pytest.mark.req("RPT-02")
def test_every_problem_of_the_editor_input_is_listed(manager):
    regime = _new_regime(manager)
    too_long = manager.post(f"{BASE}/regimes/{regime.id}/structure", data=_structure(**{"sections-0-key": "s" * 40}))
    assert too_long.status_code == 400 and "Mục 1 — Mã mục: Tối đa 30 ký tự." in too_long.get_data(as_text=True)
    answer = manager.post(f"{BASE}/regimes/{regime.id}/structure", data=_structure(**{
        "tables-0-rows": "LD01*\nLD99\nLD01", "published": "LD01 KT01", "tables-0-dimension": "vung"}))
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400
    for expected in ("chỉ tiêu «LD99» không có trong thư viện chỉ tiêu.", "Chỉ tiêu LD01 có hai lần",
                     "phân tổ «vung» không có trong thư viện.",
                     "Chỉ tiêu công bố KT01 không có trong biểu nào của chế độ báo cáo."):
        assert expected in text


@pytest.mark.req("RPT-02")
def test_a_circular_formula_is_refused_naming_the_cells(manager):
    regime = _new_regime(manager)
    answer = manager.post(f"{BASE}/regimes/{regime.id}/structure", data=_structure(**{
        "tables-0-formulas": "LD01.total = LD02.total + 1\nLD02.total = LD01.total - 1"}))
    assert answer.status_code == 400
    assert "Công thức vòng tròn: LD01.total → LD02.total → LD01.total" in answer.get_data(as_text=True)


@pytest.mark.req("RPT-02")
def test_after_reports_the_editor_asks_from_which_period_the_new_version_applies(manager, admin):
    from platform_core.units.models import Unit
    from platform_core.workflow import service
    from plugins.provincial_reports import regimes

    regime, first = pr.regime()
    unit = pr._db.session.scalar(pr._db.select(Unit).where(Unit.code == "40-VINH-HB"))
    past = service.create_draft(first.report_type_key, unit, admin, period_key="2026-Q1")
    page = manager.get(f"{BASE}/regimes/{regime.id}/structure").get_data(as_text=True)
    assert "Áp dụng từ kỳ" in page and "2026-Q3" in page

    missing = manager.post(f"{BASE}/regimes/{regime.id}/structure", data=_structure())
    assert missing.status_code == 400 and "nhập kỳ áp dụng phiên bản mới" in missing.get_data(as_text=True)
    saved = manager.post(f"{BASE}/regimes/{regime.id}/structure", data=_structure(valid_from="2026-Q3"),
                        follow_redirects=True)
    assert "Đã lưu phiên bản 2, áp dụng từ kỳ 2026-Q3." in saved.get_data(as_text=True)
    assert past.report_type_key == first.report_type_key
    assert regimes.version_for_period(regime, "2026-Q2") == first
    assert regimes.version_for_period(regime, "2026-Q3").number == 2


@pytest.mark.req("RPT-02")
def test_the_preview_shows_the_entry_form_and_the_pdf_an_empty_report(manager):
    regime, version = pr.regime(status="draft")
    page = manager.get(f"{BASE}/regimes/{regime.id}/preview")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Biểu 01. Lao động, việc làm" in text and "Số lao động có việc làm" in text
    assert "Tình hình chung" in text and "Nam" in text and "Nữ" in text
    assert "<fieldset disabled>" in text
    assert manager.get(f"{BASE}/regimes/{regime.id}/preview?version=9").status_code == 404

    pdf = manager.get(f"{BASE}/regimes/{regime.id}/preview.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")


@pytest.mark.req("RPT-02")
def test_without_the_entry_grid_the_preview_lays_the_tables_out_itself(manager, monkeypatch):
    from plugins.provincial_reports import views_regimes

    monkeypatch.setattr(views_regimes, "_grid", lambda definition: None)
    regime, _version = pr.regime(status="draft")
    text = manager.get(f"{BASE}/regimes/{regime.id}/preview").get_data(as_text=True)
    assert "Biểu 01. Lao động, việc làm" in text and "Số người trong độ tuổi lao động *" in text
    assert "Tính theo công thức" in text and "LD03.total = LD02.total / LD01.total * 100" in text


@pytest.mark.req("RPT-02")
def test_activate_retire_and_delete_need_confirmation(manager, admin):
    from platform_core.units.models import Unit
    from platform_core.workflow import service
    from plugins.provincial_reports.models import Regime

    regime = _new_regime(manager)
    empty = manager.post(f"{BASE}/regimes/{regime.id}/activate", data={"confirm": "y"})
    assert empty.status_code == 400 and "chưa có mục đề cương hay biểu số liệu nào" in empty.get_data(as_text=True)
    manager.post(f"{BASE}/regimes/{regime.id}/structure", data=_structure())
    unconfirmed = manager.post(f"{BASE}/regimes/{regime.id}/activate", data={})
    assert unconfirmed.status_code == 400 and "Đánh dấu ô xác nhận" in unconfirmed.get_data(as_text=True)
    assert regime.status == "draft"
    active = manager.post(f"{BASE}/regimes/{regime.id}/activate", data={"confirm": "y"}, follow_redirects=True)
    assert "Chế độ báo cáo đã được đưa vào áp dụng." in active.get_data(as_text=True)

    unit = pr._db.session.scalar(pr._db.select(Unit).where(Unit.code == "40-VINH-HB"))
    service.create_draft(regime.versions[0].report_type_key, unit, admin, period_key="2026-Q1")
    refused = manager.post(f"{BASE}/regimes/{regime.id}/delete", data={"confirm": "y"})
    assert refused.status_code == 409
    assert "Chế độ báo cáo đã có đơn vị gửi báo cáo; không xoá được." in refused.get_data(as_text=True)
    retired = manager.post(f"{BASE}/regimes/{regime.id}/retire", data={"confirm": "y"}, follow_redirects=True)
    assert "Chế độ báo cáo đã ngừng áp dụng" in retired.get_data(as_text=True)
    assert pr._db.session.get(Regime, regime.id).status == "retired"
    frozen = manager.post(f"{BASE}/regimes/{regime.id}/structure", data=_structure(valid_from="2026-Q3"))
    assert frozen.status_code == 400 and "đã ngừng áp dụng; không sửa nội dung" in frozen.get_data(as_text=True)


@pytest.mark.req("RPT-02")
def test_an_unused_draft_is_deleted(manager):
    from plugins.provincial_reports.models import Regime

    regime = _new_regime(manager)
    regime_id = regime.id
    preview = manager.get(f"{BASE}/regimes/{regime_id}/preview").get_data(as_text=True)
    assert "Chế độ báo cáo chưa có mục đề cương hay biểu số liệu nào." in preview
    assert manager.get(f"{BASE}/regimes/{regime_id}/preview.pdf").data.startswith(b"%PDF")
    kept = manager.post(f"{BASE}/regimes/{regime_id}/delete", data={})
    assert kept.status_code == 400 and pr._db.session.get(Regime, regime_id) is not None
    gone = manager.post(f"{BASE}/regimes/{regime_id}/delete", data={"confirm": "y"}, follow_redirects=True)
    assert "Đã xoá chế độ báo cáo." in gone.get_data(as_text=True)
    pr._db.session.expire_all()
    assert pr._db.session.get(Regime, regime_id) is None
    assert manager.get(f"{BASE}/regimes/{regime_id}").status_code == 404


@pytest.mark.req("RPT-02")
def test_the_builder_needs_the_manage_permission(admin, make_user, login_as):
    from platform_core.units.models import Unit

    regime, _version = pr.regime()
    unit = pr._db.session.scalar(pr._db.select(Unit).where(Unit.code == "40-VINH-HB"))
    officer = login_as(make_user("nhaplieu", unit=unit, role="provincial_reports.entry"))
    for path in ("/regimes/", "/regimes/new", f"/regimes/{regime.id}", f"/regimes/{regime.id}/structure",
                 f"/regimes/{regime.id}/preview"):
        assert officer.get(BASE + path).status_code == 403, path
    assert officer.post(f"{BASE}/regimes/{regime.id}/delete", data={"confirm": "y"}).status_code == 403
