"""Digital signatures of reports (CORE-13): credentials, signing a submission, checking signatures.

The shared interface (used by the workflow and the pages): :func:`has_valid_signature`,
:func:`sign_submission`, :func:`verify_pdf`. The workflow, report types and the document renderer belong
to other parts and are imported when called.
"""
import hashlib

from flask_babel import gettext as _
from sqlalchemy import func, select

from platform_core.access.service import can
from platform_core.extensions import db
from platform_core.signatures import crypto, pdfsign
from platform_core.signatures.certificates import CertificateError, read_pkcs12
from platform_core.signatures.models import SignedDocument, SigningCredential
from platform_core.signatures.verification import VerificationResult, verify_pdf
from platform_core.timeutil import format_date, utcnow
from platform_core.workflow.models import APPROVED, SENT, SIGNED, Submission, SubmissionVersion

__all__ = ["SigningError", "SignatureForbidden", "VerificationResult", "add_credential", "has_valid_signature",
           "may_download", "revoke_credential", "sign_submission", "signed_documents", "usable_credentials",
           "verify_pdf"]

SIGN_REASON = "Phê duyệt báo cáo"
SIGNED_STATES = (APPROVED, SIGNED, SENT)


class SigningError(ValueError):
    """Why a credential or a signature was refused, in Vietnamese for the user."""


class SignatureForbidden(SigningError):
    """The user may not sign this submission (→ 403)."""


# --- credentials -------------------------------------------------------------------------------------

def add_credential(user, label: str, pkcs12_bytes: bytes, passphrase: str) -> SigningCredential:
    """Store a PKCS#12 file for ``user`` after checking it opens with ``passphrase`` (which is used here
    and then forgotten)."""
    try:
        info = read_pkcs12(pkcs12_bytes, passphrase)
    except CertificateError as exc:
        raise SigningError(str(exc)) from None
    if info.not_after <= utcnow():
        raise SigningError(_("Chứng thư số đã hết hạn ngày %(date)s, không dùng để ký được.",
                             date=format_date(info.not_after)))
    duplicate = db.session.scalar(select(SigningCredential.id).where(
        SigningCredential.user_id == user.id, SigningCredential.revoked.is_(False),
        SigningCredential.serial == info.serial, SigningCredential.issuer == info.issuer))
    if duplicate is not None:
        raise SigningError(_("Chứng thư số này đã được tải lên."))
    credential = SigningCredential(
        user_id=user.id, label=label or info.subject_cn, encrypted_pkcs12=crypto.encrypt(pkcs12_bytes),
        subject_cn=info.subject_cn, subject=info.subject, issuer=info.issuer, serial=info.serial,
        not_before=info.not_before, not_after=info.not_after, revoked=False)
    db.session.add(credential)
    db.session.commit()
    return credential


def revoke_credential(credential: SigningCredential, user) -> None:
    """Stop using a credential; its encrypted key material is erased (the row stays for the record)."""
    if credential.user_id != user.id:
        raise SignatureForbidden(_("Chứng thư số này không phải của bạn."))
    credential.revoked = True
    credential.revoked_at = utcnow()
    credential.encrypted_pkcs12 = b""
    db.session.commit()


def credentials_of(user) -> list[SigningCredential]:
    return list(db.session.scalars(select(SigningCredential).where(SigningCredential.user_id == user.id)
                                   .order_by(SigningCredential.revoked, SigningCredential.created_at.desc())))


def usable_credentials(user) -> list[SigningCredential]:
    return [c for c in credentials_of(user) if c.usable]


# --- what the other parts provide --------------------------------------------------------------------

def report_type_of(submission):
    from platform_core.workflow.registry import get_report_type

    try:
        return get_report_type(submission.report_type_key)
    except KeyError:
        raise SigningError(_("Loại báo cáo %(key)s không còn được hệ thống hỗ trợ.",
                             key=submission.report_type_key)) from None


def may_download(user, submission) -> bool:
    """Whoever may see the submission (the workflow decides) may download its signed PDF."""
    from platform_core.workflow.service import may_view

    return bool(may_view(user, submission))


def may_sign(user, submission) -> bool:
    """The report type's send permission on the submission's unit, on a submission the user may see (its
    regime active there)."""
    return can(user, report_type_of(submission).send_permission, submission.unit_id) \
        and may_download(user, submission)


def _render_pdf(submission) -> tuple[bytes, str]:
    from platform_core.documents.render import render_submission

    pdf, filename, _mimetype = render_submission(submission, "pdf")
    return pdf, filename


def _mark_signed(submission, user) -> None:
    """The workflow's transition (state, version snapshot, audit event), which commits our rows too."""
    from platform_core.workflow.service import mark_signed

    mark_signed(submission, user)


# --- signing -----------------------------------------------------------------------------------------

def approved_version_number(submission) -> int:
    """The number of the version that approval wrote (0 when the workflow kept no versions)."""
    number = db.session.scalar(select(func.max(SubmissionVersion.number)).where(
        SubmissionVersion.submission_id == submission.id, SubmissionVersion.status == APPROVED))
    return number or 0


def _signed_name(filename: str) -> str:
    stem = filename[:-4] if filename.lower().endswith(".pdf") else filename
    return f"{stem}-da-ky.pdf"


def sign_submission(submission: Submission, user, credential_id: int, passphrase: str) -> SignedDocument:
    """Render the approved report as PDF, sign it (PAdES B-B, visible stamp) with the user's credential,
    store it and move the submission to "signed", all in one transaction.

    Raises SignatureForbidden without the report type's send permission on the unit, SigningError for a
    submission that is not approved, a credential that is not the user's or not usable, or a wrong
    passphrase; nothing is stored then.
    """
    if not may_sign(user, submission):
        raise SignatureForbidden(_("Bạn không có quyền ký báo cáo của đơn vị này."))
    if submission.status != APPROVED:
        raise SigningError(_("Chỉ ký được báo cáo đã được phê duyệt."))
    credential = db.session.get(SigningCredential, credential_id) if credential_id else None
    if credential is None or credential.user_id != user.id or credential.revoked:
        raise SigningError(_("Chứng thư số không tồn tại, không phải của bạn hoặc đã bị thu hồi."))
    if credential.expired:
        raise SigningError(_("Chứng thư số đã hết hạn ngày %(date)s.", date=format_date(credential.not_after)))
    pkcs12_bytes = crypto.decrypt(credential.encrypted_pkcs12)
    try:
        read_pkcs12(pkcs12_bytes, passphrase)  # a wrong passphrase is told before the PDF is rendered
        pdf, filename = _render_pdf(submission)
        signed_at = utcnow()
        signed = pdfsign.sign_pdf(
            pdf, pkcs12_bytes, passphrase, name=user.full_name, position=user.position, signed_at=signed_at,
            reason=SIGN_REASON, location=submission.unit.name if submission.unit else "")
    except CertificateError as exc:
        raise SigningError(str(exc)) from None
    document = SignedDocument(
        submission_id=submission.id, version_number=approved_version_number(submission), pdf=signed,
        filename=_signed_name(filename), sha256=hashlib.sha256(signed).hexdigest(), signer_id=user.id,
        credential_id=credential.id, certificate_subject=credential.subject, signed_at=signed_at)
    db.session.add(document)
    try:
        _mark_signed(submission, user)
    except ValueError as exc:  # the workflow's refusal (WorkflowError), already in Vietnamese
        db.session.rollback()
        raise SigningError(str(exc)) from exc
    except Exception:
        db.session.rollback()
        raise
    return document


# --- checking ----------------------------------------------------------------------------------------

def signed_documents(submission) -> list[SignedDocument]:
    return list(db.session.scalars(select(SignedDocument).where(SignedDocument.submission_id == submission.id)
                                   .order_by(SignedDocument.signed_at.desc(), SignedDocument.id.desc())))


def current_signed_document(submission) -> SignedDocument | None:
    """The latest signed PDF of the submission's current approved version, if any."""
    if submission.status not in SIGNED_STATES:
        return None
    return db.session.scalar(select(SignedDocument).where(
        SignedDocument.submission_id == submission.id,
        SignedDocument.version_number == approved_version_number(submission),
    ).order_by(SignedDocument.signed_at.desc(), SignedDocument.id.desc()).limit(1))


def has_valid_signature(submission) -> bool:
    """True when the current approved version has a signed PDF whose signature still verifies (intact and
    valid; trust is not required here, the site may have no trust roots configured)."""
    document = current_signed_document(submission)
    if document is None:
        return False
    result = verify_pdf(bytes(document.pdf))
    return result.intact and result.valid
