"""The public dashboard (CORE-15, seed 002 Đ12.4): no sign-in, the figures active regimes publish and the
deployment-wide on-time rate per regime, always current, each table citing its source."""
from datetime import date, timedelta

import pytest
from fixtures_dashboard.support import PLUGINS, obligation

from platform_core.plugins import activation
from platform_core.timeutil import local_today


@pytest.fixture
def app_overrides():
    return dict(PLUGINS)


@pytest.fixture
def units(app, db, make_unit):
    bo = make_unit("BO", "Bộ Thử nghiệm", type_code="ministry")
    activation.enable("pcdash")
    db.session.commit()
    return {"bo": bo, "so": make_unit("SA", "Sở Alpha Bí Danh", parent=bo)}


def rate_row(page: str, title: str) -> str:
    start = page.index(f'<th scope="row">{title}</th>')
    return page[start:page.index("</tr>", start)]


@pytest.mark.req("CORE-15")
def test_public_page_needs_no_login_and_shows_active_figures_only(client, units):
    response = client.get("/public")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Dự án đã hoàn thành" in page and "Số dự án" in page
    assert "1.234,5" in page  # Vietnamese number format
    assert "Nguồn: Báo cáo thử nghiệm của các đơn vị, cập nhật " in page
    assert "Số liệu chưa được phép công bố" not in page and "Bí mật" not in page


@pytest.mark.req("CORE-15")
def test_public_rate_per_regime_updates_as_reports_arrive(client, db, units):
    first_day = date(local_today().year, 1, 1)
    obligation(db, units["so"], "Đã nộp", first_day, submitted=first_day - timedelta(days=1))
    obligation(db, units["so"], "Chế độ chưa bật", first_day, submitted=first_day, plugin_key="pcdashoff")
    page = client.get("/public").get_data(as_text=True)
    row = rate_row(page, "Chế độ báo cáo bảng điều khiển")
    assert "100,0 %" in row
    assert "Chế độ chưa bật" not in page  # an inactive regime publishes nothing
    assert "Sở Alpha Bí Danh" not in page  # aggregated: no unit appears
    assert "Nguồn: Hệ thống thông tin báo cáo, cập nhật " in page

    obligation(db, units["so"], "Nộp muộn", first_day, submitted=first_day + timedelta(days=1))
    row = rate_row(client.get("/public").get_data(as_text=True), "Chế độ báo cáo bảng điều khiển")
    assert "50,0 %" in row


@pytest.mark.req("CORE-15")
def test_public_page_survives_a_failing_plugin(client, units, monkeypatch):
    def broken(app):
        raise RuntimeError("boom")

    impl = [i for i in client.application.extensions["plugins"].pm.hook.published_figures.get_hookimpls()
            if i.plugin_name == "pcdash"][0]
    monkeypatch.setattr(impl, "function", broken)
    response = client.get("/public")
    assert response.status_code == 200 and "Dự án đã hoàn thành" not in response.get_data(as_text=True)
