"""CORE-04: account administration pages and the `flask users` commands."""
import re

import pytest
from sqlalchemy import select

from platform_core.access.models import Membership
from platform_core.accounts.models import User
from platform_core.accounts.passwords import verify_password


def as_user(app, user):
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = user.get_id()
    return client


def listed_usernames(response):
    return re.findall(r'/admin/users/\d+">([^<]+)</a>', response.text)


@pytest.fixture
def units(make_unit):
    ministry = make_unit("BTNMT", "Bộ Tài nguyên và Môi trường")
    return (make_unit("CNTT", "Cục Công nghệ thông tin", parent=ministry),
            make_unit("TCMT", "Tổng cục Môi trường", parent=ministry))


@pytest.mark.req("CORE-04")
def test_unit_admin_lists_only_users_of_own_unit(app, make_user, units):
    cntt, tcmt = units
    admin = make_user("admin.cntt", unit=cntt, role="unit_admin")
    make_user("can.bo.cntt", unit=cntt, full_name="Lê Thị Hoa")
    make_user("can.bo.tcmt", unit=tcmt)
    client = as_user(app, admin)
    assert listed_usernames(client.get("/admin/users")) == ["admin.cntt", "can.bo.cntt"]
    assert listed_usernames(client.get("/admin/users", query_string={"q": "Thị Hoa"})) == ["can.bo.cntt"]


@pytest.mark.req("CORE-04")
def test_user_without_permission_gets_403(app, make_user, units):
    officer = make_user("can.bo.thuong", unit=units[0], role="officer")
    assert as_user(app, officer).get("/admin/users").status_code == 403


@pytest.mark.req("CORE-04")
def test_unit_admin_cannot_manage_another_units_user(app, make_user, units, db):
    cntt, tcmt = units
    admin = make_user("admin.cntt", unit=cntt, role="unit_admin")
    other = make_user("can.bo.tcmt", unit=tcmt)
    client = as_user(app, admin)
    assert client.post(f"/admin/users/{other.id}/deactivate", data={"confirm": "y"}).status_code == 403
    assert client.get(f"/admin/users/{other.id}/edit").status_code == 403
    assert db.session.get(User, other.id).active is True


@pytest.mark.req("CORE-04")
def test_create_user_shows_temporary_password_once(app, make_user, units, db):
    admin = make_user("admin.cntt", unit=units[0], role="unit_admin")
    client = as_user(app, admin)
    bad = client.post("/admin/users/new", data={"username": "Nguyễn An", "full_name": "Nguyễn An",
                                                "unit_id": units[0].id})
    assert "không dấu" in bad.text
    response = client.post("/admin/users/new", data={"username": "nguyen.an", "full_name": "Nguyễn An",
                                                     "email": "", "unit_id": units[0].id})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = re.search(r'id="temporary-password">([^<]+)<', response.text).group(1)
    user = db.session.scalar(select(User).where(User.username == "nguyen.an"))
    assert user.unit_id == units[0].id and user.must_change_password
    assert verify_password(user.password_hash, password.replace("&amp;", "&"))


@pytest.mark.req("CORE-04")
def test_reset_password_needs_confirmation_and_ends_sessions(app, make_user, units, db):
    admin = make_user("admin.cntt", unit=units[0], role="unit_admin")
    user = make_user("can.bo.cntt", unit=units[0])
    victim_client = as_user(app, user)
    assert victim_client.get("/").status_code == 200
    client = as_user(app, admin)
    unconfirmed = client.post(f"/admin/users/{user.id}/reset-password", data={})
    assert "Vui lòng đánh dấu ô xác nhận." in unconfirmed.text
    response = client.post(f"/admin/users/{user.id}/reset-password", data={"confirm": "y"})
    assert "Mật khẩu tạm thời" in response.text
    db.session.refresh(user)
    assert user.must_change_password and not verify_password(user.password_hash, "Matkhau#2024")
    assert victim_client.get("/").status_code == 302


@pytest.mark.req("CORE-04")
def test_cli_creates_account_with_forced_change_and_membership(app, runner, make_unit, db):
    make_unit("CNTT", "Cục Công nghệ thông tin")
    result = runner.invoke(args=["users", "create", "--username", "Nguyen.Van.An",
                                 "--password", "Tot#Mat2024", "--full-name", "Nguyễn Văn An",
                                 "--unit", "CNTT", "--role", "unit_admin"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "nguyen.van.an"))
    assert user.full_name == "Nguyễn Văn An" and user.must_change_password
    assert verify_password(user.password_hash, "Tot#Mat2024")
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert membership.role.key == "unit_admin" and membership.unit.code == "CNTT"
    listing = runner.invoke(args=["users", "list"])
    assert "nguyen.van.an" in listing.output and "CNTT" in listing.output


@pytest.mark.req("CORE-04")
def test_cli_refuses_weak_password_with_every_reason(app, runner, db):
    result = runner.invoke(args=["users", "create", "--username", "quantri.he.thong", "--password", "abc",
                                 "--admin"])
    assert result.exit_code != 0
    assert "tối thiểu 8 ký tự" in result.output and "3 trong 4 loại ký tự" in result.output
    assert db.session.scalar(select(User).where(User.username == "quantri.he.thong")) is None


@pytest.mark.req("CORE-04")
def test_cli_admin_without_forced_change(app, runner, db):
    result = runner.invoke(args=["users", "create", "--username", "quantri.he.thong",
                                 "--password", "Tot#Mat2024", "--admin", "--no-force-change"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "quantri.he.thong"))
    assert user.is_admin and not user.must_change_password


@pytest.mark.req("CORE-04")
def test_unit_admin_edits_a_user_of_own_unit(app, make_user, units, db):
    admin = make_user("admin.cntt", unit=units[0], role="unit_admin")
    user = make_user("can.bo.cntt", unit=units[0])
    client = as_user(app, admin)
    form = client.get(f"/admin/users/{user.id}/edit")
    assert form.status_code == 200 and "Cục Công nghệ thông tin (CNTT)" in form.text
    assert "Tổng cục Môi trường" not in form.text  # not a unit this administrator manages
    response = client.post(f"/admin/users/{user.id}/edit", data={
        "full_name": "Lê Văn Hùng", "email": "hung@cntt.gov.vn", "phone": "0912000111",
        "position": "Chuyên viên", "unit_id": units[0].id}, follow_redirects=True)
    assert "Đã lưu thông tin tài khoản can.bo.cntt." in response.text and "Lê Văn Hùng" in response.text
    refused = client.post(f"/admin/users/{user.id}/edit", data={"full_name": "X", "unit_id": units[1].id})
    assert refused.status_code == 200
    db.session.refresh(user)
    assert user.unit_id == units[0].id and user.email == "hung@cntt.gov.vn"


@pytest.mark.req("CORE-04")
def test_admin_pages_render(app, make_user, units, client):
    admin = make_user("quan.tri.vien", admin=True)
    user = make_user("can.bo.cntt", unit=units[0], role="officer")
    client = as_user(app, admin)
    for path in ("/admin/users", "/admin/users/new", f"/admin/users/{user.id}", f"/admin/users/{user.id}/edit",
                 f"/admin/users/{user.id}/reset-password", f"/admin/users/{user.id}/deactivate",
                 "/account/password", "/admin/registrations"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Cán bộ" in client.get(f"/admin/users/{user.id}").text
