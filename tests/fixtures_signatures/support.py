"""Fixtures and helpers shared by ``tests/test_signatures*.py`` (import the fixtures by name)."""
import subprocess

import pytest

from fixtures_signatures.ca import make_ca
from fixtures_signatures.pcsig_regime import REPORT

PASSPHRASE = "Mật-khẩu ký số 2026!"
SIGNER_NAME = "Nguyễn Thị Hướng"
SIGNER_POSITION = "Phó Giám đốc Sở"
PLUGIN = "pcsig=fixtures_signatures.pcsig_regime"


@pytest.fixture(scope="session")
def test_ca():
    return make_ca()


@pytest.fixture(scope="session")
def signer_p12(test_ca):
    return test_ca.pkcs12(SIGNER_NAME, PASSPHRASE)


@pytest.fixture
def trust_root(test_ca, tmp_path):
    return test_ca.write_pem(tmp_path)


@pytest.fixture
def app_overrides(trust_root):
    return {"PLUGIN_MODULES": PLUGIN, "SIGNING_TRUST_ROOTS": [trust_root]}


@pytest.fixture
def wired(app, db):
    """The fake regime enabled everywhere."""
    from platform_core.plugins import activation

    activation.enable("pcsig")
    db.session.commit()
    return app


@pytest.fixture
def unit(make_unit, wired):
    return make_unit("SOTT", "Sở Thông tin và Truyền thông tỉnh Hà Giang")


@pytest.fixture
def leader(make_user, unit, db):
    user = make_user("huong", unit=unit, role="pcsig.leader", full_name=SIGNER_NAME)
    user.position = SIGNER_POSITION
    db.session.commit()
    return user


@pytest.fixture
def approver(make_user, unit):
    return make_user("duyet", unit=unit, role="pcsig.approver", full_name="Trần Văn Duyệt")


def make_submission(db, unit, user, status="approved", data=None):
    """A submission of the fake report type with the versions the workflow would have written."""
    from platform_core.workflow.models import Submission, SubmissionVersion

    data = data if data is not None else {"households": 128, "note": "Hỗ trợ đợt 1 cho các hộ nghèo"}
    submission = Submission(report_type_key=REPORT, plugin_key="pcsig", unit_id=unit.id, period_key="2026-03",
                            title="Báo cáo tháng 03/2026", status=status, data=data, created_by_id=user.id)
    db.session.add(submission)
    db.session.flush()
    path = {"draft": ["draft"], "submitted": ["draft", "submitted"]}.get(status, ["draft", "submitted", "approved"])
    for number, state in enumerate(path, start=1):
        db.session.add(SubmissionVersion(submission_id=submission.id, number=number, status=state, action=state,
                                         data=dict(data), actor_id=user.id))
    db.session.commit()
    return submission


def add_credential(user, p12, passphrase=PASSPHRASE, label="Chứng thư thử nghiệm"):
    from platform_core.signatures import service

    return service.add_credential(user, label, p12, passphrase)


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def validate(pdf: bytes, ca=None):
    """pyHanko's own verdict on the first signature, trusting ``ca`` only."""
    import io

    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_x509.Certificate.load(ca.cert.public_bytes(serialization.Encoding.DER))] if ca else []
    reader = PdfFileReader(io.BytesIO(pdf))
    return validate_pdf_signature(reader.embedded_signatures[0], ValidationContext(trust_roots=roots))
