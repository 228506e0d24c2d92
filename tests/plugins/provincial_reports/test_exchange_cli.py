"""``flask provincial_reports export-regimes | import-regimes | export-figures | import-figures`` (RPT-11)."""
import json

import pytest
from sqlalchemy import func, select

from tests.plugins.provincial_reports import exchange_support as ex


@pytest.fixture
def w(app, db, make_unit, make_user):
    world = ex.world(make_unit, make_user)
    ex.approved(world, world["hb"], ex.HB_DATA)
    return world


@pytest.mark.req("RPT-11")
def test_export_and_reimport_regimes_from_the_command_line(w, runner, tmp_path):
    target = tmp_path / "che-do.json"
    result = runner.invoke(args=["provincial_reports", "export-regimes", "-o", str(target)])
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["kind"] == "regimes" and ex.schema_errors(document) == []

    shown = runner.invoke(args=["provincial_reports", "export-regimes", "--code", "LDVL-QUY"])
    assert json.loads(shown.output)["regimes"][0]["code"] == "LDVL-QUY"
    unknown = runner.invoke(args=["provincial_reports", "export-regimes", "--code", "KHONG-CO"])
    assert unknown.exit_code != 0 and "Không có chế độ báo cáo mã KHONG-CO" in unknown.output

    checked = runner.invoke(args=["provincial_reports", "import-regimes", str(target), "--check"])
    assert checked.exit_code == 0 and "Chưa ghi gì" in checked.output
    again = runner.invoke(args=["provincial_reports", "import-regimes", str(target), "--user", "quantri"])
    assert again.exit_code == 0, again.output
    assert "0 chế độ báo cáo mới, 0 chế độ được cập nhật, 1 chế độ không đổi" in again.output


@pytest.mark.req("RPT-11")
def test_a_bad_file_exits_with_every_problem(w, runner, tmp_path):
    bad = tmp_path / "hong.json"
    bad.write_text(json.dumps({"format": "nghean-reporting/1", "kind": "regimes", "dimensions": [],
                               "indicators": [], "regimes": [{"code": "X", "name": "", "frequency": "tuan",
                                                              "versions": []}]}), encoding="utf-8")
    result = runner.invoke(args=["provincial_reports", "import-regimes", str(bad)])
    assert result.exit_code == 1
    assert "Không nhập gì: tệp có 3 lỗi." in result.output
    assert "regimes[0].name: bắt buộc, không được để trống." in result.output
    assert "regimes[0].frequency" in result.output and "regimes[0].versions" in result.output


@pytest.mark.req("RPT-11")
def test_export_and_import_figures_with_a_progress_bar(w, runner, tmp_path, db):
    from platform_core.workflow.models import Submission

    target = tmp_path / "so-lieu.json"
    result = runner.invoke(args=["provincial_reports", "export-figures", "--regime", "LDVL-QUY",
                                 "--period", ex.PERIOD, "-o", str(target)])
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [u["unit_code"] for u in document["units"]] == ["40-VINH-HB"]

    bad_period = runner.invoke(args=["provincial_reports", "export-figures", "--regime", "LDVL-QUY",
                                     "--period", "2026-Q5"])
    assert bad_period.exit_code != 0 and "không phải kỳ của chế độ báo cáo này" in bad_period.output

    refused = runner.invoke(args=["provincial_reports", "import-figures", str(target), "--user", "nhaplieu"])
    assert refused.exit_code == 1 and "đã có báo cáo kỳ 2026-Q1" in refused.output

    document["units"][0]["unit_code"] = "40-VINH-LM"
    target.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    imported = runner.invoke(args=["provincial_reports", "import-figures", str(target), "--user", "nhaplieu"])
    assert imported.exit_code == 0, imported.output
    assert "Đang kiểm tra và ghi số liệu" in imported.output
    assert "Đã lập 1 báo cáo nháp kỳ 2026-Q1 của chế độ LDVL-QUY" in imported.output
    assert db.session.scalar(select(func.count()).select_from(Submission).where(
        Submission.unit_id == w["lm"].id, Submission.status == "draft")) == 1

    nobody = runner.invoke(args=["provincial_reports", "import-figures", str(target), "--user", "khong-co"])
    assert nobody.exit_code != 0 and "Không có tài khoản «khong-co»" in nobody.output
