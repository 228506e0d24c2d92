"""Personal API tokens (CORE-19): shown once, stored hashed, revocable, expiring; only a bearer token opens
``/api/v1`` — never the browser's session cookie."""
import hashlib
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from test_api_support import OVERRIDES, bearer, enable, token_for

from platform_core.api.models import ApiToken
from platform_core.timeutil import utcnow

pytestmark = pytest.mark.req("CORE-19")


@pytest.fixture
def app_overrides():
    return dict(OVERRIDES)


@pytest.fixture
def officer(make_unit, make_user, runner):
    enable(runner)
    unit = make_unit("A01", "Sở Thông tin và Truyền thông")
    return make_user("canbo", unit=unit, role="officer")


def _secret_in(html: str) -> str:
    match = re.search(r'<code id="token-secret">([^<]+)</code>', html)
    assert match, "the new token is shown on the page"
    return match.group(1)


def test_token_is_shown_once_and_only_its_hash_is_stored(db, client, login_as, officer):
    login_as(officer)
    response = client.post("/api/tokens", data={"name": "Hệ thống quốc gia", "expires_on": ""})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    secret = _secret_in(html)
    assert "chỉ hiển thị một lần" in html

    token = db.session.scalar(sa.select(ApiToken))
    assert token.name == "Hệ thống quốc gia" and token.user_id == officer.id
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix) and len(token.prefix) < len(secret) // 3
    with db.engine.connect() as conn:
        for table in ("api_tokens", "audit_events"):
            for row in conn.execute(sa.text(f"SELECT * FROM {table}")):
                assert not any(secret in str(value) for value in row), f"the secret is stored in {table}"

    again = client.get("/api/tokens").get_data(as_text=True)
    assert secret not in again
    assert token.prefix in again and "Hệ thống quốc gia" in again

    api = client.get("/api/v1/report-types", headers=bearer(secret))
    assert api.status_code == 200 and api.is_json
    assert [t["key"] for t in api.get_json()["items"]] == ["pcapi.monthly"]


def test_token_page_rejects_empty_name_and_past_expiry(client, login_as, officer, db):
    login_as(officer)
    page = client.post("/api/tokens", data={"name": "", "expires_on": "01/01/2020"}).get_data(as_text=True)
    assert "Nhập tên gợi nhớ cho khoá." in page
    assert "Ngày hết hạn phải từ hôm nay trở đi." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_token_name_is_escaped_on_the_page(client, login_as, officer):
    login_as(officer)
    html = client.post("/api/tokens", data={"name": "<script>alert(1)</script>"}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_token_page_needs_sign_in(client):
    response = client.get("/api/tokens")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_revoked_token_gets_401(app, db, client, login_as, officer):
    secret = token_for(officer)
    assert client.get("/api/v1/obligations", headers=bearer(secret)).status_code == 200
    token = db.session.scalar(sa.select(ApiToken))
    login_as(officer)
    response = client.post(f"/api/tokens/{token.id}/revoke", follow_redirects=True)
    assert "Đã thu hồi khoá API" in response.get_data(as_text=True)

    denied = app.test_client().get("/api/v1/obligations", headers=bearer(secret))
    assert denied.status_code == 401 and denied.is_json
    assert denied.get_json() == {"error": "unauthorized", "message": "Khoá API đã bị thu hồi."}
    assert denied.headers["WWW-Authenticate"].startswith("Bearer")


def test_nobody_revokes_another_users_token(app, db, client, login_as, officer, make_user):
    secret = token_for(officer)
    token = db.session.scalar(sa.select(ApiToken))
    login_as(make_user("nguoikhac"))
    assert client.post(f"/api/tokens/{token.id}/revoke").status_code == 404
    assert app.test_client().get("/api/v1/obligations", headers=bearer(secret)).status_code == 200


def test_expired_token_gets_401(client, officer):
    secret = token_for(officer, expires_at=utcnow() - timedelta(minutes=1))
    response = client.get("/api/v1/obligations", headers=bearer(secret))
    assert response.status_code == 401
    assert response.get_json()["message"] == "Khoá API đã hết hạn."


def test_token_expiring_later_works_and_records_its_use(db, client, officer):
    secret = token_for(officer, expires_at=utcnow() + timedelta(days=1))
    assert client.get("/api/v1/obligations", headers=bearer(secret)).status_code == 200
    assert db.session.scalar(sa.select(ApiToken)).last_used_at is not None


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer "}, {"Authorization": "Basic Y2FuYm86eA=="},
                                     {"Authorization": "Bearer pct_khongcotrongheThong"}])
def test_missing_or_unknown_token_gets_401_json(client, officer, headers):
    response = client.get("/api/v1/obligations", headers=headers)
    assert response.status_code == 401
    assert response.is_json and response.get_json()["error"] == "unauthorized"
    assert response.get_json()["message"].startswith(("Thiếu khoá API", "Khoá API không đúng"))


def test_token_of_a_deactivated_account_gets_401(db, client, officer):
    secret = token_for(officer)
    officer.active = False
    db.session.commit()
    response = client.get("/api/v1/obligations", headers=bearer(secret))
    assert response.status_code == 401 and "bị khoá" in response.get_json()["message"]


@pytest.mark.parametrize("app_overrides", [{**OVERRIDES, "WTF_CSRF_ENABLED": True}])
def test_session_cookie_alone_does_not_open_the_api(client, login_as, officer):
    login_as(officer)
    assert client.get("/api/tokens").status_code == 200  # the cookie is a valid session
    for response in (client.get("/api/v1/obligations"), client.get("/api/v1/report-types"),
                     client.post("/api/v1/submissions", json={"unit": "A01"})):
        assert response.status_code == 401 and response.is_json
        assert response.get_json()["error"] == "unauthorized"


@pytest.mark.parametrize("app_overrides", [{**OVERRIDES, "WTF_CSRF_ENABLED": True}])
def test_token_page_keeps_csrf_but_the_api_needs_none(app, client, login_as, officer):
    login_as(officer)
    forged = client.post("/api/tokens", data={"name": "giả mạo"})
    assert forged.status_code == 400
    secret = token_for(officer)
    response = app.test_client().post("/api/v1/submissions", data="{", content_type="application/json",
                                      headers=bearer(secret))
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_json"
