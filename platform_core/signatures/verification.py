"""Verifying the signatures of any PDF: ours, or one signed elsewhere (a USB token, another system).

Three answers per signature, as a reader would ask them:

- *intact*: the signed bytes still match the signature, and nothing was changed after signing other
  than what a signature allows (another signature, form filling); content added in an incremental
  update or a byte altered in the signed range makes it False;
- *valid*: intact, and the signature itself is cryptographically correct for the signer's certificate;
- *trusted*: valid, and the certificate chains up to a root in ``SIGNING_TRUST_ROOTS`` (PEM files);
  with no roots configured nothing is trusted, and the reason says so.

Nothing is fetched from the network (no OCSP/CRL): agency networks are often closed, and a page must
not hang on an unreachable responder. A file that is not a PDF, is truncated or is damaged gets a
message, never an error page.
"""
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from platform_core.signatures.certificates import load_trust_roots
from platform_core.timeutil import format_datetime

log = logging.getLogger(__name__)
_REVISION_START = re.compile(rb"\d+\s+\d+\s+obj\b|\bxref\b|\btrailer\b|\bstartxref\b")


@dataclass
class SignatureReport:
    field_name: str
    signer: str | None
    signed_at: datetime | None
    intact: bool
    valid: bool
    trusted: bool
    reason: str
    issuer: str | None = None

    @property
    def signed_at_local(self) -> str:
        return format_datetime(self.signed_at)


@dataclass
class VerificationResult:
    """The answer for a whole file; ``signer`` and ``signed_at`` are the first signature's, the flags are
    True only when every signature passes, ``signatures`` has the details of each one."""

    intact: bool
    valid: bool
    trusted: bool
    signer: str | None
    signed_at: datetime | None
    reason: str
    problems: list[str] = field(default_factory=list)
    signatures: list[SignatureReport] = field(default_factory=list)

    @property
    def signed_at_local(self) -> str:
        return format_datetime(self.signed_at)

    @property
    def has_signature(self) -> bool:
        return bool(self.signatures)


def _failed(reason: str, problems=None) -> VerificationResult:
    return VerificationResult(False, False, False, None, None, reason, list(problems or []))


def _common_name(name) -> str:
    return name.native.get("common_name") or name.human_friendly


def _trust_reason(indication, have_roots: bool) -> str:
    from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate

    if not have_roots:
        return _("Chữ ký hợp lệ và tệp nguyên vẹn, nhưng hệ thống chưa được cấu hình chứng thư gốc tin cậy "
                 "(SIGNING_TRUST_ROOTS) nên chưa xác nhận được nguồn gốc chứng thư của người ký.")
    if indication in (AdESIndeterminate.EXPIRED, AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
                      AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED):
        return _("Chữ ký hợp lệ và tệp nguyên vẹn, nhưng chứng thư số của người ký đã hết hạn.")
    if indication == AdESIndeterminate.NOT_YET_VALID or indication == AdESFailure.NOT_YET_VALID:
        return _("Chữ ký hợp lệ và tệp nguyên vẹn, nhưng chứng thư số của người ký chưa đến ngày có hiệu lực.")
    if indication in (AdESFailure.REVOKED, AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE):
        return _("Chữ ký hợp lệ và tệp nguyên vẹn, nhưng chứng thư số của người ký đã bị thu hồi.")
    return _("Chữ ký hợp lệ và tệp nguyên vẹn, nhưng chứng thư số của người ký không được cấp bởi tổ chức "
             "chứng thực tin cậy của hệ thống.")


def _check(embedded, roots, is_last: bool) -> tuple[SignatureReport, list[str]]:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    name = embedded.field_name
    try:
        status = validate_pdf_signature(embedded, ValidationContext(trust_roots=roots, allow_fetching=False))
    except Exception as exc:
        log.info("signature %s cannot be validated: %s", name, exc)
        reason = _("Chữ ký bị hỏng, không kiểm tra được (dữ liệu chữ ký không đúng cấu trúc).")
        return SignatureReport(name, None, None, False, False, False, reason), []
    cert = status.signing_cert
    signer = _common_name(cert.subject) if cert is not None else None
    issuer = _common_name(cert.issuer) if cert is not None else None
    signed_at = status.signer_reported_dt
    if status.timestamp_validity is not None:
        signed_at = status.timestamp_validity.timestamp
    notes = []
    covered = status.coverage in (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION)
    changed_after = not covered or (status.modification_level is not None and not status.docmdp_ok)
    intact = bool(status.intact) and not changed_after
    valid = intact and bool(status.valid)
    trusted = valid and bool(status.trusted)
    if not status.intact:
        reason = _("Tệp đã bị thay đổi sau khi ký: nội dung được ký không còn khớp với chữ ký.")
    elif changed_after:
        reason = _("Tệp đã bị sửa đổi sau khi ký: có nội dung được thêm hoặc thay thế sau chữ ký.")
    elif not status.valid:
        reason = _("Chữ ký không hợp lệ: chữ ký không khớp với chứng thư số của người ký.")
    elif not trusted:
        reason = _trust_reason(status.trust_problem_indic, bool(roots))
    else:
        reason = _("Chữ ký hợp lệ: tệp nguyên vẹn kể từ khi ký và chứng thư số được tin cậy.")
    if intact and is_last and status.coverage != SignatureCoverageLevel.ENTIRE_FILE \
            and status.modification_level in (None, ModificationLevel.NONE):
        notes.append(_("Sau chữ ký cuối cùng có dữ liệu được thêm vào tệp; nội dung đã ký không bị thay đổi."))
    return SignatureReport(name, signer, signed_at, intact, valid, trusted, reason, issuer), notes


def _looks_like_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def _looks_complete(data: bytes) -> bool:
    """A PDF ends with "%%EOF"; readers tolerate junk after it, but not the start of another revision. A
    file cut off inside an incremental update (a signature) still holds the earlier, complete revision,
    which a lenient reader would quietly show instead: that is a damaged file, not an unsigned one."""
    end = data.rfind(b"%%EOF")
    if end < 0:
        return False
    return _REVISION_START.search(data, end + 5) is None


def verify_pdf(pdf_bytes: bytes) -> VerificationResult:
    """Check every signature of ``pdf_bytes`` (see the module docstring)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not pdf_bytes:
        return _failed(_("Tệp trống."))
    if not _looks_like_pdf(pdf_bytes):
        return _failed(_("Tệp không phải là tệp PDF."))
    if not _looks_complete(pdf_bytes):
        return _failed(_("Tệp PDF bị hỏng hoặc không đầy đủ (có thể đã bị cắt bớt), không đọc được."))
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        if reader.encrypted:
            return _failed(_("Tệp PDF được bảo vệ bằng mật khẩu, không kiểm tra được chữ ký."))
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        log.info("unreadable PDF: %s", exc)
        return _failed(_("Tệp PDF bị hỏng hoặc không đầy đủ (có thể đã bị cắt bớt), không đọc được."))
    if not embedded:
        return _failed(_("Tệp không có chữ ký số."))
    roots, problems = load_trust_roots(current_app.config.get("SIGNING_TRUST_ROOTS") or [])
    reports = []
    for position, sig in enumerate(embedded):
        report, notes = _check(sig, roots, position == len(embedded) - 1)
        reports.append(report)
        problems.extend(notes)
    failing = [r for r in reports if not r.trusted]
    if len(reports) > 1:
        problems[:0] = [f"{r.signer or r.field_name}: {r.reason}" for r in failing]
    first = reports[0]
    return VerificationResult(
        intact=all(r.intact for r in reports), valid=all(r.valid for r in reports),
        trusted=all(r.trusted for r in reports), signer=first.signer, signed_at=first.signed_at,
        reason=(failing[0] if failing else first).reason, problems=problems, signatures=reports)
