"""The exchange page (RPT-11): download links, figures by regime and period, upload with a check, a
confirmation and every problem listed; only regime managers get in."""
import io
import json

import pytest
from sqlalchemy import func, select

from tests.plugins.provincial_reports import exchange_support as ex


@pytest.fixture
def w(app, db, make_unit, make_user):
    world = ex.world(make_unit, make_user)
    ex.approved(world, world["hb"], ex.HB_DATA)
    return world


def _upload(client, content: bytes, action="import", confirm=True, name="tep.json"):
    data = {"file": (io.BytesIO(content), name), "action": action}
    if confirm:
        data["confirm"] = "y"
    return client.post("/p/provincial_reports/exchange", data=data, content_type="multipart/form-data")


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.req("RPT-11")
def test_page_offers_downloads_and_needs_the_manage_permission(w, client, login_as):
    login_as(w["entry"])
    assert client.get("/p/provincial_reports/exchange").status_code == 403
    assert client.get("/p/provincial_reports/exchange/regimes.json").status_code == 403

    login_as(w["admin"])
    page = client.get("/p/provincial_reports/exchange").get_data(as_text=True)
    assert "Tải chế độ báo cáo và thư viện chỉ tiêu (JSON)" in page
    assert "LDVL-QUY — Báo cáo lao động, việc làm quý" in page and "Kiểm tra tệp" in page
    assert "Trao đổi dữ liệu (JSON)" in client.get("/p/provincial_reports/").get_data(as_text=True)

    response = client.get("/p/provincial_reports/exchange/regimes.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.get_data(as_text=True))
    assert document["kind"] == "regimes" and ex.schema_errors(document) == []


@pytest.mark.req("RPT-11")
def test_figures_download_by_regime_and_period(w, client, login_as):
    login_as(w["admin"])
    response = client.get("/p/provincial_reports/exchange/figures.json?regime=LDVL-QUY&period=2026-Q1")
    assert response.status_code == 200
    assert "filename=so-lieu-LDVL-QUY-2026-Q1.json" in response.headers["Content-Disposition"]
    document = json.loads(response.get_data(as_text=True))
    assert [u["unit_code"] for u in document["units"]] == ["40-VINH-HB"]

    bad = client.get("/p/provincial_reports/exchange/figures.json?regime=LDVL-QUY&period=2026-10")
    assert bad.status_code == 400
    assert "Kỳ «2026-10» không phải kỳ của chế độ báo cáo này" in bad.get_data(as_text=True)
    missing = client.get("/p/provincial_reports/exchange/figures.json?regime=&period=")
    assert missing.status_code == 400 and "Chọn chế độ báo cáo." in missing.get_data(as_text=True)


@pytest.mark.req("RPT-11")
def test_a_file_that_is_not_json_or_of_another_format_gets_a_clear_400(w, client, login_as):
    login_as(w["admin"])
    page = _upload(client, b"code;name\nLD01;x")
    assert page.status_code == 400
    assert "Tệp không phải JSON hợp lệ" in page.get_data(as_text=True)

    page = _upload(client, json.dumps({"format": "khac/3", "kind": "regimes"}).encode())
    assert page.status_code == 400
    assert "hệ thống đọc định dạng «nghean-reporting/1»" in page.get_data(as_text=True)

    page = _upload(client, b"{}", name="tep.csv")
    assert page.status_code == 400 and "Chỉ nhận tệp .json." in page.get_data(as_text=True)


@pytest.mark.req("RPT-11")
def test_upload_lists_every_problem_and_writes_nothing(w, client, login_as, db):
    from platform_core.workflow.models import Submission
    from plugins.provincial_reports import exchange

    login_as(w["admin"])
    document = exchange.export_figures("LDVL-QUY", ex.PERIOD)
    document["units"].append({"unit_code": "99-KHONG-CO", "values": {"LD01.nam": "nhiều"}})
    page = _upload(client, exchange.dumps(document).encode())
    text = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "Không nhập gì: tệp có 3 lỗi." in text
    assert "units[0].unit_code" in text and "units[1].unit_code" in text
    assert "đơn vị mã «99-KHONG-CO» không có trong hệ thống." in text
    assert _count(db, Submission) == 1


@pytest.mark.req("RPT-11")
def test_check_then_import_with_confirmation(w, client, login_as, db):
    from platform_core.workflow.models import Submission
    from plugins.provincial_reports import exchange

    login_as(w["admin"])
    document = exchange.export_figures("LDVL-QUY", ex.PERIOD)
    document["units"][0]["unit_code"] = "40-VINH-LM"
    content = exchange.dumps(document).encode()

    checked = _upload(client, content, action="check", confirm=False)
    assert checked.status_code == 200
    assert "Tệp số liệu hợp lệ: 1 đơn vị, chế độ LDVL-QUY, kỳ 2026-Q1. Chưa ghi gì." in checked.get_data(as_text=True)
    assert _count(db, Submission) == 1

    unconfirmed = _upload(client, content, confirm=False)
    assert unconfirmed.status_code == 400 and "Tích ô xác nhận trước khi nhập" in unconfirmed.get_data(as_text=True)
    assert _count(db, Submission) == 1

    done = _upload(client, content)
    assert done.status_code == 302
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Đã lập 1 báo cáo nháp kỳ 2026-Q1 của chế độ LDVL-QUY từ tệp" in page
    draft = db.session.scalar(select(Submission).where(Submission.unit_id == w["lm"].id))
    assert draft.status == "draft" and draft.data["LD01__nam"] == 600

    history = client.get(f"/reports/{draft.id}").get_data(as_text=True)
    assert "Nhập từ tệp trao đổi dữ liệu (nghean-reporting/1)" in history


@pytest.mark.req("RPT-11")
def test_importing_regimes_through_the_page_shows_the_counts(w, client, login_as, db):
    import copy

    from plugins.provincial_reports import exchange

    login_as(w["admin"])
    document = copy.deepcopy(exchange.export_regimes())
    document["indicators"].append({"code": "YT01", "name": "Số trạm y tế", "unit_of_measure": "trạm",
                                   "data_type": "integer", "aggregate": "sum"})
    new = copy.deepcopy(document["regimes"][0])
    new.update(code="YTE-NAM", name="Báo cáo y tế năm", frequency="calendar_year", status="draft")
    new["versions"][0]["definition"] = {"tables": [{"key": "b1", "title": "Y tế", "dimension": None,
                                                    "rows": [{"indicator": "YT01", "required": True}]}]}
    document["regimes"].append(new)
    done = _upload(client, exchange.dumps(document).encode())
    assert done.status_code == 302
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "0 phân tổ mới, 1 chỉ tiêu mới, 1 chế độ báo cáo mới, 0 chế độ được cập nhật, 1 chế độ không đổi" in page
