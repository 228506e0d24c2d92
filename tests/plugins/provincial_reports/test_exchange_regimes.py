"""Regimes as documented JSON (RPT-11): export, the schema, the round trip, and an import that lists every
problem with its place in the file and writes nothing when there is one."""
import copy
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.plugins.provincial_reports import exchange_support as ex
from tests.plugins.provincial_reports import pr_support as pr

MONTHLY_DEFINITION = {
    "outline": [{"key": "s1", "title": "Tình hình thu ngân sách", "guidance": "", "required": True}],
    "tables": [{"key": "b1", "title": "Biểu 01. Thu ngân sách", "dimension": None,
                "rows": [{"indicator": "KT01", "required": True}], "formulas": []}],
    "published": ["KT01"],
}


@pytest.fixture
def w(app, db, make_unit, make_user):
    world = ex.world(make_unit, make_user)
    from plugins.provincial_reports.models import RegimeVersion

    regime, _version = pr.regime(code="KTXH-THANG", name="Báo cáo thu ngân sách tháng", kind="central",
                                 frequency="month", due_day=None, due_working_days=2, status="retired",
                                 definition=MONTHLY_DEFINITION, legal_date=date(2024, 5, 20),
                                 requires_signature=False, consolidates=False, instructions="Số liệu ước tính.")
    changed = copy.deepcopy(MONTHLY_DEFINITION)
    changed["outline"].append({"key": "s2", "title": "Kiến nghị", "guidance": "Nếu có", "required": False})
    regime.versions.append(RegimeVersion(number=2, valid_from="2026-07", definition=changed, note="Thêm mục kiến nghị"))
    db.session.commit()
    return world


def _counts(db):
    from plugins.provincial_reports.models import Dimension, Indicator, Regime, RegimeVersion

    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in
                 (Dimension, Indicator, Regime, RegimeVersion))


def _wipe(db):
    from plugins.provincial_reports import fields
    from plugins.provincial_reports.models import Dimension, Indicator, Regime

    for model in (Regime, Indicator, Dimension):
        for row in db.session.scalars(select(model)):
            db.session.delete(row)
    db.session.commit()
    fields.forget()


@pytest.mark.req("RPT-11")
def test_export_follows_the_schema_and_documents_every_regime(w):
    from plugins.provincial_reports import exchange

    document = exchange.export_regimes()
    assert ex.schema_errors(document) == []
    assert document["format"] == "nghean-reporting/1" and document["kind"] == "regimes"
    assert document["source"] == "Hệ thống thông tin báo cáo tỉnh Nghệ An"
    assert document["exported_at"].endswith("+07:00")
    assert [d["code"] for d in document["dimensions"]] == ["sex"]
    assert [i["code"] for i in document["indicators"]] == ["KT01", "LD01", "LD02", "LD03"]
    labour, monthly = document["regimes"][1], document["regimes"][0]
    assert labour["code"] == "LDVL-QUY" and labour["receiving_unit_code"] == "40"
    assert labour["deadline"] == {"due_day": 20, "due_months_later": 0}
    table = labour["versions"][0]["definition"]["tables"][0]
    assert table["formulas"] == ["LD03.total = LD02.total / LD01.total * 100"]
    assert monthly["deadline"] == {"due_working_days": 2}
    assert monthly["legal_basis"] == {"number": "09/2024/QĐ-UBND", "date": "2024-05-20"}
    assert [(v["number"], v["valid_from"]) for v in monthly["versions"]] == [(1, None), (2, "2026-07")]

    only = exchange.export_regimes(["KTXH-THANG"])
    assert [r["code"] for r in only["regimes"]] == ["KTXH-THANG"]
    assert [i["code"] for i in only["indicators"]] == ["KT01"] and only["dimensions"] == []
    with pytest.raises(exchange.ExchangeError, match="Không có chế độ báo cáo mã XX"):
        exchange.export_regimes(["XX"])


@pytest.mark.req("RPT-11")
def test_schema_refuses_what_the_format_does_not_allow(w):
    from plugins.provincial_reports import exchange

    document = exchange.export_regimes()
    broken = copy.deepcopy(document)
    broken["format"] = "nghean-reporting/2"
    broken["regimes"][0]["deadline"] = {"due_day": 20, "due_days": 3}
    broken["indicators"][0]["data_type"] = "số"
    errors = ex.schema_errors(broken)
    assert errors, "a broken document must not pass the schema"


@pytest.mark.req("RPT-11")
def test_round_trip_export_wipe_import_export_is_identical(w, db):
    from plugins.provincial_reports import exchange

    first = exchange.export_regimes()
    _wipe(db)
    assert _counts(db) == (0, 0, 0, 0)
    result = exchange.import_regimes(first, w["admin"])
    assert result.ok, result.problems
    assert result.counts["regimes_created"] == 2 and result.counts["indicators_created"] == 4
    assert result.counts["versions_created"] == 3 and result.counts["dimensions_created"] == 1
    assert ex.without_exported_at(exchange.export_regimes()) == ex.without_exported_at(first)

    from platform_core.workflow.registry import get_report_type
    from plugins.provincial_reports.models import Regime

    labour = db.session.scalar(select(Regime).where(Regime.code == "LDVL-QUY"))
    assert labour.lead_unit.code == "40-SKHDT", "the lead unit travels with the regime"
    fields = [f.name for f in get_report_type(labour.versions[0].report_type_key).fields]
    assert "LD01__nam" in fields and "section__s1" in fields


@pytest.mark.req("RPT-11")
def test_importing_the_same_file_again_changes_nothing(w, db):
    from plugins.provincial_reports import exchange

    document = exchange.export_regimes()
    before = _counts(db)
    result = exchange.import_regimes(document, w["admin"])
    assert result.ok and result.counts["regimes_unchanged"] == 2
    assert result.counts["versions_created"] == result.counts["versions_updated"] == 0
    assert _counts(db) == before


@pytest.mark.req("RPT-11")
def test_every_problem_is_listed_with_its_path_and_nothing_is_written(w, db):
    from plugins.provincial_reports import exchange
    from plugins.provincial_reports.models import Indicator

    document = copy.deepcopy(exchange.export_regimes())
    labour = document["regimes"][1]
    labour["versions"][0]["definition"]["tables"][0]["rows"][2]["indicator"] = "XX99"
    labour["receiving_unit_code"] = "99-KHONG-CO"
    labour["legal_basis"]["date"] = "20/05/2024"
    labour["requires_signature"] = "có"
    labour["versions"][0]["valid_from"] = "2026-13"
    document["indicators"][1]["data_type"] = "decimal"  # LD01 is stored as an integer
    document["indicators"].append({"code": "XY01", "name": "Chỉ tiêu mới", "data_type": "integer",
                                   "aggregate": "sum", "plausible_max": "nhiều"})
    document["regimes"][0]["versions"][0]["definition"]["tables"][0]["formulas"] = ["KT01.total = KT09.total * 2"]
    document["regimes"][0]["deadline"] = {"due_day": 20, "due_days": 3}
    document["regimes"].append({"code": "MOI", "name": "Chế độ mới", "frequency": "hằng tuần", "versions": []})
    before = _counts(db)

    result = exchange.import_regimes(document, w["admin"])

    messages = [str(p) for p in result.problems]
    assert not result.ok
    assert ("regimes[1].versions[0].definition.tables[0].rows[2].indicator: chỉ tiêu «XX99» không có trong "
            "thư viện hoặc trong tệp.") in messages
    expected_paths = {
        "regimes[1].receiving_unit_code", "regimes[1].legal_basis.date", "regimes[1].requires_signature",
        "regimes[1].versions[0].valid_from", "indicators[1].data_type", "indicators[4].plausible_max",
        "regimes[0].versions[0].definition.tables[0].formulas[0]", "regimes[0].deadline", "regimes[2].frequency",
        "regimes[2].versions",
    }
    assert expected_paths <= {p.path for p in result.problems}, messages
    text = "\n".join(messages)
    assert "đơn vị mã «99-KHONG-CO» không có trong hệ thống" in text
    assert "chỉ tiêu «LD01» đã có trong hệ thống với kiểu dữ liệu «integer»; tệp ghi «decimal»" in text
    assert "KT09.total không có trong biểu" in text
    assert "kỳ «2026-13» không phải kỳ của chế độ báo cáo này" in text
    assert _counts(db) == before
    assert db.session.scalar(select(Indicator).where(Indicator.code == "XY01")) is None


@pytest.mark.req("RPT-11")
def test_wrong_format_version_or_a_file_that_is_not_json_is_refused(w):
    from plugins.provincial_reports import exchange

    _doc, problems = exchange.read_document(b'{"format": "nghean-reporting/2", "kind": "regimes"}')
    assert [str(p) for p in problems] == [
        "format: định dạng chuỗi «nghean-reporting/2» không được hỗ trợ; hệ thống đọc định dạng «nghean-reporting/1»."]
    _doc, problems = exchange.read_document(b"code,name\nLD01,x")
    assert "Tệp không phải JSON hợp lệ (dòng 1, cột 1)" in str(problems[0])
    _doc, problems = exchange.read_document(b"\xff\xfe")
    assert "UTF-8" in str(problems[0])
    _doc, problems = exchange.read_document(b"[1, 2]")
    assert "phải là một đối tượng" in str(problems[0])


@pytest.mark.req("RPT-11")
def test_a_changed_regime_gets_a_new_version_once_reports_exist(w, db, make_user):
    from platform_core.workflow import service as wf
    from plugins.provincial_reports import exchange
    from plugins.provincial_reports.models import Regime

    document = copy.deepcopy(exchange.export_regimes(["LDVL-QUY"]))
    definition = document["regimes"][0]["versions"][0]["definition"]
    definition["outline"].append({"key": "s3", "title": "Đào tạo nghề", "guidance": "", "required": False})

    # No report yet: the version is replaced.
    result = exchange.import_regimes(copy.deepcopy(document), w["admin"])
    assert result.ok and result.counts["versions_updated"] == 1 and result.counts["versions_created"] == 0
    labour = db.session.scalar(select(Regime).where(Regime.code == "LDVL-QUY"))
    assert [v.number for v in labour.versions] == [1]
    assert labour.versions[0].definition["outline"][-1]["key"] == "s3"

    # A report entered under version 1: a different content becomes version 2.
    wf.create_draft(labour.versions[0].report_type_key, w["hb"], w["entry"], period_key="2026-Q1")
    definition["outline"][-1]["title"] = "Đào tạo nghề cho lao động nông thôn"
    result = exchange.import_regimes(copy.deepcopy(document), w["admin"])
    assert result.ok and result.counts["versions_created"] == 1 and result.counts["regimes_updated"] == 1
    db.session.refresh(labour)
    assert [v.number for v in labour.versions] == [1, 2]
    assert labour.versions[0].definition["outline"][-1]["title"] == "Đào tạo nghề"
    assert labour.versions[1].definition["outline"][-1]["title"] == "Đào tạo nghề cho lao động nông thôn"

    # The same file again: that content is already the latest version.
    result = exchange.import_regimes(copy.deepcopy(document), w["admin"])
    assert result.ok and result.counts["versions_created"] == 0 and result.counts["regimes_unchanged"] == 1


@pytest.mark.req("RPT-11")
def test_a_dimension_with_other_categories_is_a_conflict(w, db):
    from plugins.provincial_reports import exchange

    document = copy.deepcopy(exchange.export_regimes())
    document["dimensions"][0]["categories"].append({"key": "khac", "label": "Khác"})
    result = exchange.import_regimes(document, w["admin"])
    assert [p.path for p in result.problems] == ["dimensions[0].categories"]
    message = result.problems[0].message
    assert "phân tổ «sex» đã có trong hệ thống với các nhóm nam, nu; tệp ghi nam, nu, khac" in message


@pytest.mark.req("RPT-11")
def test_codes_and_tables_follow_the_rules_of_the_regime_builder(w):
    from plugins.provincial_reports import exchange

    document = copy.deepcopy(exchange.export_regimes(["KTXH-THANG"]))
    regime = document["regimes"][0]
    regime["code"] = "ktxh thang"
    definition = regime["versions"][0]["definition"]
    definition["outline"][0]["key"] = "Mục 1"
    definition["tables"].append({"key": "b2", "title": "", "dimension": None, "rows": []})
    definition["published"] = ["LD01"]
    result = exchange.import_regimes(document, w["admin"])
    by_path = {p.path: p.message for p in result.problems}
    base = "regimes[0].versions[0].definition"
    assert set(by_path) == {"regimes[0].code", f"{base}.outline[0].key", f"{base}.tables[1].title",
                            f"{base}.tables[1].rows", f"{base}.published[0]"}
    assert "«LD01» không có trong biểu nào" in by_path[f"{base}.published[0]"]
    assert ex.schema_errors(document), "the schema refuses the same document"
