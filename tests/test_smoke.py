import pytest


@pytest.mark.req("CORE-01")
def test_app_starts_on_both_databases(app, client):
    assert client.get("/").status_code == 302
