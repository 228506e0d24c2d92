"""A real Chromium for the browser journeys, and the few moves every journey makes.

Needs Debian's chromium and chromium-driver; with CI=true their absence fails the run. Import the
``browser`` fixture by name into the test module.
"""
import os
import shutil

import pytest


@pytest.fixture(name="browser")
def browser_fixture(tmp_path):
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium and chromium-driver are required in CI")
        pytest.skip("chromium/chromedriver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
                "--lang=vi", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", f"--user-data-dir={tmp_path / 'chrome'}"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=opts)
    driver.implicitly_wait(3)
    yield driver
    driver.quit()


def _fill(driver, name, value):
    from selenium.webdriver.common.by import By

    field = driver.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)


def _wait_for_new_page(driver, action):
    """Run ``action`` (a click) and wait until the browser has left the current page and loaded the next.

    While Chromium swaps documents, asking about the old page's node can fail with errors other than
    "stale element"; any of them means the old page is gone."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    old_page = driver.find_element(By.TAG_NAME, "html")
    action()

    def left_old_page(drv):
        try:
            old_page.is_enabled()
            return False
        except WebDriverException:
            return True

    WebDriverWait(driver, 10).until(left_old_page)
    WebDriverWait(driver, 10).until(lambda drv: drv.execute_script("return document.readyState") == "complete")


def _submit(driver):
    from selenium.webdriver.common.by import By

    button = driver.find_element(By.CSS_SELECTOR, "main form button[type=submit], main form input[type=submit]")
    _wait_for_new_page(driver, button.click)
