"""The obligation pages: list and detail within the user's units, recording a report received through
another channel (CORE-22), waiving with a reason (CORE-09)."""
import io
from datetime import timedelta
from pathlib import Path

import pytest
from fixtures_obligations.support import REGIME, make_obligation
from sqlalchemy import select

from platform_core.obligations import calendar
from platform_core.obligations.models import OutOfBandReceipt
from platform_core.plugins import activation
from platform_core.timeutil import format_date, local_today


@pytest.fixture
def app_overrides(tmp_path):
    return dict(REGIME, UPLOAD_DIR=str(tmp_path / "uploads"))


@pytest.fixture
def world(app, db, make_unit, make_user):
    """Sibling units CNTT and VP under BO, an obligation in each; an officer and a records clerk of CNTT."""
    bo = make_unit("BO", "Bộ Thử nghiệm", type_code="ministry")
    cntt = make_unit("CNTT", "Cục Công nghệ thông tin", parent=bo)
    vp = make_unit("VP", "Văn phòng Bộ", parent=bo)
    activation.enable("pcob")
    db.session.commit()
    today = local_today()
    return {
        "cntt": cntt, "vp": vp,
        "ours": make_obligation(db, cntt, "Báo cáo của Cục CNTT", today + timedelta(days=3)),
        "theirs": make_obligation(db, vp, "Báo cáo của Văn phòng", today + timedelta(days=3)),
        "officer": make_user("canbo", unit=cntt, role="officer"),
        "clerk": make_user("vanthu", unit=cntt, role="unit_admin"),
    }


@pytest.mark.req("CORE-09")
def test_list_shows_only_the_users_units(client, login_as, world):
    login_as(world["officer"])
    page = client.get("/obligations").get_data(as_text=True)
    assert "Báo cáo của Cục CNTT" in page and "Báo cáo của Văn phòng" not in page
    assert format_date(local_today() + timedelta(days=3)) in page and "còn 3 ngày" in page
    assert "Chưa nộp" in page and "Chế độ báo cáo thử nghiệm" in page


@pytest.mark.req("CORE-09")
def test_detail_of_a_sibling_units_obligation_is_refused(client, login_as, world):
    login_as(world["officer"])
    assert client.get(f"/obligations/{world['ours'].id}").status_code == 200
    assert client.get(f"/obligations/{world['theirs'].id}").status_code in (403, 404)
    assert client.get("/obligations/999999").status_code == 404


@pytest.mark.req("CORE-09")
def test_list_filters_and_empty_state(client, login_as, world, make_user):
    login_as(world["clerk"])
    assert "Báo cáo của Cục CNTT" in client.get("/obligations?status=pending&unit=cntt").get_data(as_text=True)
    filtered = client.get("/obligations?status=submitted").get_data(as_text=True)
    assert "Không có nghĩa vụ báo cáo nào khớp bộ lọc." in filtered
    assert "Bộ lọc chưa hợp lệ" in client.get("/obligations?status=bogus").get_data(as_text=True)
    admin = make_user("quantri", admin=True)
    login_as(admin)
    page = client.get("/obligations?plugin=pcob").get_data(as_text=True)
    assert "Báo cáo của Cục CNTT" in page and "Báo cáo của Văn phòng" in page


@pytest.mark.req("CORE-09")
def test_list_needs_the_view_permission(client, login_as, world, make_user):
    login_as(make_user("khach", unit=world["cntt"], role="guest"))
    assert client.get("/obligations").status_code == 403


@pytest.mark.req("CORE-22")
def test_record_a_receipt_through_the_form(app, client, login_as, world):
    login_as(world["clerk"])
    ob = world["ours"]
    due = local_today() + timedelta(days=3)
    form = client.get(f"/obligations/{ob.id}/receipt").get_data(as_text=True)
    assert "Số văn bản" in form and "Ngày nhận" in form
    yesterday = local_today() - timedelta(days=1)
    data = {"document_number": "12/BC-CNTT", "document_date": format_date(yesterday),
            "received_date": format_date(yesterday), "received_time": "08:30",
            "file": (io.BytesIO(b"%PDF scanned"), "bao-cao.pdf")}
    response = client.post(f"/obligations/{ob.id}/receipt", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    receipt = app.extensions["sqlalchemy"].session.scalar(select(OutOfBandReceipt))
    assert receipt.document_number == "12/BC-CNTT"
    assert (Path(app.config["UPLOAD_DIR"]) / receipt.file_path).read_bytes() == b"%PDF scanned"
    detail = client.get(f"/obligations/{ob.id}").get_data(as_text=True)
    assert "Đúng hạn" in detail and "12/BC-CNTT" in detail and "Đã nộp" in detail
    assert receipt.received_at <= calendar.due_instant(due)
    download = client.get(f"/obligations/{ob.id}/receipt/file")
    assert download.status_code == 200 and download.data == b"%PDF scanned"


@pytest.mark.req("CORE-22")
def test_receipt_form_explains_a_bad_date(client, login_as, world):
    login_as(world["clerk"])
    ob = world["ours"]
    data = {"document_number": "12/BC", "document_date": "31/02/2026", "received_date": "hôm qua",
            "file": (io.BytesIO(b"x"), "a.pdf")}
    page = client.post(f"/obligations/{ob.id}/receipt", data=data, content_type="multipart/form-data")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count("Ngày không hợp lệ: nhập ngày có thật theo dạng dd/mm/yyyy") == 2


@pytest.mark.req("CORE-22")
def test_recording_needs_the_record_permission_on_the_unit(client, login_as, world):
    login_as(world["officer"])
    assert client.get(f"/obligations/{world['ours'].id}/receipt").status_code == 403
    login_as(world["clerk"])
    assert client.get(f"/obligations/{world['theirs'].id}/receipt").status_code == 403


@pytest.mark.req("CORE-09")
def test_waive_asks_for_confirmation_and_a_reason(client, login_as, world, db):
    login_as(world["clerk"])
    ob = world["ours"]
    confirm = client.get(f"/obligations/{ob.id}/waive").get_data(as_text=True)
    assert "Xác nhận miễn" in confirm
    refused = client.post(f"/obligations/{ob.id}/waive", data={"reason": ""}).get_data(as_text=True)
    assert "Nhập lý do miễn nghĩa vụ." in refused
    assert client.post(f"/obligations/{ob.id}/waive", data={"reason": "Sáp nhập đơn vị"}).status_code == 302
    db.session.refresh(ob)
    assert ob.status == "waived"
    assert "Được miễn" in client.get(f"/obligations/{ob.id}").get_data(as_text=True)
