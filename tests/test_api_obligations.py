"""GET /api/v1/obligations (CORE-19): a token sees what its owner may see — never a sibling unit's
obligations — with filters and paging."""
from datetime import date
from urllib.parse import urlsplit

import pytest
from test_api_support import OVERRIDES, bearer, enable, token_for

pytestmark = pytest.mark.req("CORE-19")


@pytest.fixture
def app_overrides():
    return dict(OVERRIDES)


@pytest.fixture
def units(make_unit, runner):
    enable(runner)
    province = make_unit("P40", "Tỉnh Nghệ An", type_code="province")
    a = make_unit("A01", "Sở Tài chính", parent=province)
    b = make_unit("B01", "Sở Xây dựng", parent=province)
    return province, a, b


def _months(unit, months, **kwargs):
    from test_api_support import add_obligation

    return [add_obligation(unit, f"2026-{m:02d}", date(2026, m + 1, 18), **kwargs) for m in months]


def _get(client, secret, url, **query):
    response = client.get(url, headers=bearer(secret), query_string=query or None)
    assert response.is_json, response.get_data(as_text=True)[:200]
    return response


def test_token_of_unit_a_sees_only_unit_a(client, make_user, units):
    _province, a, b = units
    own = _months(a, [1, 2])
    others = _months(b, [1, 2])
    secret = token_for(make_user("canbo_a", unit=a, role="officer"))

    body = _get(client, secret, "/api/v1/obligations").get_json()
    assert [o["id"] for o in body["items"]] == [o.id for o in own]
    assert {o["unit"]["code"] for o in body["items"]} == {"A01"}
    assert body["total"] == 2 and body["next"] is None

    one = _get(client, secret, f"/api/v1/obligations/{own[0].id}")
    assert one.status_code == 200
    assert one.get_json()["period_key"] == "2026-01" and one.get_json()["status"] == "open"
    assert one.get_json()["due_at"].startswith("2026-02-18T16:59:59")  # 23:59:59 in Viet Nam

    hidden = _get(client, secret, f"/api/v1/obligations/{others[0].id}")
    assert hidden.status_code == 404 and hidden.get_json()["error"] == "not_found"
    assert _get(client, secret, "/api/v1/obligations", unit="B01").get_json()["items"] == []


def test_plugin_role_opens_that_plugins_obligations_and_subtree_scope_reaches_children(client, make_user, units):
    province, a, b = units
    _months(a, [3])
    _months(b, [3])
    _months(b, [4], plugin="core", rule="core.other")
    reporter = token_for(make_user("nhaplieu", unit=a, role="pcapi.reporter"))
    assert [o["unit"]["code"] for o in _get(client, reporter, "/api/v1/obligations").get_json()["items"]] == ["A01"]

    overseer = token_for(make_user("lanhdao", unit=province, role="officer", scope="subtree"))
    items = _get(client, overseer, "/api/v1/obligations").get_json()["items"]
    assert sorted(o["unit"]["code"] for o in items) == ["A01", "B01", "B01"]


def test_user_without_any_role_gets_an_empty_list(client, make_user, units):
    _months(units[1], [1])
    secret = token_for(make_user("khach"))
    body = _get(client, secret, "/api/v1/obligations").get_json()
    assert body["items"] == [] and body["total"] == 0


def test_obligations_of_a_disabled_plugin_disappear(client, make_user, units, runner):
    _months(units[1], [1])
    secret = token_for(make_user("canbo_a", unit=units[1], role="officer"))
    assert _get(client, secret, "/api/v1/obligations").get_json()["total"] == 1
    runner.invoke(args=["plugins", "disable", "pcapi"])
    assert _get(client, secret, "/api/v1/obligations").get_json()["total"] == 0


def test_paging_follows_next_links_and_caps_per_page(client, make_user, units):
    made = _months(units[1], range(1, 6))
    secret = token_for(make_user("canbo_a", unit=units[1], role="officer"))

    seen, pages, url = [], 0, "/api/v1/obligations?per_page=2"
    while url:
        body = _get(client, secret, url).get_json()
        assert body["total"] == 5 and body["per_page"] == 2
        seen += [o["id"] for o in body["items"]]
        pages += 1
        url = body["next"] and "{0.path}?{0.query}".format(urlsplit(body["next"]))
    assert pages == 3 and seen == [o.id for o in made]

    capped = _get(client, secret, "/api/v1/obligations", per_page=100000).get_json()
    assert capped["per_page"] == 200 and len(capped["items"]) == 5
    beyond = _get(client, secret, "/api/v1/obligations", page=9).get_json()
    assert beyond["items"] == [] and beyond["next"] is None


def test_filters_by_status_due_dates_unit_and_period(client, make_user, units):
    province, a, _b = units
    jan, feb, mar = _months(a, [1, 2, 3])
    late = _months(a, [4], status="late")[0]
    secret = token_for(make_user("lanhdao", unit=province, role="officer", scope="subtree"))

    def ids(**query):
        return [o["id"] for o in _get(client, secret, "/api/v1/obligations", **query).get_json()["items"]]

    assert ids(status="late") == [late.id]
    assert ids(due_from="2026-03-18", due_to="2026-04-18") == [feb.id, mar.id]
    assert ids(due_to="2026-02-17") == []
    assert ids(unit="A01", period="2026-0") == [jan.id, feb.id, mar.id, late.id]
    assert ids(plugin="khac") == []
    next_link = _get(client, secret, "/api/v1/obligations", status="open", per_page=1).get_json()["next"]
    assert "status=open" in next_link and "page=2" in next_link


@pytest.mark.parametrize("query, field", [
    ({"due_from": "30/06/2026"}, "due_from"), ({"due_to": "2026-02-30"}, "due_to"),
    ({"status": "xong"}, "status"), ({"page": "0"}, "page"), ({"per_page": "-3"}, "per_page"),
    ({"page": "abc"}, "page"), ({"unit": "A\x00"}, "unit"), ({"page": "99999999999999999999"}, "page"),
])
def test_bad_query_parameters_get_422_naming_them(client, make_user, units, query, field):
    secret = token_for(make_user("canbo_a", unit=units[1], role="officer"))
    response = _get(client, secret, "/api/v1/obligations", **query)
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "validation_error" and field in body["fields"]


def test_unknown_or_huge_ids_are_404_json(client, make_user, units):
    secret = token_for(make_user("canbo_a", unit=units[1], role="officer"))
    for url in ("/api/v1/obligations/999999", "/api/v1/obligations/99999999999999999999", "/api/v1/khong-co"):
        response = _get(client, secret, url)
        assert response.status_code == 404
        assert set(response.get_json()) >= {"error", "message"}


def test_wrong_method_is_405_json(client, make_user, units):
    secret = token_for(make_user("canbo_a", unit=units[1], role="officer"))
    response = client.delete("/api/v1/obligations", headers=bearer(secret))
    assert response.status_code == 405 and response.is_json
