"""Vietnamese by default, English on request; dates as dd/mm/yyyy in Viet Nam's time; NFC form input.

Message ids are the Vietnamese texts, so Vietnamese needs no catalog; English needs the compiled
``en`` catalog. The tests compile the committed ``.po`` into a scratch folder (``.mo`` files are build
output) and point the app at it.
"""
import re
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import render_template_string
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField

from platform_core.forms import BaseForm
from platform_core.timeutil import format_date, format_datetime, parse_date

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "platform_core" / "translations"
ENGLISH_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _read(path):
    with open(path, "rb") as fh:
        return read_po(fh)


def _ids(message_id):
    return (message_id,) if isinstance(message_id, str) else tuple(message_id)


@pytest.fixture(scope="session")
def compiled_translations(tmp_path_factory):
    target = tmp_path_factory.mktemp("translations")
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = target / po.relative_to(TRANSLATIONS).with_suffix(".mo")
        mo.parent.mkdir(parents=True)
        with open(mo, "wb") as fh:
            write_mo(fh, _read(po))
    return target


@pytest.fixture
def app_overrides(compiled_translations):
    return {"BABEL_TRANSLATION_DIRECTORIES": str(compiled_translations)}


@pytest.fixture
def client(app):
    """The test client, with Flask-Babel's catalog cache emptied: it lives as long as the process and is
    keyed by locale only, so an app built earlier without compiled catalogs must not answer for ours."""
    from platform_core.extensions import babel

    babel.domain_instance.cache.clear()
    yield app.test_client()
    babel.domain_instance.cache.clear()


def _page(client, path="/khong-co-trang-nay", **kwargs):
    return client.get(path, **kwargs).get_data(as_text=True)


@pytest.mark.req("CORE-18")
def test_vietnamese_is_the_default_whatever_the_browser_asks(client):
    page = _page(client, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in page
    assert "Không tìm thấy trang" in page


@pytest.mark.req("CORE-18")
def test_switching_to_english_and_back(client):
    client.post("/lang/en", data={"next": "/"})
    page = _page(client)
    assert '<html lang="en">' in page
    assert "Page not found" in page
    assert "Không tìm thấy trang" not in page
    assert "Back to the home page" in page

    client.post("/lang/vi", data={"next": "/"})
    page = _page(client)
    assert "Không tìm thấy trang" in page
    assert "Page not found" not in page


@pytest.mark.req("CORE-18")
def test_english_reaches_json_errors_too(client):
    client.post("/lang/en", data={"next": "/"})
    body = client.get("/api/khong-co").get_json()
    assert body["error"] == "not_found"
    assert body["message"] and body["message"].isascii(), "the message is the English translation"


@pytest.mark.req("CORE-18")
def test_menus_and_home_page_in_english(client, make_user, login_as):
    from platform_core.ui.navigation import menu_for

    admin = make_user("quantri", admin=True, full_name="Trần Văn Quản")
    login_as(admin)
    client.post("/lang/en", data={"next": "/"})
    page = _page(client, "/")
    assert "Hello, Trần Văn Quản" in page
    assert "Administration" in page
    catalog = _read(ENGLISH_PO)
    for item in menu_for(admin)["admin"]:
        assert f">{catalog.get(item.label).string}<" in page


@pytest.mark.req("CORE-18")
def test_unknown_language_is_ignored(client):
    client.post("/lang/fr", data={"next": "/"})
    with client.session_transaction() as session:
        assert "lang" not in session
    assert '<html lang="vi">' in _page(client)


@pytest.mark.req("CORE-18")
def test_every_ui_string_has_an_english_translation():
    """Every message in the code and templates is in the English catalog, translated, with the same
    placeholders. When this fails: `make extract-messages`, then fill in the empty msgstr lines."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {**DEFAULT_KEYWORDS, **parse_keywords(["_l", "lazy_gettext"])}
    extracted = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords):
        extracted.setdefault(_ids(message)[0], f"{filename}:{lineno}")
    assert len(extracted) > 50, "extraction found almost nothing: is babel.cfg right?"

    catalog = _read(ENGLISH_PO)
    missing, untranslated, wrong = [], [], []
    for msgid, where in sorted(extracted.items()):
        entry = catalog.get(msgid)
        if entry is None:
            missing.append(f"{where}: {msgid}")
            continue
        strings = [s for s in _ids(entry.string)]
        if "fuzzy" in entry.flags or not all(strings):
            untranslated.append(f"{where}: {msgid}")
        elif any(sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(s)) for s in strings):
            wrong.append(f"{where}: {msgid}")
    assert missing == [], "not in messages.po; run `make extract-messages`"
    assert untranslated == [], "no English translation yet"
    assert wrong == [], "placeholders differ between the Vietnamese and the English text"


@pytest.mark.req("CORE-18")
def test_catalog_message_ids_are_nfc():
    """An NFD literal in the code would never match what it is compared with; ids must be NFC."""
    not_nfc = [m.id for m in _read(ENGLISH_PO) if m.id and any(
        unicodedata.normalize("NFC", s) != s for s in _ids(m.id))]
    assert not_nfc == []


@pytest.mark.req("CORE-18")
def test_english_catalog_declares_english_plural_rules():
    catalog = _read(ENGLISH_PO)
    assert str(catalog.locale) == "en"
    assert catalog.num_plurals == 2


@pytest.mark.req("CORE-18")
@pytest.mark.parametrize(("value", "shown"), [
    (datetime(2026, 1, 1, 20, 0, tzinfo=UTC), "02/01/2026"),
    (datetime(2026, 1, 1, 16, 59, tzinfo=UTC), "01/01/2026"),
    (datetime(2026, 1, 1, 17, 0, tzinfo=UTC), "02/01/2026"),
    (date(2026, 3, 5), "05/03/2026"),
    (None, ""),
])
def test_format_date_is_dd_mm_yyyy_in_viet_nam(value, shown):
    assert format_date(value) == shown


@pytest.mark.req("CORE-18")
def test_format_datetime_shows_local_time():
    assert format_datetime(datetime(2026, 1, 1, 20, 0, tzinfo=UTC)) == "02/01/2026 03:00"
    assert format_datetime(None) == ""


@pytest.mark.req("CORE-18")
def test_date_filters_in_templates(app):
    instant = datetime(2026, 1, 1, 20, 0, tzinfo=UTC)
    with app.test_request_context():
        assert render_template_string("{{ v|date_vn }}", v=instant) == "02/01/2026"
        assert render_template_string("{{ v|datetime_vn }}", v=instant) == "02/01/2026 03:00"


@pytest.mark.req("CORE-18")
@pytest.mark.parametrize(("text", "parsed"), [("02/01/2026", date(2026, 1, 2)), (" 2026-01-02 ", date(2026, 1, 2))])
def test_parse_date_reads_what_officers_type(text, parsed):
    assert parse_date(text) == parsed


@pytest.mark.req("CORE-18")
@pytest.mark.parametrize("text", ["01/13/2026", "2/1/26x", ""])
def test_parse_date_refuses_anything_else(text):
    with pytest.raises(ValueError):
        parse_date(text)


class _ProfileForm(BaseForm):
    name = StringField()
    password = PasswordField()


@pytest.mark.req("CORE-18")
def test_base_form_hands_back_nfc(app):
    name = "Nguyễn Thị Hồng Nhung"
    password = " Mật khẩu#2024 "
    decomposed = unicodedata.normalize("NFD", name)
    assert decomposed != name
    data = MultiDict({"name": f"  {decomposed} ", "password": unicodedata.normalize("NFD", password)})
    with app.test_request_context(method="POST", data=data):
        form = _ProfileForm()
        assert form.name.data == name
        assert form.password.data == password, "passwords are normalised but never stripped"
