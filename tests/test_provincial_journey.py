"""Issue 5's journey in a real Chromium, as a new administrator and the officers would walk it.

The administrator builds a regime (an outline section and a table by sex) and assigns it to Thành phố
Vinh and its communes; in each commune an officer enters and submits, a leader approves; the city's
consolidator builds the city's report from them, its leader approves, its clerk signs with a digital
certificate and sends. The compliance page and the public dashboard change along the way.

The regime is thematic (ad hoc, due ten days from today) so the journey never meets the 72-hour rule,
whatever the day it runs on; the rule has its own tests.
"""
import threading
from datetime import timedelta

import pytest
from browser_support import _fill, _submit, _wait_for_new_page, browser_fixture  # noqa: F401  (the browser fixture)
from fixtures_signatures.ca import make_ca
from werkzeug.serving import make_server

from platform_core.testing.pytest_plugin import _make_app

pytestmark = pytest.mark.browser
PASSWORD = "Matkhau#2026"
PASSPHRASE = "Ký số thử 2026!"
OFFICERS = {  # username: (unit code, role, scope, full name)
    "quantri": (None, None, None, "Quản trị hệ thống"),
    "hb.nhaplieu": ("40-VINH-HB", "provincial_reports.entry", "unit", "Trần Thị Thuỷ"),
    "hb.lanhdao": ("40-VINH-HB", "provincial_reports.approver", "unit", "Nguyễn Văn Hải"),
    "lm.nhaplieu": ("40-VINH-LM", "provincial_reports.entry", "unit", "Nguyễn Văn Lộc"),
    "lm.lanhdao": ("40-VINH-LM", "provincial_reports.approver", "unit", "Lê Thị Mai"),
    "vinh.tonghop": ("40-VINH", "provincial_reports.consolidator", "unit", "Ngô Thị Hà"),
    "vinh.lanhdao": ("40-VINH", "provincial_reports.approver", "unit", "Hồ Văn Nam"),
    "vinh.vanthu": ("40-VINH", "provincial_reports.sender", "unit", "Cao Thị Nga"),
}
FIGURES = {"40-VINH-HB": {"LD01__nam": "620", "LD01__nu": "580", "LD02__nam": "590", "LD02__nu": "540"},
           "40-VINH-LM": {"LD01__nam": "410", "LD01__nu": "390", "LD02__nam": "400", "LD02__nu": "370"}}


def _seed():
    from platform_core.access.models import Membership, Role
    from platform_core.accounts.models import User
    from platform_core.accounts.passwords import hash_password
    from platform_core.extensions import db
    from platform_core.plugins import activation
    from platform_core.units import service as units
    from plugins.provincial_reports.models import Dimension, Indicator

    for code in ("province", "department", "district", "commune"):
        units.ensure_unit_type(code)
    tinh = units.create_unit("40", "Tỉnh Nghệ An", "province")
    units.create_unit("40-VP", "Văn phòng Ủy ban nhân dân tỉnh Nghệ An", "department", parent=tinh)
    vinh = units.create_unit("40-VINH", "Thành phố Vinh", "district", parent=tinh)
    units.create_unit("40-VINH-HB", "Phường Hưng Bình", "commune", parent=vinh)
    units.create_unit("40-VINH-LM", "Phường Lê Mao", "commune", parent=vinh)
    activation.enable("provincial_reports")
    db.session.add(Dimension(code="sex", name="Giới tính",
                             categories=[{"key": "nam", "label": "Nam"}, {"key": "nu", "label": "Nữ"}]))
    db.session.add_all([
        Indicator(code="LD01", name="Số người trong độ tuổi lao động", unit_of_measure="người",
                  data_type="integer", aggregate="sum"),
        Indicator(code="LD02", name="Số lao động có việc làm", unit_of_measure="người", data_type="integer",
                  aggregate="sum"),
        Indicator(code="LD03", name="Tỷ lệ lao động có việc làm", unit_of_measure="%", data_type="percent",
                  aggregate="mean"),
    ])
    from flask import current_app

    from platform_core.access.roles import sync_roles

    sync_roles(current_app.extensions["plugins"])
    db.session.commit()
    roles = {r.key: r for r in db.session.query(Role)}
    for username, (code, role, scope, name) in OFFICERS.items():
        unit = units.get_by_code(code) if code else None
        user = User(username=username, full_name=name, unit_id=unit.id if unit else None, is_admin=role is None,
                    password_hash=hash_password(PASSWORD), must_change_password=False)
        db.session.add(user)
        db.session.flush()
        if role:
            db.session.add(Membership(user_id=user.id, unit_id=unit.id, role_id=roles[role].id, scope=scope))
    db.session.commit()


@pytest.fixture
def live_server(tmp_path):
    app = _make_app(f"sqlite:///{tmp_path / 'journey.db'}", {"WTF_CSRF_ENABLED": True, "TESTING": False})
    with app.app_context():
        from platform_core import migrations

        migrations.upgrade_all(echo=lambda m: None)
        _seed()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        from platform_core.extensions import db

        db.engine.dispose()


def _text(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").text


def _click(driver, how, what):
    from selenium.webdriver.common.by import By

    element = driver.find_element(getattr(By, how), what)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    _wait_for_new_page(driver, element.click)


def _tick(driver, element_id):
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
    if not box.is_selected():
        box.click()


def _login(driver, base, username):
    driver.delete_all_cookies()
    driver.get(base + "/login")
    _fill(driver, "username", username)
    _fill(driver, "password", PASSWORD)
    _submit(driver)
    assert "/login" not in driver.current_url, _text(driver)


def _select(driver, name, value):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.NAME, name)).select_by_value(value)


def _build_and_assign(driver, base, due):
    from selenium.webdriver.common.by import By

    _login(driver, base, "quantri")
    driver.get(base + "/p/provincial_reports/regimes/new")
    _fill(driver, "code", "LDVL-2026")
    _fill(driver, "name", "Báo cáo nhanh tình hình lao động, việc làm")
    _select(driver, "kind", "adhoc")
    _fill(driver, "legal_number", "09/2024/QĐ-UBND")
    _select(driver, "frequency", "adhoc")
    _fill(driver, "adhoc_due_date", due.strftime("%d/%m/%Y"))
    _fill(driver, "sending_method", "Gửi trên Hệ thống thông tin báo cáo, có ký số")
    _submit(driver)
    assert "/structure" in driver.current_url, _text(driver)

    _fill(driver, "sections-0-key", "s1")
    _fill(driver, "sections-0-title", "Tình hình lao động, việc làm trong kỳ")
    _fill(driver, "tables-0-key", "b1")
    _fill(driver, "tables-0-title", "Biểu 01. Lao động, việc làm theo giới tính")
    _select(driver, "tables-0-dimension", "sex")
    _fill(driver, "tables-0-rows", "LD01*\nLD02*\nLD03")
    _fill(driver, "tables-0-formulas", "LD03.total = LD02.total / LD01.total * 100")
    _fill(driver, "published", "LD01, LD02")
    _click(driver, "CSS_SELECTOR", "main form .toolbar button[value=save], main form button[value=save]:not(.sr-only)")
    assert "Đã lưu nội dung chế độ báo cáo" in _text(driver), _text(driver)

    _click(driver, "LINK_TEXT", "Xem trước mẫu nhập")
    preview = _text(driver)
    assert "Số lao động có việc làm" in preview and "Nữ" in preview

    driver.get(base + "/p/provincial_reports/regimes")
    _click(driver, "LINK_TEXT", "LDVL-2026")
    _click(driver, "LINK_TEXT", "Giao cho đơn vị")
    row = driver.find_element(By.XPATH, "//tr[td[contains(., 'Thành phố Vinh')]]")
    row.find_element(By.CSS_SELECTOR, "input[name=subtree_ids]").click()
    _click(driver, "XPATH", "//button[normalize-space()='Giao báo cáo']")
    assigned = _text(driver)
    assert "Thành phố Vinh" in assigned, assigned


def _commune_reports(driver, base, code, prefix):
    _login(driver, base, f"{prefix}.nhaplieu")
    driver.get(base + "/p/provincial_reports/my-reports")
    _click(driver, "XPATH", "//button[normalize-space()='Lập báo cáo']")
    assert "/entry" in driver.current_url, _text(driver)
    _fill(driver, "v_section__s1", "Thị trường lao động ổn định; tổ chức phiên giao dịch việc làm.")
    for name, value in FIGURES[code].items():
        _fill(driver, f"v_{name}", value)
    _click(driver, "ID", "action-submit")
    assert "Đã nộp" in _text(driver) or "submitted" in driver.page_source, _text(driver)

    _login(driver, base, f"{prefix}.lanhdao")
    driver.get(base + "/p/provincial_reports/my-reports?show=all")
    _click(driver, "PARTIAL_LINK_TEXT", "Đã nộp")
    _tick(driver, "confirm-approve")
    _click(driver, "ID", "action-approve")
    assert "Đã phê duyệt báo cáo" in _text(driver)


@pytest.mark.req("RPT-02")
@pytest.mark.req("RPT-03")
@pytest.mark.req("RPT-05")
@pytest.mark.req("RPT-07")
@pytest.mark.req("RPT-08")
def test_build_assign_enter_approve_consolidate_sign_send(live_server, browser, tmp_path):
    from platform_core.timeutil import local_today

    base, due = live_server, local_today() + timedelta(days=10)
    _build_and_assign(browser, base, due)

    browser.get(base + "/public")
    assert "Báo cáo nhanh tình hình lao động, việc làm" not in _text(browser), "nothing public before units report"
    browser.get(base + "/p/provincial_reports/compliance")
    assert "100,0" not in _text(browser)

    _commune_reports(browser, base, "40-VINH-HB", "hb")
    _commune_reports(browser, base, "40-VINH-LM", "lm")

    _login(browser, base, "vinh.tonghop")
    browser.get(base + "/p/provincial_reports/my-reports")
    _click(browser, "XPATH", "//button[normalize-space()='Tổng hợp báo cáo']")
    assert "Đã có báo cáo được duyệt: 2/2 đơn vị" in _text(browser)
    page = browser.page_source  # the communes' values sit in folded details under each cell
    assert "Phường Hưng Bình" in page and "Phường Lê Mao" in page
    assert 'value="2000"' in page, "LD01 total of the two communes, summed"
    assert "95" in _text(browser), "the rate recomputed from the totals (1 900 / 2 000), not averaged"
    _fill(browser, "v_section__s1", "Hai phường báo cáo đầy đủ, đúng hạn.")
    _click(browser, "ID", "action-submit")

    _login(browser, base, "vinh.lanhdao")
    browser.get(base + "/p/provincial_reports/my-reports?show=all")
    _click(browser, "XPATH", "//tr[td[contains(., 'Thành phố Vinh')]]//a")
    _tick(browser, "confirm-approve")
    _click(browser, "ID", "action-approve")
    report_url = browser.current_url

    browser.delete_all_cookies()
    browser.get(base + "/public")
    public = _text(browser)
    assert "Báo cáo nhanh tình hình lao động, việc làm" in public, public
    assert "2.000" in public and "Hệ thống thông tin báo cáo tỉnh Nghệ An" in public

    certificate = tmp_path / "vanthu.p12"
    certificate.write_bytes(make_ca().pkcs12("Cao Thị Nga", PASSPHRASE))
    _login(browser, base, "vinh.vanthu")
    browser.get(base + "/signatures/credentials")
    _fill(browser, "label", "Chứng thư số văn thư")
    from selenium.webdriver.common.by import By

    browser.find_element(By.NAME, "file").send_keys(str(certificate))
    _fill(browser, "passphrase", PASSPHRASE)
    _click(browser, "XPATH", "//button[normalize-space()='Tải lên']")
    browser.get(report_url)
    _click(browser, "ID", "action-sign")
    _fill(browser, "passphrase", PASSPHRASE)
    _click(browser, "XPATH", "//button[normalize-space()='Ký số']")
    browser.get(report_url)
    _tick(browser, "confirm-send")
    _click(browser, "ID", "action-send")
    assert "Đã gửi báo cáo" in _text(browser)

    _login(browser, base, "quantri")
    browser.get(base + f"/p/provincial_reports/compliance?year={due.year}")
    compliance = _text(browser)
    for unit in ("Thành phố Vinh", "Phường Hưng Bình", "Phường Lê Mao"):
        assert unit in compliance
    assert compliance.count("100,0") >= 3, compliance
