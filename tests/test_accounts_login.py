"""CORE-04: signing in and out, lock-out, forced password change, session termination, safe `next`."""
import re

import pytest

from platform_core.accounts.models import User
from platform_core.audit.models import AuditEvent
from platform_core.testing.pytest_plugin import _make_app
from platform_core.timeutil import format_datetime

PASSWORD = "Matkhau#2024"
BAD_CREDENTIALS = "Tên đăng nhập hoặc mật khẩu không đúng."


def sign_in(client, username, password=PASSWORD, **kwargs):
    return client.post("/login", data={"username": username, "password": password}, **kwargs)


def session_cookie(app, client):
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def with_cookie(app, value):
    other = app.test_client()
    other.set_cookie(app.config["SESSION_COOKIE_NAME"], value)
    return other


def inject_session(client, user):
    with client.session_transaction() as sess:
        sess["_user_id"] = user.get_id()
        sess["_fresh"] = True
    return client


@pytest.mark.req("CORE-04")
def test_login_with_right_password_opens_home(app, client, make_user, db):
    make_user("nguyen.van.an", full_name="Nguyễn Văn An")
    response = sign_in(client, "Nguyen.Van.An")  # user names are case-insensitive
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and "Nguyễn Văn An" in home.text
    assert db.session.query(AuditEvent).filter_by(action="login", actor_username="nguyen.van.an").count() == 1


@pytest.mark.req("CORE-04")
def test_wrong_password_and_unknown_user_get_the_same_message(app, client, make_user, db):
    make_user("nguyen.van.an")
    wrong = sign_in(client, "nguyen.van.an", "Sai#mat2024")
    unknown = sign_in(client, "khong.ton.tai", "Sai#mat2024")
    for response in (wrong, unknown):
        assert response.status_code == 200 and BAD_CREDENTIALS in response.text
    assert client.get("/").status_code == 302
    failed = db.session.query(AuditEvent).filter_by(action="login_failed").all()
    assert {e.actor_username for e in failed} == {"nguyen.van.an", "khong.ton.tai"}
    assert all("Sai#mat2024" not in (e.summary or "") for e in failed)


@pytest.mark.req("CORE-04")
def test_five_failures_lock_the_account_even_for_the_right_password(app, client, make_user, db):
    user = make_user("tran.thi.binh")
    for _ in range(5):
        sign_in(client, "tran.thi.binh", "Sai#mat2024")
    response = sign_in(client, "tran.thi.binh", PASSWORD)
    db.session.refresh(user)
    assert user.locked_until is not None
    assert "tạm thời bị khoá" in response.text
    assert format_datetime(user.locked_until) in response.text
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", response.text)
    assert client.get("/").status_code == 302
    assert db.session.query(AuditEvent).filter_by(action="lockout").count() == 1


@pytest.mark.req("CORE-04")
def test_lock_holds_on_another_app_instance(app, client, make_user, database_url, db):
    """A second worker (another app on the same database) refuses the locked account too."""
    make_user("le.van.cuong")
    for _ in range(5):
        sign_in(client, "le.van.cuong", "Sai#mat2024")
    other = _make_app(database_url)
    try:
        response = sign_in(other.test_client(), "le.van.cuong", PASSWORD)
        assert "tạm thời bị khoá" in response.text
        assert response.status_code == 200
    finally:
        with other.app_context():
            from platform_core.extensions import db as other_db

            other_db.session.remove()
            other_db.engine.dispose()


@pytest.mark.req("CORE-04")
def test_success_resets_the_failure_count(app, client, make_user):
    make_user("pham.thi.dung")
    for _ in range(4):
        sign_in(client, "pham.thi.dung", "Sai#mat2024")
    assert sign_in(client, "pham.thi.dung").status_code == 302
    client.post("/logout")
    for _ in range(4):
        sign_in(client, "pham.thi.dung", "Sai#mat2024")
    assert sign_in(client, "pham.thi.dung").status_code == 302


@pytest.mark.req("CORE-04")
def test_deactivated_user_cannot_log_in(app, client, make_user, db):
    user = make_user("hoang.van.em")
    user.active = False
    db.session.commit()
    response = sign_in(client, "hoang.van.em")
    assert response.status_code == 200 and "ngừng hoạt động" in response.text
    assert client.get("/").status_code == 302


@pytest.mark.req("CORE-04")
def test_first_login_forces_a_password_change(app, client, make_user, db):
    user = make_user("vu.thi.giang", must_change=True)
    response = sign_in(client, "vu.thi.giang")
    assert response.headers["Location"] == "/account/password"
    for path in ("/", "/admin/users", "/register"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked.headers["Location"] == "/account/password", path
    page = client.get("/account/password")
    assert "Bạn cần đổi mật khẩu" in page.text
    old_cookie = session_cookie(app, client)
    new = "Moi#Matkhau25"
    done = client.post("/account/password",
                       data={"current_password": PASSWORD, "new_password": new, "confirm_password": new})
    assert done.status_code == 302
    assert client.get("/").status_code == 200
    db.session.refresh(user)
    assert user.must_change_password is False and user.password_changed_at is not None
    assert with_cookie(app, old_cookie).get("/").status_code == 302  # the session before the change ended


@pytest.mark.req("CORE-04")
def test_logout_is_post_only(app, client, make_user):
    make_user("do.van.hai")
    sign_in(client, "do.van.hai")
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.req("CORE-04")
@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_logout_without_csrf_token_is_refused(app, client, make_user):
    user = make_user("ngo.thi.khanh")
    inject_session(client, user)
    response = client.post("/logout")
    assert response.status_code == 400 and "CSRF" in response.text
    assert client.get("/").status_code == 200  # still signed in
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.req("CORE-04")
def test_copied_session_cookie_dies_with_logout(app, client, make_user, db):
    user = make_user("bui.van.long")
    sign_in(client, "bui.van.long")
    copied = session_cookie(app, client)
    assert with_cookie(app, copied).get("/").status_code == 200
    client.post("/logout")
    assert with_cookie(app, copied).get("/").status_code == 302
    db.session.refresh(user)
    assert user.session_version == 2


@pytest.mark.req("CORE-04")
def test_deactivation_ends_the_users_session(app, client, make_user, db):
    admin = make_user("quan.tri.vien", admin=True)
    user = make_user("dang.thi.mai")
    sign_in(client, "dang.thi.mai")
    assert client.get("/").status_code == 200
    admin_client = inject_session(app.test_client(), admin)
    page = admin_client.get(f"/admin/users/{user.id}/deactivate")
    assert "Tôi đã kiểm tra và xác nhận" in page.text
    unconfirmed = admin_client.post(f"/admin/users/{user.id}/deactivate", data={})
    assert "Vui lòng đánh dấu ô xác nhận." in unconfirmed.text
    assert admin_client.post(f"/admin/users/{user.id}/deactivate", data={"confirm": "y"}).status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert db.session.get(User, user.id).active is False


@pytest.mark.req("CORE-04")
@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https://evil.example"])
def test_foreign_next_is_ignored(app, client, make_user, target):
    make_user("trinh.van.nam")
    response = sign_in(client, "trinh.van.nam", query_string={"next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.req("CORE-04")
def test_local_next_is_followed(app, client, make_user):
    make_user("trinh.van.nam")
    response = sign_in(client, "trinh.van.nam", query_string={"next": "/p/x"})
    assert response.headers["Location"] == "/p/x"
