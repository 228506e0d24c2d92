"""The home page is the user's work queue: their units' obligations still to be met, overdue, due within
7 days and later, with regime, unit, due date dd/mm/yyyy and days left (CORE-09, issue 3 item 8)."""
from datetime import timedelta

import pytest
from fixtures_obligations.support import REGIME, make_obligation

from platform_core.plugins import activation
from platform_core.timeutil import format_date, local_today


@pytest.fixture
def app_overrides():
    return dict(REGIME)


@pytest.fixture
def world(app, db, make_unit):
    bo = make_unit("BO", "Bộ Thử nghiệm", type_code="ministry")
    cntt = make_unit("CNTT", "Cục Công nghệ thông tin", parent=bo)
    vp = make_unit("VP", "Văn phòng Bộ", parent=bo)
    activation.enable("pcob")
    db.session.commit()
    today = local_today()
    make_obligation(db, cntt, "Báo cáo quá hạn", today - timedelta(days=2), status="late")
    make_obligation(db, cntt, "Báo cáo sắp đến hạn", today + timedelta(days=3))
    make_obligation(db, cntt, "Báo cáo hạn hôm nay", today)
    make_obligation(db, cntt, "Báo cáo kỳ sau", today + timedelta(days=30))
    make_obligation(db, cntt, "Báo cáo đã nộp", today + timedelta(days=1), status="submitted")
    make_obligation(db, vp, "Báo cáo của Văn phòng", today + timedelta(days=3))
    return {"bo": bo, "cntt": cntt, "vp": vp}


def _home(client, login_as, user):
    login_as(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _section(page, key):
    start = page.index(f'id="queue-{key}"')
    end = page.find("</section>", start)
    return page[start:end]


@pytest.mark.req("CORE-09")
def test_work_queue_groups_the_users_obligations(client, login_as, make_user, world):
    user = make_user("canbo", unit=world["cntt"], role="officer", full_name="Nguyễn Văn An")
    page = _home(client, login_as, user)
    today = local_today()
    assert "Xin chào, Nguyễn Văn An" in page
    overdue, soon, later = (_section(page, k) for k in ("overdue", "soon", "later"))
    assert "Quá hạn" in overdue and "Báo cáo quá hạn" in overdue and "quá hạn 2 ngày" in overdue
    assert format_date(today - timedelta(days=2)) in overdue
    assert "Đến hạn trong 7 ngày tới" in soon
    assert "Báo cáo sắp đến hạn" in soon and "còn 3 ngày" in soon and format_date(today + timedelta(days=3)) in soon
    assert "Báo cáo hạn hôm nay" in soon and "hạn hôm nay" in soon
    assert "Sau đó" in later and "Báo cáo kỳ sau" in later and "còn 30 ngày" in later
    assert "Chế độ báo cáo thử nghiệm" in soon and "Cục Công nghệ thông tin" in soon
    assert "Báo cáo đã nộp" not in page
    assert "Báo cáo của Văn phòng" not in page  # a sibling unit's


@pytest.mark.req("CORE-09")
def test_a_plugin_role_alone_shows_that_plugins_obligations(client, login_as, make_user, world):
    reporter = make_user("baocao", unit=world["vp"], role="pcob.reporter")
    page = _home(client, login_as, reporter)
    assert "Báo cáo của Văn phòng" in page and "Báo cáo sắp đến hạn" not in page
    assert 'href="/obligations/' not in page  # no core.obligations.view: no links to pages it cannot open


@pytest.mark.req("CORE-09")
def test_subtree_membership_sees_the_units_below(client, login_as, make_user, world):
    head = make_user("lanhdao", unit=world["bo"], role="officer", scope="subtree")
    page = _home(client, login_as, head)
    assert "Báo cáo của Văn phòng" in page and "Báo cáo sắp đến hạn" in page


@pytest.mark.req("CORE-09")
def test_empty_work_queue_says_so(client, login_as, make_user, world):
    guest = make_user("khach", unit=world["cntt"], role="guest")
    page = _home(client, login_as, guest)
    assert "Không có nghĩa vụ báo cáo nào đang chờ." in page
    assert "Báo cáo sắp đến hạn" not in page


@pytest.mark.req("CORE-09")
def test_obligations_of_an_inactive_plugin_leave_the_queue(client, login_as, make_user, world, db):
    user = make_user("canbo", unit=world["cntt"], role="officer")
    activation.disable("pcob")
    db.session.commit()
    assert "Không có nghĩa vụ báo cáo nào đang chờ." in _home(client, login_as, user)


@pytest.mark.req("CORE-09")
def test_long_groups_are_cut_with_a_link_to_the_list(client, login_as, make_user, world, db):
    for n in range(12):
        make_obligation(db, world["cntt"], f"Báo cáo tháng thứ {n}", local_today() + timedelta(days=40 + n))
    user = make_user("canbo", unit=world["cntt"], role="officer")
    later = _section(_home(client, login_as, user), "later")
    assert later.count('class="queue-item"') == 10
    assert "Xem tất cả 13 nghĩa vụ" in later
