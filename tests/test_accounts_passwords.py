"""CORE-04: the password rule (QĐ 2019 Đ10.4) as a user meets it on the change-password page."""
import pytest

from platform_core.accounts.passwords import verify_password

PASSWORD = "Matkhau#2024"
TOO_SHORT = "Mật khẩu phải có tối thiểu 8 ký tự."
SAME_AS_USERNAME = "Mật khẩu không được trùng với tên tài khoản."
KINDS = "Mật khẩu phải có ít nhất 3 trong 4 loại ký tự"
RULES = (TOO_SHORT, SAME_AS_USERNAME, KINDS)


@pytest.fixture
def user_client(client, make_user):
    user = make_user("nguyen.van.a1")
    with client.session_transaction() as sess:
        sess["_user_id"] = user.get_id()
    return user, client


def change(client, new, current=PASSWORD, confirm=None):
    return client.post("/account/password", data={"current_password": current, "new_password": new,
                                                  "confirm_password": new if confirm is None else confirm})


def only(text, expected):
    assert expected in text
    for rule in RULES:
        if rule != expected:
            assert rule not in text, rule


@pytest.mark.req("CORE-04")
def test_too_short(app, user_client, db):
    user, client = user_client
    response = change(client, "Ab1#xyz")
    assert response.status_code == 200
    only(response.text, TOO_SHORT)
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


@pytest.mark.req("CORE-04")
def test_equal_to_username(app, user_client):
    _, client = user_client
    only(change(client, "Nguyen.Van.A1").text, SAME_AS_USERNAME)


@pytest.mark.req("CORE-04")
def test_only_two_kinds_of_characters(app, user_client):
    _, client = user_client
    only(change(client, "abcdefgh12").text, KINDS)


@pytest.mark.req("CORE-04")
def test_every_broken_rule_is_listed(app, user_client):
    _, client = user_client
    text = change(client, "abc").text
    assert TOO_SHORT in text and KINDS in text


@pytest.mark.req("CORE-04")
def test_new_must_differ_and_confirm_must_match(app, user_client):
    _, client = user_client
    assert "Mật khẩu mới phải khác mật khẩu hiện tại." in change(client, PASSWORD).text
    assert "Mật khẩu nhập lại không khớp." in change(client, "Tot#Mat2024x", confirm="Tot#Mat2024y").text
    assert "Mật khẩu hiện tại không đúng." in change(client, "Tot#Mat2024x", current="Sai#Mat2024").text


@pytest.mark.req("CORE-04")
def test_good_password_is_accepted(app, user_client, db):
    user, client = user_client
    response = change(client, "Tot#Mat2024")
    assert response.status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, "Tot#Mat2024")
    assert client.get("/").status_code == 200  # still signed in, with the new session version
    client.post("/logout")
    again = client.post("/login", data={"username": "nguyen.van.a1", "password": "Tot#Mat2024"})
    assert again.status_code == 302
