"""CORE-13: the signature pages — uploading a certificate, signing, checking a PDF, downloading."""
import io

import pytest
from fixtures_signatures.pdfs import simple_pdf
from fixtures_signatures.support import (
    PASSPHRASE,
    SIGNER_NAME,
    add_credential,
    app_overrides,
    approver,
    leader,
    make_submission,
    signer_p12,
    test_ca,
    trust_root,
    unit,
    validate,
    wired,
)
from sqlalchemy import select

pytestmark = pytest.mark.req("CORE-13")
# Fixtures shared through fixtures_signatures.support; pytest finds them in this module by name.
SHARED_FIXTURES = (app_overrides, approver, leader, signer_p12, test_ca, trust_root, unit, wired)


def upload(client, p12, passphrase=PASSPHRASE, name="chu-ky.p12", label="Chữ ký cá nhân"):
    return client.post("/signatures/credentials", data={
        "label": label, "passphrase": passphrase, "file": (io.BytesIO(p12), name)},
        content_type="multipart/form-data")


def page(response) -> str:
    return response.get_data(as_text=True)


def test_upload_lists_the_certificate_without_its_passphrase(login_as, leader, signer_p12):
    client = login_as(leader)
    response = upload(client, signer_p12)
    assert response.status_code == 302
    listing = client.get("/signatures/credentials")
    assert SIGNER_NAME in page(listing) and "Chữ ký cá nhân" in page(listing)
    assert PASSPHRASE not in page(listing)


def test_upload_with_a_wrong_passphrase_says_so_and_stores_nothing(db, login_as, leader, signer_p12):
    from platform_core.signatures.models import SigningCredential

    response = upload(login_as(leader), signer_p12, passphrase="không đúng")
    assert response.status_code == 400
    assert "Mật khẩu của chứng thư số không đúng" in page(response)
    assert "không đúng" not in (page(response).split('name="passphrase"')[1].split(">")[0])
    assert db.session.scalars(select(SigningCredential)).all() == []


def test_upload_of_a_garbage_file_gets_a_message_not_an_error_page(db, login_as, leader):
    from platform_core.signatures.models import SigningCredential

    response = upload(login_as(leader), b"\x00\x01garbage" * 50)
    assert response.status_code == 400
    assert "không phải là chứng thư số PKCS#12" in page(response)
    response = upload(login_as(leader), b"hello", name="not-a-cert.txt")
    assert response.status_code == 400 and "Chỉ nhận tệp .p12 hoặc .pfx." in page(response)
    assert db.session.scalars(select(SigningCredential)).all() == []


def test_revoke_only_ones_own_credential(db, login_as, leader, make_user, unit, signer_p12):
    credential = add_credential(leader, signer_p12)
    other = make_user("nguoikhac", unit=unit)
    assert login_as(other).post(f"/signatures/credentials/{credential.id}/revoke").status_code == 404
    db.session.refresh(credential)
    assert not credential.revoked
    response = login_as(leader).post(f"/signatures/credentials/{credential.id}/revoke", follow_redirects=True)
    assert "Đã thu hồi" in page(response)
    db.session.refresh(credential)
    assert credential.revoked


def test_signing_through_the_page_then_downloading(db, login_as, leader, unit, signer_p12, test_ca):
    from platform_core.workflow.models import SIGNED

    submission = make_submission(db, unit, leader)
    credential = add_credential(leader, signer_p12)
    client = login_as(leader)
    form = client.get(f"/signatures/submissions/{submission.id}/sign")
    assert form.status_code == 200 and credential.label in page(form)
    response = client.post(f"/signatures/submissions/{submission.id}/sign",
                           data={"credential": credential.id, "passphrase": PASSPHRASE})
    assert response.status_code == 302
    db.session.refresh(submission)
    assert submission.status == SIGNED
    download = client.get(f"/signatures/submissions/{submission.id}/signed.pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "-da-ky.pdf" in download.headers["Content-Disposition"]
    status = validate(download.data, test_ca)
    assert status.bottom_line and status.signing_cert.subject.native["common_name"] == SIGNER_NAME


def test_signing_page_with_a_wrong_passphrase_says_so(db, login_as, leader, unit, signer_p12):
    from platform_core.signatures.models import SignedDocument
    from platform_core.workflow.models import APPROVED

    submission = make_submission(db, unit, leader)
    credential = add_credential(leader, signer_p12)
    response = login_as(leader).post(f"/signatures/submissions/{submission.id}/sign",
                                     data={"credential": credential.id, "passphrase": "sai"})
    assert response.status_code == 400
    assert "Mật khẩu của chứng thư số không đúng" in page(response)
    db.session.refresh(submission)
    assert submission.status == APPROVED
    assert db.session.scalars(select(SignedDocument)).all() == []


def test_a_user_without_send_permission_gets_403(db, login_as, leader, approver, unit, signer_p12):
    from platform_core.signatures.models import SignedDocument

    submission = make_submission(db, unit, leader)
    credential = add_credential(approver, signer_p12)
    client = login_as(approver)
    assert client.get(f"/signatures/submissions/{submission.id}/sign").status_code == 403
    response = client.post(f"/signatures/submissions/{submission.id}/sign",
                           data={"credential": credential.id, "passphrase": PASSPHRASE})
    assert response.status_code == 403
    assert db.session.scalars(select(SignedDocument)).all() == []


def test_someone_of_another_unit_cannot_sign_or_download(db, login_as, leader, unit, make_unit, make_user,
                                                          signer_p12):
    from platform_core.signatures import service

    submission = make_submission(db, unit, leader)
    service.sign_submission(submission, leader, add_credential(leader, signer_p12).id, PASSPHRASE)
    elsewhere = make_unit("SOKHAC", "Sở Tài chính")
    stranger = make_user("nguoila", unit=elsewhere, role="pcsig.leader")
    client = login_as(stranger)
    assert client.get(f"/signatures/submissions/{submission.id}/sign").status_code == 403
    assert client.get(f"/signatures/submissions/{submission.id}/signed.pdf").status_code == 403


def test_a_report_not_yet_approved_cannot_be_signed_from_the_page(db, login_as, leader, unit, signer_p12):
    submission = make_submission(db, unit, leader, status="submitted")
    credential = add_credential(leader, signer_p12)
    client = login_as(leader)
    assert "Chỉ ký được báo cáo đã được phê duyệt." in page(client.get(f"/signatures/submissions/{submission.id}/sign"))
    response = client.post(f"/signatures/submissions/{submission.id}/sign",
                           data={"credential": credential.id, "passphrase": PASSPHRASE})
    assert response.status_code == 400


def test_verify_page_shows_signer_time_and_integrity(app, db, login_as, leader, unit, signer_p12):
    from platform_core.signatures import service

    submission = make_submission(db, unit, leader)
    document = service.sign_submission(submission, leader, add_credential(leader, signer_p12).id, PASSPHRASE)
    response = login_as(leader).post("/signatures/verify", data={"file": (io.BytesIO(bytes(document.pdf)), "bc.pdf")},
                                     content_type="multipart/form-data")
    assert response.status_code == 200
    html = page(response)
    assert SIGNER_NAME in html and document.signed_at is not None
    from platform_core.timeutil import format_datetime

    assert format_datetime(document.signed_at) in html
    assert "Chữ ký hợp lệ: tệp nguyên vẹn kể từ khi ký và chứng thư số được tin cậy." in html


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n not a pdf", "Tệp không phải là tệp PDF."),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "bị hỏng hoặc không đầy đủ"),
])
def test_verify_page_with_garbage_gets_a_message(login_as, leader, data, message):
    response = login_as(leader).post("/signatures/verify", data={"file": (io.BytesIO(data), "x.pdf")},
                                     content_type="multipart/form-data")
    assert response.status_code in (200, 400)
    assert message in page(response)


def test_verify_page_with_an_unsigned_pdf(login_as, leader):
    response = login_as(leader).post("/signatures/verify", data={"file": (io.BytesIO(simple_pdf()), "x.pdf")},
                                     content_type="multipart/form-data")
    assert response.status_code == 200 and "Tệp không có chữ ký số." in page(response)


def test_pages_need_a_signed_in_user(client):
    for url in ("/signatures/credentials", "/signatures/verify"):
        assert client.get(url).status_code in (302, 401)


def test_a_regime_switched_off_cannot_be_signed(db, login_as, leader, unit, signer_p12):
    from platform_core.plugins import activation

    submission = make_submission(db, unit, leader)
    activation.disable("pcsig")
    db.session.commit()
    assert login_as(leader).get(f"/signatures/submissions/{submission.id}/sign").status_code == 403
