"""Reading what a user uploads (PKCS#12) and what the site trusts (PEM roots)."""
import logging
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from flask_babel import gettext as _

log = logging.getLogger(__name__)

MAX_PKCS12_BYTES = 256 * 1024


class CertificateError(ValueError):
    """A Vietnamese message for the user: the file or its passphrase is not usable."""


@dataclass(frozen=True)
class CertificateInfo:
    subject_cn: str
    subject: str
    issuer: str
    serial: str
    not_before: datetime
    not_after: datetime


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def describe(cert: x509.Certificate) -> CertificateInfo:
    return CertificateInfo(
        subject_cn=common_name(cert.subject)[:255],
        subject=cert.subject.rfc4514_string()[:500],
        issuer=cert.issuer.rfc4514_string()[:500],
        serial=format(cert.serial_number, "X"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )


def open_pkcs12(data: bytes, passphrase: str):
    """``(private_key, certificate, additional_certificates)`` of a PKCS#12 file, or CertificateError.

    The passphrase goes to the parser and nowhere else. cryptography gives the same error for a wrong
    passphrase and a damaged file, so a file that is not PKCS#12 at all is recognised first by its outer
    DER structure (a SEQUENCE).
    """
    if not data:
        raise CertificateError(_("Tệp chứng thư số trống."))
    if len(data) > MAX_PKCS12_BYTES:
        raise CertificateError(_("Tệp chứng thư số quá lớn (tối đa 256 KB)."))
    if data[:1] != b"\x30":
        raise CertificateError(_("Tệp không phải là chứng thư số PKCS#12 (.p12 hoặc .pfx)."))
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, (passphrase or "").encode("utf-8") or None)
    except ValueError:
        raise CertificateError(_("Mật khẩu của chứng thư số không đúng, hoặc tệp .p12/.pfx bị hỏng. "
                                 "Hãy nhập lại mật khẩu đã đặt khi xuất chứng thư.")) from None
    except Exception:
        raise CertificateError(_("Tệp không phải là chứng thư số PKCS#12 (.p12 hoặc .pfx).")) from None
    if key is None or cert is None:
        raise CertificateError(_("Tệp chứng thư số không chứa khoá bí mật và chứng thư của người ký."))
    return key, cert, extra


def read_pkcs12(data: bytes, passphrase: str) -> CertificateInfo:
    """Check that the file opens with the passphrase and describe the signer's certificate."""
    _key, cert, _extra = open_pkcs12(data, passphrase)
    return describe(cert)


def load_trust_roots(paths) -> tuple[list, list[str]]:
    """asn1crypto certificates from the PEM (or DER) files named by ``SIGNING_TRUST_ROOTS``, and the
    problems met (a missing or unreadable file is reported, not fatal: verification still says whether
    a file is intact)."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    if isinstance(paths, str):
        paths = [p.strip() for p in paths.split(",") if p.strip()]
    roots, problems = [], []
    for path in paths or ():
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            blobs = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            certs = [asn1_x509.Certificate.load(der) for der in blobs]
            for cert in certs:
                cert.native  # noqa: B018  (parse now, so a damaged file is reported here)
            roots.extend(certs)
        except Exception as exc:
            log.error("SIGNING_TRUST_ROOTS: cannot read %s: %s", path, exc)
            problems.append(_("Không đọc được tệp chứng thư gốc %(path)s.", path=path))
    return roots, problems
