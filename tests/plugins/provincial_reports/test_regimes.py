"""The regime builder's service (RPT-02): metadata of ND 09/2019 Đ11.2, the content checks (every problem
named), versions applying from a period, and the life of a regime (activate, retire, delete)."""
import pytest

from tests.plugins.provincial_reports import pr_support as pr

META = {"code": "LDVL-QUY", "name": "Báo cáo lao động, việc làm quý", "kind": "periodic",
        "content": "Tình hình lao động, việc làm trong quý", "legal_number": "09/2024/QĐ-UBND",
        "legal_date": "15/03/2024", "sending_method": "Gửi trên Hệ thống, có ký số",
        "frequency": "calendar_quarter", "due_day": 20}


@pytest.fixture
def setup(app, db, make_unit, make_user):
    pr.enable()
    pr.library()
    units = pr.province(make_unit)
    admin = make_user("quantri", admin=True, unit=units["tinh"])
    return units, admin


def _submit(version, unit, user, period_key):
    from platform_core.workflow import service

    return service.create_draft(version.report_type_key, unit, user, period_key=period_key)


# ---------------------------------------------------------------------------------------------- metadata


@pytest.mark.req("RPT-02")
def test_a_new_regime_is_a_draft_with_an_empty_first_version(setup):
    from plugins.provincial_reports import regimes

    units, admin = setup
    regime = regimes.create_regime({**META, "receiving_unit_id": units["tinh"].id}, admin)
    assert regime.status == "draft" and regime.requires_signature and regime.consolidates
    assert regime.legal_date.isoformat() == "2024-03-15"
    assert [v.number for v in regime.versions] == [1]
    assert regime.versions[0].valid_from is None
    assert regime.versions[0].definition == {"outline": [], "tables": [], "published": []}
    assert regimes.deadline_words(regime) == "Ngày 20 của tháng liền sau kỳ báo cáo"


@pytest.mark.req("RPT-02")
def test_metadata_problems_are_all_listed_in_vietnamese(setup):
    from plugins.provincial_reports import regimes

    _units, admin = setup
    regimes.create_regime(META, admin)
    with pytest.raises(regimes.RegimeError) as caught:
        regimes.create_regime({**META, "name": "", "kind": "khac", "due_days": 5}, admin)
    problems = caught.value.problems
    assert "Mã chế độ báo cáo «LDVL-QUY» đã có." in problems
    assert "Nhập tên báo cáo." in problems
    assert "Chọn loại chế độ báo cáo trong danh sách." in problems
    assert any("Chọn đúng một cách tính hạn nộp" in p for p in problems)

    with pytest.raises(regimes.RegimeError) as caught:
        regimes.create_regime({**META, "code": "X1", "due_day": 35}, admin)
    assert caught.value.problems == ["Ngày trong tháng của hạn nộp phải từ 1 đến 31; số tháng lùi hạn từ 0 trở lên."]

    with pytest.raises(regimes.RegimeError) as caught:
        regimes.create_regime({**META, "code": "X2", "frequency": "adhoc", "due_day": None}, admin)
    assert caught.value.problems == ["Báo cáo đột xuất phải có hạn nộp (dd/mm/yyyy)."]
    regime = regimes.create_regime({**META, "code": "X3", "frequency": "adhoc", "adhoc_due_date": "30/09/2026"}, admin)
    assert regime.due_day is None and regimes.deadline_words(regime) == "Đột xuất, hạn nộp 30/09/2026"


@pytest.mark.req("RPT-02")
def test_deadlines_read_as_an_officer_says_them(setup):
    from plugins.provincial_reports import regimes

    _units, admin = setup
    nd09 = regimes.create_regime({**META, "code": "A", "frequency": "month", "due_day": 20}, admin)
    working = regimes.create_regime({**META, "code": "B", "due_day": None, "due_working_days": 5}, admin)
    assert regimes.deadline_words(nd09) == "Ngày 20 của tháng cuối kỳ báo cáo"
    assert regimes.deadline_words(working) == "05 ngày làm việc sau ngày chốt số liệu"


# ---------------------------------------------------------------------------------------------- definition


@pytest.mark.req("RPT-02")
def test_check_definition_names_every_problem(setup):
    from plugins.provincial_reports import regimes

    definition = {
        "outline": [{"key": "s1", "title": "Tình hình chung"}, {"key": "s1", "title": ""}],
        "tables": [
            {"key": "b1", "title": "Biểu 01", "dimension": "sex",
             "rows": [{"indicator": "LD01"}, {"indicator": "LD99"}],
             "formulas": ["LD01.total = LD01.nam + LD01.khac"]},
            {"key": "b1", "title": "Biểu 02", "dimension": "vung", "rows": [{"indicator": "LD01"}]},
            {"key": "b3", "title": "Biểu 03", "rows": []},
        ],
        "published": ["KT01"],
    }
    problems = regimes.check_definition(definition)
    assert "Mã mục đề cương «s1» bị trùng." in problems
    assert "Mục đề cương «s1» chưa có tiêu đề." in problems
    assert "Mã biểu «b1» bị trùng." in problems
    assert "Biểu «Biểu 01»: chỉ tiêu «LD99» không có trong thư viện chỉ tiêu." in problems
    assert any(p.startswith("Chỉ tiêu LD01 có hai lần trong chế độ báo cáo") for p in problems)
    assert "Biểu «Biểu 02»: phân tổ «vung» không có trong thư viện." in problems
    assert "Biểu «Biểu 03» chưa có chỉ tiêu nào." in problems
    assert "Công thức «LD01.total = LD01.nam + LD01.khac» tham chiếu ô LD01.khac không có trong biểu." in problems
    assert "Chỉ tiêu công bố KT01 không có trong biểu nào của chế độ báo cáo." in problems


@pytest.mark.req("RPT-02")
def test_a_formula_computing_a_required_cell_is_accepted(setup):
    from plugins.provincial_reports import regimes

    assert regimes.check_definition(pr.LABOUR_DEFINITION) == []
    computed_required = {**pr.LABOUR_DEFINITION, "tables": [{
        **pr.LABOUR_DEFINITION["tables"][0],
        "rows": [{"indicator": "LD01", "required": True}, {"indicator": "LD02", "required": True},
                 {"indicator": "LD03", "required": True}]}]}
    assert regimes.check_definition(computed_required) == []


@pytest.mark.req("RPT-02")
def test_a_circular_formula_is_refused_naming_the_cells_and_nothing_is_saved(setup):
    from plugins.provincial_reports import regimes

    _units, admin = setup
    regime = regimes.create_regime(META, admin)
    definition = {"tables": [{"key": "b1", "title": "Biểu 01", "rows": [{"indicator": "LD01"}, {"indicator": "LD02"}],
                              "formulas": ["LD01.total = LD02.total + 1", "LD02.total = LD01.total - 1"]}]}
    with pytest.raises(regimes.RegimeError) as caught:
        regimes.save_definition(regime, definition, admin)
    assert any("Công thức vòng tròn: LD01.total → LD02.total → LD01.total" in p for p in caught.value.problems)
    assert regime.versions[0].definition["tables"] == []


@pytest.mark.req("RPT-02")
def test_a_draft_is_edited_in_place_and_activated_once_it_has_content(setup):
    from plugins.provincial_reports import regimes

    _units, admin = setup
    regime = regimes.create_regime(META, admin)
    with pytest.raises(regimes.RegimeError) as caught:
        regimes.activate(regime, admin)
    assert "chưa có mục đề cương hay biểu số liệu nào" in caught.value.problems[0]
    version = regimes.save_definition(regime, pr.LABOUR_DEFINITION, admin, note="Mẫu đầu tiên")
    assert version.number == 1 and len(regime.versions) == 1
    assert version.definition["tables"][0]["rows"][0] == {"indicator": "LD01", "required": True}
    regimes.activate(regime, admin)
    assert regime.status == "active"

    from platform_core.workflow.registry import get_report_type

    assert get_report_type(version.report_type_key).title == META["name"]


@pytest.mark.req("RPT-02")
def test_after_reports_a_change_is_a_new_version_from_a_period(setup):
    from platform_core.workflow.models import Submission
    from plugins.provincial_reports import regimes

    units, admin = setup
    regime = regimes.create_regime(META, admin)
    regimes.save_definition(regime, pr.LABOUR_DEFINITION, admin)
    regimes.activate(regime, admin)
    first = regime.versions[0]
    old = _submit(first, units["hb"], admin, "2026-Q1")

    changed = {**pr.LABOUR_DEFINITION, "outline": pr.LABOUR_DEFINITION["outline"][:1]}
    assert regimes.needs_new_version(regime)
    with pytest.raises(regimes.RegimeError) as caught:
        regimes.save_definition(regime, changed, admin)
    assert "nhập kỳ áp dụng phiên bản mới" in caught.value.problems[0]
    with pytest.raises(regimes.RegimeError) as caught:
        regimes.save_definition(regime, changed, admin, valid_from="2026-07")
    assert "«Áp dụng từ kỳ» 2026-07 không phải là kỳ báo cáo của chế độ này" in caught.value.problems[0]
    with pytest.raises(regimes.RegimeError) as caught:
        regimes.save_definition(regime, changed, admin, valid_from="2026-Q1")
    assert caught.value.problems == ["Kỳ 2026-Q1 đã có báo cáo theo phiên bản 1; chọn kỳ áp dụng sau các kỳ này."]

    second = regimes.save_definition(regime, changed, admin, valid_from="2026-q3", note="Bỏ mục kiến nghị")
    assert (second.number, second.valid_from) == (2, "2026-Q3")
    assert first.definition["outline"][1]["key"] == "s2"
    assert pr._db.session.get(Submission, old.id).report_type_key == first.report_type_key

    assert regimes.version_for_period(regime, "2026-Q1").number == 1
    assert regimes.version_for_period(regime, "2026-Q2").number == 1
    assert regimes.version_for_period(regime, "2026-Q3").number == 2
    assert regimes.version_for_period(regime, "2027-Q1").number == 2
    assert regimes.version_for_period(regime, "2026-08").number == 2

    # Nobody has reported under version 2 yet: it is edited in place, and cannot move before Q3.
    again = regimes.save_definition(regime, pr.LABOUR_DEFINITION, admin)
    assert again.number == 2 and len(regime.versions) == 2
    with pytest.raises(regimes.RegimeError) as caught:
        regimes.save_definition(regime, pr.LABOUR_DEFINITION, admin, valid_from="2025-Q4")
    assert caught.value.problems == ["Kỳ 2026-Q1 đã có báo cáo theo phiên bản 1; chọn kỳ áp dụng sau các kỳ này."]


@pytest.mark.req("RPT-02")
def test_the_frequency_cannot_change_once_units_reported(setup):
    from plugins.provincial_reports import regimes

    units, admin = setup
    regime = regimes.create_regime(META, admin)
    regimes.save_definition(regime, pr.LABOUR_DEFINITION, admin)
    regimes.activate(regime, admin)
    _submit(regime.versions[0], units["hb"], admin, "2026-Q1")
    with pytest.raises(regimes.RegimeError) as caught:
        regimes.update_regime(regime, {"frequency": "calendar_month"}, admin)
    assert "không đổi được tần suất" in caught.value.problems[0]
    regimes.update_regime(regime, {"name": "Báo cáo lao động quý (sửa)", "due_day": None, "due_days": 10}, admin)
    assert regime.name == "Báo cáo lao động quý (sửa)" and regime.due_days == 10 and regime.due_day is None


# ---------------------------------------------------------------------------------------------- life


@pytest.mark.req("RPT-02")
def test_a_regime_with_reports_is_retired_not_deleted(setup):
    from plugins.provincial_reports import regimes

    units, admin = setup
    regime = regimes.create_regime(META, admin)
    regimes.save_definition(regime, pr.LABOUR_DEFINITION, admin)
    regimes.activate(regime, admin)
    _submit(regime.versions[0], units["hb"], admin, "2026-Q1")
    with pytest.raises(regimes.RegimeError) as caught:
        regimes.delete_regime(regime, admin)
    assert caught.value.problems == ["Chế độ báo cáo đã có đơn vị gửi báo cáo; không xoá được. Hãy cho ngừng áp "
                                     "dụng (retire)."]
    regimes.retire(regime, admin)
    assert regime.status == "retired"
    with pytest.raises(regimes.RegimeError):
        regimes.retire(regime, admin)


@pytest.mark.req("RPT-02")
def test_deleting_an_unused_regime_removes_it_and_its_pending_obligations(setup):
    from datetime import date

    from sqlalchemy import func, select

    from platform_core.obligations.models import Obligation
    from plugins.provincial_reports import regimes
    from plugins.provincial_reports.models import Regime, RegimeVersion

    units, admin = setup
    regime, key = _active_with_obligations(units, admin, date(2026, 12, 31))
    regime_id = regime.id
    regimes.delete_regime(regime, admin)
    session = pr._db.session
    assert session.get(Regime, regime_id) is None
    assert session.scalar(select(func.count()).select_from(RegimeVersion)) == 0
    assert session.scalar(select(func.count()).select_from(Obligation).where(Obligation.rule_key == key)) == 0


@pytest.mark.req("RPT-02")
def test_an_obligation_someone_was_reminded_of_is_waived_not_deleted(setup):
    from datetime import date

    from sqlalchemy import select

    from platform_core.notifications.models import Notification
    from platform_core.obligations.models import Obligation
    from plugins.provincial_reports import regimes

    units, admin = setup
    regime, key = _active_with_obligations(units, admin, date(2026, 6, 30))
    session = pr._db.session
    reminded = session.scalars(select(Obligation).where(Obligation.rule_key == key).order_by(Obligation.id)).first()
    session.add(Notification(user_id=admin.id, title="Sắp đến hạn", obligation_id=reminded.id))
    session.commit()
    regimes.delete_regime(regime, admin)
    left = session.scalars(select(Obligation).where(Obligation.rule_key == key)).all()
    assert [(o.id, o.status, o.note) for o in left] == [(reminded.id, "waived", "Chế độ báo cáo đã bị xoá.")]


def _active_with_obligations(units, admin, last):
    """The labour regime, saved and in force, with the quarterly obligations of Phường Hưng Bình due in
    2026 up to ``last``; returns ``(regime, rule key)``."""
    from datetime import date

    from platform_core.obligations import service as obligations
    from plugins.provincial_reports import assignment, regimes

    regime = regimes.create_regime(META, admin)
    regimes.save_definition(regime, pr.LABOUR_DEFINITION, admin)
    regimes.activate(regime, admin)
    version = regime.versions[0]
    created = obligations.generate_for_units(assignment.rule_for(regime, version), [units["hb"].id],
                                             date(2026, 1, 1), last)
    assert created > 0
    return regime, version.report_type_key
