"""Navigation comes from the ``menu_items`` hook, trimmed to what the user may use right now."""
import pytest
from flask_login import AnonymousUserMixin

from platform_core.plugins.models import PluginActivation
from platform_core.ui.navigation import menu_for
from platform_core.units.models import Unit, UnitClosure, UnitType

IT_INDEX = "it_reporting.index"


@pytest.fixture
def new_unit(db):
    """A unit with its own closure row: enough for activation checks, without the units service."""
    unit_type = UnitType(code="department", name="Sở")
    db.session.add(unit_type)
    db.session.flush()

    def factory(code):
        unit = Unit(code=code, name=f"Đơn vị {code}", unit_type_id=unit_type.id)
        db.session.add(unit)
        db.session.flush()
        db.session.add(UnitClosure(ancestor_id=unit.id, descendant_id=unit.id, depth=0))
        db.session.commit()
        return unit

    return factory


@pytest.fixture
def activate(db):
    def do(key, unit=None):
        db.session.add(PluginActivation(plugin_key=key, unit_id=unit.id if unit else None))
        db.session.commit()

    return do


def endpoints(menu, section="main"):
    return [item.endpoint for item in menu.get(section, [])]


@pytest.mark.req("CORE-08")
def test_anonymous_visitors_get_no_menu(app):
    assert menu_for(AnonymousUserMixin()) == {}


@pytest.mark.req("CORE-08")
def test_plugin_menu_appears_only_once_the_plugin_is_active(db, new_unit, make_user, activate):
    reporter = make_user("baocao", unit=new_unit("STTTT"), role="it_reporting.reporter")
    assert IT_INDEX not in endpoints(menu_for(reporter))
    activate("it_reporting")
    assert IT_INDEX in endpoints(menu_for(reporter))


@pytest.mark.req("CORE-08")
def test_plugin_menu_follows_the_activated_subtree(db, new_unit, make_user, activate):
    here, elsewhere = new_unit("SO_A"), new_unit("SO_B")
    reporter = make_user("baocao", unit=here, role="it_reporting.reporter")
    activate("it_reporting", elsewhere)
    assert IT_INDEX not in endpoints(menu_for(reporter))
    activate("it_reporting", here)
    assert IT_INDEX in endpoints(menu_for(reporter))


@pytest.mark.req("CORE-06")
def test_menu_item_needs_its_permission(db, new_unit, make_user, activate):
    officer = make_user("canbo", unit=new_unit("SO_C"), role="officer")
    activate("it_reporting")
    assert IT_INDEX not in endpoints(menu_for(officer))


@pytest.mark.req("CORE-06")
def test_administrator_menu_is_ordered_and_every_link_resolves(app, make_user, client, login_as):
    admin = make_user("quantri", admin=True)
    admin_items = menu_for(admin).get("admin", [])
    assert admin_items, "a system administrator sees the administration menu"
    assert [(i.order, i.label) for i in admin_items] == sorted((i.order, i.label) for i in admin_items)

    login_as(admin)
    page = client.get("/").get_data(as_text=True)
    for item in admin_items:
        assert item.label in page
    assert "Quản trị" in page


@pytest.mark.req("CORE-08")
def test_home_page_links_to_the_active_plugin(db, new_unit, make_user, activate, client, login_as):
    activate("it_reporting")
    login_as(make_user("baocao", unit=new_unit("SO_D"), role="it_reporting.reporter"))
    page = client.get("/").get_data(as_text=True)
    assert 'href="/p/it_reporting/"' in page
    assert "Báo cáo CNTT" in page
