"""Runtime activation: an inactive plugin answers 404 and leaves the menu; switching it on or off from
another process takes effect without a restart (CORE-08)."""
import pytest

from platform_core.testing.pytest_plugin import _make_app

PAGE = "/p/provincial_reports/"
MENU_LABEL = "Báo cáo tỉnh"


@pytest.fixture
def other_worker(database_url):
    """A second application on the same database, as another gunicorn worker or the CLI would be."""
    worker = _make_app(database_url)
    yield worker
    with worker.app_context():
        from platform_core.extensions import db

        db.session.remove()
        db.engine.dispose()


def run_cli(worker, *args):
    with worker.app_context():
        result = worker.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.req("CORE-08")
def test_enabling_from_another_process_serves_the_page_without_restart(client, make_user, login_as, other_worker):
    login_as(make_user("quantri", admin=True))

    response = client.get(PAGE)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)

    run_cli(other_worker, "plugins", "enable", "provincial_reports")
    assert client.get(PAGE).status_code == 200

    run_cli(other_worker, "plugins", "disable", "provincial_reports")
    assert client.get(PAGE).status_code == 404


@pytest.mark.req("CORE-08")
def test_an_inactive_plugin_answers_404_even_to_anonymous_visitors(client):
    response = client.get(PAGE)

    assert response.status_code == 404
    assert "Trang bạn tìm không tồn tại" in response.get_data(as_text=True)


@pytest.mark.req("CORE-08")
def test_menu_entries_of_an_inactive_plugin_vanish(client, make_user, login_as, other_worker):
    login_as(make_user("quantri", admin=True))

    assert MENU_LABEL not in client.get("/").get_data(as_text=True)

    run_cli(other_worker, "plugins", "enable", "provincial_reports")
    home = client.get("/").get_data(as_text=True)
    assert MENU_LABEL in home and f'href="{PAGE}"' in home

    run_cli(other_worker, "plugins", "disable", "provincial_reports")
    assert MENU_LABEL not in client.get("/").get_data(as_text=True)


@pytest.mark.req("CORE-08")
def test_activation_for_a_subtree_serves_only_users_in_that_subtree(app, make_unit, make_user, login_as,
                                                                     other_worker):
    province = make_unit("40", "Tỉnh Nghệ An", type_code="province")
    district = make_unit("40-VINH", "Thành phố Vinh", parent=province, type_code="district")
    sibling = make_unit("22", "Tỉnh Quảng Ninh", type_code="province")
    inside = make_user("vinh.nhaplieu", unit=district, role="provincial_reports.entry")
    outside = make_user("qn.nhaplieu", unit=sibling, role="provincial_reports.entry")
    run_cli(other_worker, "plugins", "enable", "provincial_reports", "--unit", "40")

    inside_client = login_as(inside)
    assert inside_client.get(PAGE).status_code == 200
    assert MENU_LABEL in inside_client.get("/").get_data(as_text=True)

    outside_client = app.test_client()
    with outside_client.session_transaction() as sess:
        sess["_user_id"] = outside.get_id()
    assert outside_client.get(PAGE).status_code == 404
    assert MENU_LABEL not in outside_client.get("/").get_data(as_text=True)


@pytest.mark.req("CORE-08")
@pytest.mark.parametrize("app_overrides", [{"PLATFORM_PLUGINS": "it_reporting,civil_servants"}])
def test_a_plugin_left_out_of_the_setting_has_no_pages_even_when_activated(client, make_user, login_as,
                                                                           other_worker):
    run_cli(other_worker, "plugins", "enable", "provincial_reports")
    login_as(make_user("quantri", admin=True))

    assert client.get(PAGE).status_code == 404
    assert MENU_LABEL not in client.get("/").get_data(as_text=True)
