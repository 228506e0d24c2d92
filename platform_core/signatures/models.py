"""Signing credentials (a user's PKCS#12, encrypted at rest) and the signed PDFs of submissions.

Signed PDFs are kept in the database (``SignedDocument.pdf``), not under the upload folder: the signed
file, its row and the submission's move to "signed" are committed in one transaction, so there is never a
"signed" report without its file or a file without its row; every web host sees it without shared storage;
and a backup's database dump alone holds the legally relevant copy. A signed report is one PDF of a few
hundred kilobytes, written once and never changed.
"""
from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from platform_core.database import UTCDateTime
from platform_core.extensions import db
from platform_core.timeutil import utcnow


class SigningCredential(db.Model):
    """A certificate and private key a user uploaded to sign with.

    ``encrypted_pkcs12`` is the uploaded PKCS#12 file exactly as received (still protected by its own
    passphrase, which is never stored), encrypted again with Fernet under ``SIGNING_KEY``: signing needs
    both the server's key and the passphrase the user types each time. Revoking wipes the blob.
    """

    __tablename__ = "signing_credentials"
    __audited__ = True
    __audit_exclude__ = {"encrypted_pkcs12"}

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    encrypted_pkcs12: Mapped[bytes] = mapped_column(LargeBinary)
    subject_cn: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(500))
    issuer: Mapped[str] = mapped_column(String(500))
    serial: Mapped[str] = mapped_column(String(80))  # hexadecimal, as CAs print it
    not_before = mapped_column(UTCDateTime, nullable=False)
    not_after = mapped_column(UTCDateTime, nullable=False)
    created_at = mapped_column(UTCDateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at = mapped_column(UTCDateTime)

    user = relationship("User")

    @property
    def expired(self) -> bool:
        return self.not_after <= utcnow()

    @property
    def usable(self) -> bool:
        return not self.revoked and not self.expired and utcnow() >= self.not_before


class SignedDocument(db.Model):
    """The signed PDF of one approved version of a submission (see the module docstring for why the PDF
    is a column). ``version_number`` is the ``SubmissionVersion.number`` of the approval that was signed;
    an amendment approved later has a higher number, so this signature no longer counts for it."""

    __tablename__ = "signed_documents"
    __audited__ = True
    __audit_exclude__ = {"pdf"}
    __table_args__ = (Index("ix_signed_documents_submission_version", "submission_id", "version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    version_number: Mapped[int] = mapped_column(Integer)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    credential_id: Mapped[int | None] = mapped_column(ForeignKey("signing_credentials.id"))
    certificate_subject: Mapped[str] = mapped_column(String(500))
    signed_at = mapped_column(UTCDateTime, nullable=False)

    submission = relationship("Submission")
    signer = relationship("User")
