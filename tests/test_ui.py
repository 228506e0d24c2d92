"""The shared look: Vietnamese error pages, nothing loaded from other hosts, safe redirects, navigation."""
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import abort

from platform_core.ui.safe_redirect import safe_next

ROOT = Path(__file__).resolve().parent.parent
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//"""
                      r"""|@import\s+["']?(?:https?:)?//""", re.IGNORECASE)


def _add_route(app, rule, view):
    app.add_url_rule(rule, view.__name__, view)


@pytest.fixture
def failing_app(app):
    """Exceptions reach the error handlers as in production instead of propagating to the test."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.req("CORE-18")
def test_404_page_is_vietnamese(client):
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Không tìm thấy trang" in page
    assert '<html lang="vi">' in page


@pytest.mark.req("CORE-18")
def test_403_page_is_vietnamese(app, client):
    def forbidden_for_test():
        abort(403)

    _add_route(app, "/thu-403", forbidden_for_test)
    response = client.get("/thu-403")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.get_data(as_text=True)


@pytest.mark.req("CORE-18")
def test_500_page_is_vietnamese(failing_app, client):
    def broken_for_test():
        raise RuntimeError("hỏng")

    _add_route(failing_app, "/thu-500", broken_for_test)
    response = client.get("/thu-500")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Lỗi hệ thống" in page
    assert "hỏng" not in page


@pytest.mark.req("CORE-18")
def test_500_page_survives_a_failed_database_statement(failing_app, client, db, make_user, login_as):
    """On PostgreSQL a failed statement poisons the transaction; the error page still renders for a
    signed-in user (whose navigation needs the database)."""
    def bad_query_for_test():
        db.session.execute(sa.text("SELECT no_such_column FROM no_such_table"))

    _add_route(failing_app, "/thu-500-csdl", bad_query_for_test)
    login_as(make_user("canbo"))
    response = client.get("/thu-500-csdl")
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.get_data(as_text=True)


@pytest.mark.req("CORE-18")
def test_500_falls_back_to_a_bare_page_when_the_layout_cannot_render(failing_app, client, monkeypatch):
    def broken_for_test():
        raise RuntimeError("hỏng")

    def layout_fails(*args, **kwargs):
        raise RuntimeError("database down")

    _add_route(failing_app, "/thu-500-tran", broken_for_test)
    monkeypatch.setattr("platform_core.ui.errors.render_template", layout_fails)
    response = client.get("/thu-500-tran")
    assert response.status_code == 500
    assert "500 – Lỗi hệ thống" in response.get_data(as_text=True)


@pytest.mark.req("CORE-18")
def test_api_errors_are_json_in_vietnamese(client):
    response = client.get("/api/khong-co")
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found",
                                   "message": "Không tìm thấy tài nguyên hoặc bạn không có quyền xem."}


@pytest.mark.req("CORE-18")
def test_missing_csrf_token_gives_a_friendly_vietnamese_400(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/lang/en", data={"next": "/"})
    assert response.status_code == 400
    assert "mã CSRF" in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "lang" not in session


@pytest.mark.req("CORE-18")
def test_templates_and_styles_load_nothing_from_another_host():
    """Agency networks are often closed: every asset is served by the platform itself."""
    files = [*ROOT.glob("platform_core/templates/**/*.html"), *ROOT.glob("plugins/*/templates/**/*.html"),
             *ROOT.glob("platform_core/static/**/*.css"), *ROOT.glob("platform_core/static/**/*.js")]
    assert any(f.name == "base.html" for f in files)
    offenders = [f"{f.relative_to(ROOT)}: {m.group(0)}" for f in files
                 for m in EXTERNAL.finditer(f.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.req("CORE-18")
def test_rendered_page_links_only_to_this_site_and_its_stylesheet_is_served(client, make_user, login_as):
    login_as(make_user("canbo"))
    page = client.get("/khong-co-trang-nay").get_data(as_text=True)
    assert not EXTERNAL.search(page)
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert stylesheets
    for href in stylesheets:
        assert client.get(href).status_code == 200


@pytest.mark.parametrize(("target", "expected"), [
    ("/units?page=2", "/units?page=2"),
    ("/p/it_reporting/", "/p/it_reporting/"),
    ("https://evil.example/x", "/"),
    ("http:/evil.example", "/"),
    ("//evil.example/x", "/"),
    ("/\\evil.example", "/"),
    ("\\\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("/x\r\nSet-Cookie: a=b", "/"),
    ("", "/"),
    (None, "/"),
])
def test_safe_next_keeps_only_paths_on_this_site(target, expected):
    assert safe_next(target, "/") == expected


@pytest.mark.req("CORE-18")
@pytest.mark.parametrize(("target", "location"), [
    ("/khong-co?trang=2", "/khong-co?trang=2"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
])
def test_language_switch_follows_only_a_safe_next(client, target, location):
    response = client.post("/lang/en", data={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == location


@pytest.mark.req("CORE-18")
def test_language_switch_without_next_returns_to_the_same_site_page(client):
    response = client.post("/lang/en", headers={"Referer": "http://localhost/khong-co?a=1"})
    assert response.headers["Location"] == "/khong-co?a=1"
    response = client.post("/lang/vi", headers={"Referer": "https://evil.example/khong-co"})
    assert response.headers["Location"] == "/"


@pytest.mark.req("CORE-18")
def test_language_switch_refuses_get_with_a_vietnamese_405(client):
    response = client.get("/lang/en")
    assert response.status_code == 405
    assert "Phương thức không được phép" in response.get_data(as_text=True)


@pytest.mark.req("CORE-18")
def test_oversized_upload_gets_a_vietnamese_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 64
    response = client.post("/lang/en", data={"next": "/" + "x" * 200})
    assert response.status_code == 413
    assert "Tệp tải lên quá lớn" in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "lang" not in session


@pytest.mark.req("CORE-18")
def test_every_page_offers_the_language_switch_with_its_own_path(client):
    page = client.get("/khong-co?a=1").get_data(as_text=True)
    assert 'action="/lang/en"' in page
    assert 'name="next" value="/khong-co?a=1"' in page
    page = client.get("/khong-co").get_data(as_text=True)
    assert 'name="next" value="/khong-co"' in page
