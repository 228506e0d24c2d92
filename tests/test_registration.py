"""CORE-07: account registration requests — the annex 1 form, approval with e-mailed credentials, the
per-unit account cap of a regime, rejection."""
import re

import pytest
from sqlalchemy import func, select

from platform_core.access.models import Membership, Role
from platform_core.accounts.models import REQUEST_APPROVED, REQUEST_PENDING, RegistrationRequest, User
from platform_core.accounts.registration import AccountCapExceeded, check_account_cap
from platform_core.testing.pytest_plugin import unused_port


@pytest.fixture
def app_overrides(smtp):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_DEFAULT_SENDER": "bao-cao@test.gov.vn"}


FORM = {
    "agency_name": "Sở Tài nguyên và Môi trường tỉnh Hà Giang",
    "address": "Số 1 đường Nguyễn Trãi, TP Hà Giang",
    "phone": "0219 3860 000",
    "fax": "",
    "email": "stnmt@hagiang.gov.vn",
    "portal_url": "https://stnmt.hagiang.gov.vn",
    "contact_name": "Nguyễn Thị Lan",
    "contact_unit": "Văn phòng Sở",
    "contact_position": "Chuyên viên",
    "contact_landline": "",
    "contact_mobile": "0912 345 678",
    "contact_email": "lan.nt@hagiang.gov.vn",
    "username": "lannt.hagiang",
    "regimes": ["it_reporting"],
}


def as_user(app, user):
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = user.get_id()
    return client


def submit(client, **changes):
    return client.post("/register", data={**FORM, **changes})


def reporter_role(db):
    return db.session.scalar(select(Role).where(Role.key == "it_reporting.reporter"))


def approve(client, req, unit, db):
    return client.post(f"/admin/registrations/{req.id}/approve",
                       data={"unit_id": unit.id, "role_it_reporting": reporter_role(db).id})


def counts(db):
    return tuple(db.session.scalar(select(func.count(model.id))) for model in (User, Membership))


@pytest.mark.req("CORE-07")
def test_form_has_the_annex_labels(app, client):
    text = client.get("/register").text
    for label in ("Tên cơ quan báo cáo", "Thư điện tử liên hệ",
                  "Địa chỉ trang/cổng thông tin điện tử chính thức", "Họ và tên người thực hiện báo cáo",
                  "Đơn vị công tác", "Điện thoại cố định", "Điện thoại di động",
                  "Tên tài khoản (tối thiểu 6 ký tự không dấu, viết liền)", "Đăng ký sử dụng hệ thống",
                  "Báo cáo thông tin dự án và ứng dụng CNTT"):
        assert label in text, label


@pytest.mark.req("CORE-07")
@pytest.mark.parametrize("username, message", [
    ("lan", "Tên tài khoản phải có tối thiểu 6 ký tự."),
    ("nguyễnthịlan", "Tên tài khoản phải viết không dấu"),
    ("lan nt hg", "viết liền"),
])
def test_bad_usernames_are_refused(app, client, db, username, message):
    response = submit(client, username=username)
    assert response.status_code == 200 and message in response.text
    assert db.session.scalar(select(func.count(RegistrationRequest.id))) == 0


@pytest.mark.req("CORE-07")
def test_missing_fields_and_taken_username_are_refused(app, client, make_user, db):
    make_user("lannt.hagiang")
    response = submit(client, agency_name="", contact_email="khong-phai-email", regimes=[])
    text = response.text
    assert "Vui lòng nhập thông tin này." in text
    assert "Địa chỉ thư điện tử không hợp lệ." in text
    assert "Vui lòng chọn ít nhất một chế độ báo cáo." in text
    assert "đã được sử dụng" in text
    assert db.session.scalar(select(func.count(RegistrationRequest.id))) == 0


@pytest.mark.req("CORE-07")
def test_approval_creates_the_account_and_mails_the_credentials(app, client, make_user, make_unit, smtp, db):
    unit = make_unit("STNMT_HG", "Sở Tài nguyên và Môi trường tỉnh Hà Giang")
    reviewer = make_user("quan.tri.cntt", admin=True)
    assert "Đã nhận đăng ký" in submit(client, username="LanNT.HaGiang").text
    req = db.session.scalar(select(RegistrationRequest))
    assert req.username == "lannt.hagiang" and req.status == REQUEST_PENDING

    admin = as_user(app, reviewer)
    detail = admin.get(f"/admin/registrations/{req.id}")
    assert "Nguyễn Thị Lan" in detail.text and "Cán bộ báo cáo CNTT" in detail.text
    response = approve(admin, req, unit, db)
    assert response.status_code == 200 and 'id="mail-sent"' in response.text
    assert 'id="temporary-password"' not in response.text  # mailed, so not shown

    user = db.session.scalar(select(User).where(User.username == "lannt.hagiang"))
    assert user.unit_id == unit.id and user.must_change_password and user.full_name == "Nguyễn Thị Lan"
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert membership.role.key == "it_reporting.reporter" and membership.unit_id == unit.id
    db.session.refresh(req)
    assert req.status == REQUEST_APPROVED
    assert req.created_user_id == user.id and req.decided_by_id == reviewer.id

    [(rcpt, message)] = smtp.messages
    assert sorted(rcpt) == ["lan.nt@hagiang.gov.vn", "stnmt@hagiang.gov.vn"]
    assert message["From"] == "bao-cao@test.gov.vn"
    assert "tài khoản" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "lannt.hagiang" in body
    assert "lannt.hagiang" in message.get_body(("html",)).get_content()
    password = re.search(r"Mật khẩu tạm thời: (\S+)", body).group(1)

    newcomer = app.test_client()
    login = newcomer.post("/login", data={"username": "lannt.hagiang", "password": password})
    assert login.headers["Location"] == "/account/password"


@pytest.mark.req("CORE-07")
def test_failed_mail_keeps_the_approval_and_shows_the_password(app, client, make_user, make_unit, db):
    app.config["MAIL_PORT"] = unused_port()  # nobody listens there
    unit = make_unit("STNMT_HG", "Sở Tài nguyên và Môi trường tỉnh Hà Giang")
    reviewer = make_user("quan.tri.cntt", admin=True)
    submit(client)
    req = db.session.scalar(select(RegistrationRequest))
    response = approve(as_user(app, reviewer), req, unit, db)
    assert "CẢNH BÁO: chưa gửi được thư" in response.text
    assert response.headers["Cache-Control"] == "no-store"
    password = re.search(r'id="temporary-password">([^<]+)<', response.text).group(1).replace("&amp;", "&")
    login = app.test_client().post("/login", data={"username": "lannt.hagiang", "password": password})
    assert login.status_code == 302
    db.session.refresh(req)
    assert req.status == REQUEST_APPROVED


@pytest.mark.req("CORE-07")
def test_third_it_reporting_account_on_a_unit_is_refused(app, client, make_user, make_unit, smtp, db):
    unit = make_unit("STNMT_HG", "Sở Tài nguyên và Môi trường tỉnh Hà Giang")
    make_user("nguoi.thu.nhat", unit=unit, role="it_reporting.reporter")
    make_user("nguoi.thu.hai", unit=unit, role="it_reporting.officer")
    reviewer = make_user("quan.tri.cntt", admin=True)
    submit(client)
    req = db.session.scalar(select(RegistrationRequest))
    before = counts(db)

    response = approve(as_user(app, reviewer), req, unit, db)
    assert response.status_code == 200
    message = re.search(r'id="decision-error">([^<]+)<', response.text).group(1)
    assert "Báo cáo thông tin dự án và ứng dụng CNTT" in message and "tối đa 2 tài khoản" in message
    assert counts(db) == before
    assert db.session.scalar(select(User).where(User.username == "lannt.hagiang")) is None
    db.session.refresh(req)
    assert req.status == REQUEST_PENDING
    assert smtp.messages == []


@pytest.mark.req("CORE-07")
def test_cap_ignores_deactivated_users_and_revoked_roles(app, make_user, make_unit, db):
    unit = make_unit("STNMT_HG")
    gone = make_user("nguoi.da.nghi", unit=unit, role="it_reporting.reporter")
    make_user("nguoi.thu.hai", unit=unit, role="it_reporting.reporter")
    with pytest.raises(AccountCapExceeded):
        check_account_cap(unit, "it_reporting")
    check_account_cap(unit, "it_reporting", user_id=gone.id)  # an existing holder may get another role
    gone.active = False
    db.session.commit()
    check_account_cap(unit, "it_reporting")
    check_account_cap(unit, "env_monitoring")  # no cap declared


@pytest.mark.req("CORE-07")
def test_rejection_records_the_reason_and_tells_the_unit(app, client, make_user, smtp, db):
    reviewer = make_user("quan.tri.cntt", admin=True)
    submit(client)
    req = db.session.scalar(select(RegistrationRequest))
    admin = as_user(app, reviewer)
    assert "Vui lòng nhập thông tin này." in admin.post(f"/admin/registrations/{req.id}/reject", data={}).text
    response = admin.post(f"/admin/registrations/{req.id}/reject",
                          data={"reason": "Đơn vị đã đủ 2 tài khoản."}, follow_redirects=True)
    assert "Đã từ chối yêu cầu" in response.text and "Đơn vị đã đủ 2 tài khoản." in response.text
    [(_, message)] = smtp.messages
    assert "Đơn vị đã đủ 2 tài khoản." in message.get_body(("plain",)).get_content()
    assert db.session.scalar(select(func.count(User.id))) == 1


@pytest.mark.req("CORE-07")
def test_list_shows_pending_first_and_is_closed_to_others(app, client, make_user, make_unit, db):
    unit = make_unit("STNMT_HG")
    officer = make_user("can.bo.thuong", unit=unit, role="officer")
    reviewer = make_user("quan.tri.cntt", admin=True)
    submit(client, username="nguoi.thu.nhat")
    submit(client, username="nguoi.thu.hai")
    first = db.session.scalar(select(RegistrationRequest).filter_by(username="nguoi.thu.nhat"))
    as_user(app, reviewer).post(f"/admin/registrations/{first.id}/reject", data={"reason": "Trùng"})
    assert as_user(app, officer).get("/admin/registrations").status_code == 403
    assert as_user(app, officer).get(f"/admin/registrations/{first.id}").status_code == 403
    text = as_user(app, reviewer).get("/admin/registrations").text
    assert text.index("nguoi.thu.hai") < text.index("nguoi.thu.nhat")
