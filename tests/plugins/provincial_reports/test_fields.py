"""A regime version becomes a report type the core runs: fields, bounds, totals and formulas."""
import pytest

from tests.plugins.provincial_reports import pr_support as pr


@pytest.fixture
def labour(app, db):
    pr.enable()
    pr.library()
    regime, version = pr.regime()
    from platform_core.workflow.registry import get_report_type

    return get_report_type(version.report_type_key)


@pytest.mark.req("RPT-02")
def test_every_section_and_cell_becomes_a_field(labour):
    names = [f.name for f in labour.fields]
    assert names[:2] == ["section__s1", "section__s2"]
    assert {"LD01__nam", "LD01__nu", "LD01__total", "LD03__total"} <= set(names)
    assert labour.entry_endpoint == "provincial_reports.entry"
    assert labour.requires_signature


@pytest.mark.req("RPT-05")
def test_totals_are_filled_checked_and_formulas_computed(labour):
    from platform_core.workflow import values

    data = {"LD01__nam": "60", "LD01__nu": "40", "LD02__nam": "30", "LD02__nu": "20", "LD02__total": "50"}
    cleaned, errors = values.clean_data(labour, data)
    assert errors == {}
    assert cleaned["LD01__total"] == 100
    assert cleaned["LD03__total"] == "50"

    _cleaned, errors = values.clean_data(labour, {**data, "LD02__total": "55"})
    assert "không bằng tổng các cột (50)" in errors["LD02__total"]


@pytest.mark.req("RPT-05")
def test_text_in_a_number_cell_and_a_negative_count_are_refused_at_the_cell(labour):
    from platform_core.workflow import values

    _cleaned, errors = values.clean_data(labour, {"LD01__nam": "nhiều", "LD02__nu": "-4"})
    assert "nhập một số nguyên" in errors["LD01__nam"]
    assert "không được là số âm" in errors["LD02__nu"]


@pytest.mark.req("RPT-05")
def test_a_percentage_over_100_is_refused_whether_typed_or_computed(app, db):
    from platform_core.workflow import values
    from platform_core.workflow.registry import get_report_type

    pr.enable()
    pr.library()
    typed = {"outline": [], "tables": [{"key": "b1", "title": "Biểu 01", "dimension": None,
                                        "rows": [{"indicator": "LD03", "required": False}], "formulas": []}]}
    _regime, version = pr.regime(code="TL-NHAP", definition=typed)
    _cleaned, errors = values.clean_data(get_report_type(version.report_type_key), {"LD03__total": "120,5"})
    assert "không được lớn hơn 100" in errors["LD03__total"]

    _regime, version = pr.regime(code="TL-TINH")
    labour = get_report_type(version.report_type_key)
    _cleaned, errors = values.clean_data(labour, {"LD01__nam": "10", "LD01__nu": "10", "LD02__nam": "30",
                                                  "LD02__nu": "0"})
    assert "ngoài giới hạn cho phép" in errors["LD03__total"], "30 employed of 20 people of working age"
