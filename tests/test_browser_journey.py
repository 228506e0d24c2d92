"""The administrator's first visit, in a real Chromium: sign in, change the first password, look around.

Needs Debian's chromium and chromium-driver; with CI=true their absence fails the run.
"""
import os
import threading

import pytest
from browser_support import _fill, _submit, _wait_for_new_page, browser_fixture  # noqa: F401  (the browser fixture)
from werkzeug.serving import make_server

from platform_core.testing.pytest_plugin import _make_app

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(tmp_path):
    """The demo deployment on a migrated SQLite file, CSRF on, served from a thread."""
    app = _make_app(f"sqlite:///{tmp_path / 'live.db'}", {"WTF_CSRF_ENABLED": True, "TESTING": False})
    with app.app_context():
        from platform_core import demo, migrations

        migrations.upgrade_all(echo=lambda m: None)
        demo.seed()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        from platform_core.extensions import db

        db.engine.dispose()


@pytest.mark.req("CORE-04")
@pytest.mark.req("CORE-18")
def test_admin_first_login_changes_password_and_sees_the_platform(live_server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(live_server + "/")
    assert "/login" in browser.current_url
    _fill(browser, "username", "quantri")
    _fill(browser, "password", "Quantri@2026")
    _submit(browser)
    assert "/account/password" in browser.current_url, "first login must force a password change"

    _fill(browser, "current_password", "Quantri@2026")
    _fill(browser, "new_password", "quantri")
    _fill(browser, "confirm_password", "quantri")
    _submit(browser)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "tối thiểu 8 ký tự" in body, "a weak password is refused with the rule it breaks"

    _fill(browser, "current_password", "Quantri@2026")
    _fill(browser, "new_password", "Bao#Cao2026")
    _fill(browser, "confirm_password", "Bao#Cao2026")
    _submit(browser)
    assert "/account/password" not in browser.current_url

    pages = {
        "Đơn vị": ["Bộ Tài nguyên và Môi trường", "Tỉnh Nghệ An", "Tỉnh Quảng Ninh"],
        "Tài khoản": ["cntt.baocao", "qt.nghean"],
        "Vai trò": ["Quản trị đơn vị", "Cán bộ báo cáo CNTT"],
        "Plugin": ["QĐ 1676/QĐ-BTNMT", "QĐ 2715/QĐ-BTNMT", "QĐ 09/2024/QĐ-UBND", "QĐ 2019/QĐ-BTNMT",
                   "QĐ 26/2022/QĐ-UBND"],
        "Nhật ký": ["login"],
        "Nghĩa vụ báo cáo": ["Nghĩa vụ báo cáo"],
        "Lịch nghỉ": ["Tết"],
        "Tác vụ định kỳ": ["Sao lưu dữ liệu", "Nhắc hạn báo cáo", "Sinh nghĩa vụ báo cáo cho các kỳ sắp tới"],
        "Thông báo bảo trì": ["Thông báo bảo trì"],
    }
    for link_text, expected in pages.items():
        _wait_for_new_page(browser, browser.find_element(By.LINK_TEXT, link_text).click)
        text = browser.find_element(By.TAG_NAME, "body").text
        for phrase in expected:
            assert phrase in text, f"{link_text}: '{phrase}' not shown"
        shots = os.environ.get("JOURNEY_SCREENSHOTS")
        if shots:
            browser.save_screenshot(os.path.join(shots, f"{link_text}.png"))

    _wait_for_new_page(browser, browser.find_element(By.ID, "logout").click)
    assert "/login" in browser.current_url
