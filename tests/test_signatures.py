"""CORE-13: signing a report (PAdES with a visible Vietnamese stamp), and what the workflow asks of it."""
import io

import pytest
from fixtures_signatures.support import (
    PASSPHRASE,
    SIGNER_NAME,
    SIGNER_POSITION,
    add_credential,
    app_overrides,
    approver,
    leader,
    make_submission,
    pdf_text,
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


@pytest.fixture
def signed(db, unit, leader, signer_p12):
    from platform_core.signatures import service

    submission = make_submission(db, unit, leader)
    credential = add_credential(leader, signer_p12)
    document = service.sign_submission(submission, leader, credential.id, PASSPHRASE)
    return submission, document


def test_signed_report_validates_intact_valid_trusted_and_names_the_signer(signed, test_ca):
    from platform_core.workflow.models import SIGNED

    submission, document = signed
    status = validate(bytes(document.pdf), test_ca)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.signing_cert.subject.native["common_name"] == SIGNER_NAME
    assert submission.status == SIGNED and submission.signed_at is not None
    assert document.filename.endswith("-da-ky.pdf")


def test_signature_is_pades_with_reason_and_unit_as_location(signed):
    from pyhanko.pdf_utils.reader import PdfFileReader

    submission, document = signed
    sig = PdfFileReader(io.BytesIO(bytes(document.pdf))).embedded_signatures[0]
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert sig.sig_object["/Reason"] == "Phê duyệt báo cáo"
    assert sig.sig_object["/Location"] == "Sở Thông tin và Truyền thông tỉnh Hà Giang"


def test_stamp_text_reads_back_in_vietnamese(signed, tmp_path):
    from platform_core.timeutil import format_datetime

    _submission, document = signed
    text = pdf_text(bytes(document.pdf), tmp_path)
    assert f"Ký bởi: {SIGNER_NAME}" in text
    assert f"Chức vụ: {SIGNER_POSITION}" in text
    assert f"Thời gian: {format_datetime(document.signed_at)}" in text


def test_stamp_font_is_embedded_noto_sans(signed, tmp_path):
    import subprocess

    path = tmp_path / "signed.pdf"
    path.write_bytes(bytes(signed[1].pdf))
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    noto = [line for line in fonts.splitlines() if "NotoSans" in line]
    assert noto and all(" yes " in line for line in noto)


def test_stamp_does_not_cover_any_text_of_the_report(db, unit, leader, signer_p12):
    from pypdf import PdfReader

    from platform_core.signatures import placement, service

    submission = make_submission(db, unit, leader)
    original, _name = service._render_pdf(submission)
    credential = add_credential(leader, signer_p12)
    document = service.sign_submission(submission, leader, credential.id, PASSPHRASE)
    reader = PdfReader(io.BytesIO(bytes(document.pdf)))
    last = reader.pages[-1]
    widget = next(a.get_object() for a in last["/Annots"] if a.get_object().get("/FT") == "/Sig")
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    stamp = placement.Rect(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    text = placement.text_rects(PdfReader(io.BytesIO(original)).pages[-1])
    assert text, "the rendered report should have text on its last page"
    assert not any(stamp.overlaps(r) for r in text)
    assert stamp.x2 > float(last.mediabox.right) / 2, "the stamp belongs on the right"
    from platform_core.documents.placement import signature_box

    _page, (bx1, by1, bx2, by2) = signature_box(original)
    assert bx1 <= stamp.x1 and stamp.x2 <= bx2 and by1 <= stamp.y1 and stamp.y2 <= by2, \
        "the stamp sits in the signature block, between the signer's position and name (ND 30/2020 ô 7c)"


def test_wrong_passphrase_on_signing_stores_nothing(db, unit, leader, signer_p12):
    from platform_core.signatures import service
    from platform_core.signatures.models import SignedDocument
    from platform_core.workflow.models import APPROVED

    submission = make_submission(db, unit, leader)
    credential = add_credential(leader, signer_p12)
    with pytest.raises(service.SigningError, match="Mật khẩu"):
        service.sign_submission(submission, leader, credential.id, "sai mật khẩu")
    db.session.expire_all()
    assert db.session.scalars(select(SignedDocument)).all() == []
    assert submission.status == APPROVED


def test_only_an_approved_report_can_be_signed(db, unit, leader, signer_p12):
    from platform_core.signatures import service
    from platform_core.signatures.models import SignedDocument

    submission = make_submission(db, unit, leader, status="submitted")
    credential = add_credential(leader, signer_p12)
    with pytest.raises(service.SigningError, match="phê duyệt"):
        service.sign_submission(submission, leader, credential.id, PASSPHRASE)
    assert db.session.scalars(select(SignedDocument)).all() == []


def test_user_without_send_permission_cannot_sign(db, unit, leader, approver, signer_p12):
    from platform_core.signatures import service

    submission = make_submission(db, unit, leader)
    credential = add_credential(approver, signer_p12)
    with pytest.raises(service.SignatureForbidden):
        service.sign_submission(submission, approver, credential.id, PASSPHRASE)


def test_cannot_sign_with_someone_elses_credential(db, unit, leader, make_user, signer_p12):
    from platform_core.signatures import service

    other = make_user("khac", unit=unit, role="pcsig.leader")
    submission = make_submission(db, unit, leader)
    credential = add_credential(other, signer_p12)
    with pytest.raises(service.SigningError, match="không phải của bạn"):
        service.sign_submission(submission, leader, credential.id, PASSPHRASE)


def test_has_valid_signature_false_before_true_after(db, unit, leader, signer_p12):
    from platform_core.signatures import service

    submission = make_submission(db, unit, leader)
    assert service.has_valid_signature(submission) is False
    credential = add_credential(leader, signer_p12)
    service.sign_submission(submission, leader, credential.id, PASSPHRASE)
    assert service.has_valid_signature(submission) is True


def test_has_valid_signature_false_when_the_stored_pdf_was_altered(signed, db):
    from platform_core.signatures import service

    submission, document = signed
    pdf = bytearray(document.pdf)
    at = pdf.index(b"/Type /Page") if b"/Type /Page" in pdf else 200
    pdf[at + 1] = ord("X")
    document.pdf = bytes(pdf)
    db.session.commit()
    assert service.has_valid_signature(submission) is False


def test_an_amended_report_needs_a_new_signature(signed, db, leader, signer_p12):
    from platform_core.signatures import service
    from platform_core.workflow import service as workflow

    submission, _document = signed
    workflow.amend(submission, leader)
    assert service.has_valid_signature(submission) is False
    workflow.submit(submission, leader)
    workflow.approve(submission, leader)
    assert service.has_valid_signature(submission) is False, "the old signature was for an earlier version"
    credential = service.usable_credentials(leader)[0]
    document = service.sign_submission(submission, leader, credential.id, PASSPHRASE)
    assert service.has_valid_signature(submission) is True
    assert document.version_number == service.approved_version_number(submission) > 3


def test_a_report_requiring_a_signature_is_sent_only_once_signed(db, unit, leader, signer_p12):
    from platform_core.signatures import service
    from platform_core.workflow import service as workflow
    from platform_core.workflow.models import SENT

    submission = make_submission(db, unit, leader)
    with pytest.raises(workflow.WorkflowError, match="ký số"):
        workflow.send(submission, leader)
    credential = add_credential(leader, signer_p12)
    service.sign_submission(submission, leader, credential.id, PASSPHRASE)
    workflow.send(submission, leader)
    assert submission.status == SENT
