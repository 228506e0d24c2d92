"""CORE-13: certificates are stored encrypted and their passphrase nowhere."""
import pytest
import sqlalchemy as sa
from fixtures_signatures.support import (
    PASSPHRASE,
    SIGNER_NAME,
    add_credential,
    app_overrides,
    leader,
    signer_p12,
    test_ca,
    trust_root,
    unit,
    wired,
)
from sqlalchemy import select

pytestmark = pytest.mark.req("CORE-13")
# Fixtures shared through fixtures_signatures.support; pytest finds them in this module by name.
SHARED_FIXTURES = (app_overrides, leader, signer_p12, test_ca, trust_root, unit, wired)


def every_stored_value(db):
    """Every value of every row of every table in this database, as the database hands them back. (Other
    tests may have put tables of their fake plugins into the shared metadata; those tables are not here.)"""
    values = []
    existing = set(sa.inspect(db.session.connection()).get_table_names())
    for table in db.metadata.sorted_tables:
        if table.name not in existing:
            continue
        for row in db.session.execute(sa.select(table)).all():
            values.extend(row)
    return values


def test_credential_describes_the_certificate(leader, signer_p12):
    credential = add_credential(leader, signer_p12)
    assert credential.subject_cn == SIGNER_NAME
    assert "CA thử nghiệm" in credential.issuer
    assert credential.serial and credential.not_before < credential.not_after
    assert credential.usable and not credential.revoked


def test_passphrase_is_stored_nowhere_and_the_file_only_encrypted(db, leader, signer_p12):
    from platform_core.signatures import crypto
    from platform_core.signatures.models import SigningCredential

    credential = add_credential(leader, signer_p12)
    db.session.expire_all()
    blob = bytes(db.session.scalar(select(SigningCredential.encrypted_pkcs12)))
    assert signer_p12 not in blob and signer_p12[:64] not in blob
    assert crypto.decrypt(blob) == signer_p12
    secret_text, secret_bytes = PASSPHRASE, PASSPHRASE.encode("utf-8")
    for value in every_stored_value(db):
        if isinstance(value, (bytes, memoryview)):
            assert secret_bytes not in bytes(value) and signer_p12[:64] not in bytes(value)
        else:
            assert secret_text not in str(value)
    assert credential.id is not None


def test_wrong_passphrase_is_refused_and_nothing_stored(db, leader, signer_p12):
    from platform_core.signatures import service
    from platform_core.signatures.models import SigningCredential

    with pytest.raises(service.SigningError, match="Mật khẩu của chứng thư số không đúng"):
        add_credential(leader, signer_p12, passphrase="mật khẩu sai")
    assert db.session.scalars(select(SigningCredential)).all() == []


@pytest.mark.parametrize("data, message", [
    (b"", "trống"),
    (b"%PDF-1.4 not a certificate", "không phải là chứng thư số PKCS#12"),
    (b"\x30\x03\x02\x01\x03", "bị hỏng"),
])
def test_a_file_that_is_not_pkcs12_is_refused(db, leader, data, message):
    from platform_core.signatures import service
    from platform_core.signatures.models import SigningCredential

    with pytest.raises(service.SigningError, match=message):
        add_credential(leader, data)
    assert db.session.scalars(select(SigningCredential)).all() == []


def test_an_expired_certificate_is_refused(db, leader, test_ca):
    from datetime import timedelta

    from platform_core.signatures import service
    from platform_core.timeutil import utcnow

    expired = test_ca.pkcs12(SIGNER_NAME, PASSPHRASE, days_valid=30, not_before=utcnow() - timedelta(days=60))
    with pytest.raises(service.SigningError, match="đã hết hạn"):
        add_credential(leader, expired)


def test_the_same_certificate_is_not_stored_twice(leader, signer_p12):
    from platform_core.signatures import service

    add_credential(leader, signer_p12)
    with pytest.raises(service.SigningError, match="đã được tải lên"):
        add_credential(leader, signer_p12)


def test_revoking_erases_the_key_material(db, leader, signer_p12):
    from platform_core.signatures import service

    credential = add_credential(leader, signer_p12)
    service.revoke_credential(credential, leader)
    db.session.expire_all()
    assert credential.revoked and bytes(credential.encrypted_pkcs12) == b""
    assert service.usable_credentials(leader) == []


def test_another_signing_key_cannot_read_the_stored_file(app, leader, signer_p12):
    from platform_core.signatures import crypto

    credential = add_credential(leader, signer_p12)
    app.config["SIGNING_KEY"] = "một khoá khác dài hơn ba mươi hai ký tự 0123456789"
    with pytest.raises(crypto.SigningKeyError):
        crypto.decrypt(credential.encrypted_pkcs12)


def test_production_needs_a_signing_key(app):
    from platform_core.signatures import crypto

    app.config.update(PLATFORM_ENV="production", SIGNING_KEY="")
    with pytest.raises(crypto.SigningKeyError, match="SIGNING_KEY is not set"):
        crypto.encrypt(b"x")
    app.config["SIGNING_KEY"] = "short"
    with pytest.raises(crypto.SigningKeyError, match="at least 32"):
        crypto.encrypt(b"x")
    app.config["SIGNING_KEY"] = "k" * 40
    assert crypto.decrypt(crypto.encrypt(b"x")) == b"x"


def test_development_key_is_derived_from_secret_key_but_differs_from_it(app):
    import base64

    from platform_core.signatures import crypto

    key = crypto.fernet_key()
    assert len(base64.urlsafe_b64decode(key)) == 32
    assert app.config["SECRET_KEY"].encode() not in base64.urlsafe_b64decode(key)
    app.config["SECRET_KEY"] = "another-secret-key-for-this-test"
    assert crypto.fernet_key() != key
