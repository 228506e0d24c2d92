"""CORE-13: checking signed PDFs — ours, altered ones, unsigned, foreign and broken files."""
import io

import pytest
from fixtures_signatures.ca import make_ca
from fixtures_signatures.pdfs import FIGURE, simple_pdf
from fixtures_signatures.support import (
    PASSPHRASE,
    SIGNER_NAME,
    app_overrides,
    signer_p12,
    test_ca,
    trust_root,
)

pytestmark = pytest.mark.req("CORE-13")
# Fixtures shared through fixtures_signatures.support; pytest finds them in this module by name.
SHARED_FIXTURES = (app_overrides, signer_p12, test_ca, trust_root)


def sign(pdf: bytes, p12: bytes, name=SIGNER_NAME) -> bytes:
    from platform_core.signatures.pdfsign import sign_pdf
    from platform_core.timeutil import utcnow

    return sign_pdf(pdf, p12, PASSPHRASE, name=name, position="Giám đốc", signed_at=utcnow(),
                    reason="Phê duyệt báo cáo", location="Hà Giang")


@pytest.fixture
def signed_pdf(app, signer_p12):
    return sign(simple_pdf(["Báo cáo số liệu tháng 03/2026"]), signer_p12)


def append_content(pdf: bytes) -> bytes:
    """An incremental update that draws new text on the page, as a forger would."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    contents = page.raw_get("/Contents")
    extra = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 500 Td (999 ho) Tj ET"))
    page["/Contents"] = generic.ArrayObject([contents, extra])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_intact_valid_trusted_with_signer_and_local_time(signed_pdf):
    import re

    from platform_core.signatures.service import verify_pdf
    from platform_core.timeutil import to_local, utcnow

    result = verify_pdf(signed_pdf)
    assert (result.intact, result.valid, result.trusted) == (True, True, True)
    assert result.signer == SIGNER_NAME
    assert abs((utcnow() - result.signed_at).total_seconds()) < 120
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", result.signed_at_local)
    assert result.signed_at_local == to_local(result.signed_at).strftime("%d/%m/%Y %H:%M")
    assert "hợp lệ" in result.reason


def test_byte_altered_in_the_signed_range_is_invalid(signed_pdf):
    from platform_core.signatures.service import verify_pdf

    assert signed_pdf.count(FIGURE.encode()) == 1
    forged = signed_pdf.replace(FIGURE.encode(), FIGURE.replace("128", "928").encode())
    result = verify_pdf(forged)
    assert result.intact is False and result.valid is False and result.trusted is False
    assert result.signer == SIGNER_NAME
    assert "bị thay đổi sau khi ký" in result.reason


def test_content_added_after_signing_is_invalid(signed_pdf):
    from platform_core.signatures.service import verify_pdf

    result = verify_pdf(append_content(signed_pdf))
    assert result.intact is False and result.valid is False
    assert "sửa đổi sau khi ký" in result.reason


def test_unsigned_pdf_says_there_is_no_signature(app):
    from platform_core.signatures.service import verify_pdf

    result = verify_pdf(simple_pdf())
    assert result.reason == "Tệp không có chữ ký số."
    assert not (result.intact or result.valid or result.trusted) and result.signatures == []


@pytest.mark.parametrize("data, message", [
    (b"", "Tệp trống."),
    (b"this is not a pdf at all" * 20, "Tệp không phải là tệp PDF."),
    (b"%PDF-1.7\n\x00\x01garbage without objects", "bị hỏng hoặc không đầy đủ"),
])
def test_garbage_gets_a_message(app, data, message):
    from platform_core.signatures.service import verify_pdf

    result = verify_pdf(data)
    assert message in result.reason and not result.valid


def test_truncated_signed_pdf_gets_a_message(signed_pdf):
    from platform_core.signatures.service import verify_pdf

    result = verify_pdf(signed_pdf[: len(signed_pdf) // 2])
    assert not result.valid
    assert "bị hỏng hoặc không đầy đủ" in result.reason


@pytest.mark.parametrize("app_overrides", [{"SIGNING_TRUST_ROOTS": []}])
def test_without_trust_roots_nothing_is_trusted_and_the_reason_says_why(signed_pdf):
    from platform_core.signatures.service import verify_pdf

    result = verify_pdf(signed_pdf)
    assert (result.intact, result.valid, result.trusted) == (True, True, False)
    assert "SIGNING_TRUST_ROOTS" in result.reason


def test_a_pdf_signed_by_another_authority_is_valid_but_not_trusted(app):
    from platform_core.signatures.service import verify_pdf

    stranger = make_ca("CA không rõ nguồn gốc").pkcs12("Người lạ", PASSPHRASE)
    result = verify_pdf(sign(simple_pdf(), stranger, name="Người lạ"))
    assert (result.intact, result.valid, result.trusted) == (True, True, False)
    assert result.signer == "Người lạ"
    assert "không được cấp bởi tổ chức chứng thực tin cậy" in result.reason


def test_every_signature_is_reported_and_a_later_one_keeps_the_first_intact(signed_pdf, test_ca):
    from platform_core.signatures.service import verify_pdf

    second = test_ca.pkcs12("Văn thư Sở", PASSPHRASE)
    result = verify_pdf(sign(signed_pdf, second, name="Văn thư Sở"))
    assert [s.signer for s in result.signatures] == [SIGNER_NAME, "Văn thư Sở"]
    assert all(s.intact and s.valid and s.trusted for s in result.signatures)
    assert result.signer == SIGNER_NAME


@pytest.mark.parametrize("app_overrides", [{"SIGNING_TRUST_ROOTS": ["/nonexistent/root.pem"]}])
def test_an_unreadable_trust_root_is_reported_not_fatal(signed_pdf):
    from platform_core.signatures.service import verify_pdf

    result = verify_pdf(signed_pdf)
    assert result.intact and result.valid and not result.trusted
    assert any("/nonexistent/root.pem" in p for p in result.problems)


def test_stamp_moves_up_when_the_bottom_margin_has_text(app):
    from pypdf import PdfReader

    from platform_core.signatures import placement

    pdf = simple_pdf(["Nội dung"], bottom_lines=["Chân trang bên phải 1", "Chân trang bên phải 2"])
    _page, box = placement.stamp_box(pdf, 200, 50)
    stamp = placement.Rect(*box)
    taken = placement.text_rects(PdfReader(io.BytesIO(pdf)).pages[-1])
    assert not any(stamp.overlaps(r) for r in taken)
    assert stamp.y1 > 40, "the box should have moved above the footer lines"
    free_pdf = simple_pdf(["Nội dung"])
    assert placement.stamp_box(free_pdf, 200, 50)[1][1] == placement.BOTTOM_START


def test_junk_appended_after_the_signature_is_noted_but_not_a_forgery(signed_pdf):
    from platform_core.signatures.service import verify_pdf

    result = verify_pdf(signed_pdf + b"\n% trailing junk from a mail gateway\n")
    assert result.intact and result.valid and result.trusted
    assert any("được thêm vào tệp" in p for p in result.problems)


def test_a_percent_sign_in_the_name_is_drawn_as_typed(app, signer_p12, tmp_path):
    from fixtures_signatures.support import pdf_text

    text = pdf_text(sign(simple_pdf(), signer_p12, name="Phạm 100% Đạt"), tmp_path)
    assert "Ký bởi: Phạm 100% Đạt" in text
