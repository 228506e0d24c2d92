"""The official document of a regime's report (RPT-05, ND 30/2020 layout): the outline as headed
paragraphs, each table with its indicators and category columns, the figures, and the source of the
provincial system — read back from the PDF with poppler, as a reader's computer would."""
import pytest

from tests.fixtures_documents.support import needs_poppler, pdf_text
from tests.plugins.provincial_reports import pr_support as pr


@pytest.fixture
def report(app, db, make_unit, make_user):
    from platform_core.workflow import service

    pr.enable()
    pr.library()
    _regime, version = pr.regime()
    units = pr.province(make_unit)
    user = make_user("nhaplieu", unit=units["hb"], role="provincial_reports.entry")
    sub = service.create_draft(version.report_type_key, units["hb"], user, period_key="2026-Q1")
    service.save_data(sub, user, {
        "section__s1": "Thị trường lao động ổn định.\nNhiều doanh nghiệp tuyển dụng mới.",
        "LD01__nam": "1250", "LD01__nu": "1130", "LD02__nam": "1000", "LD02__nu": "900",
    }, sub.lock_version)
    return sub, user


def _flat(text: str) -> str:
    return " ".join(text.split())


@needs_poppler
@pytest.mark.req("RPT-05")
def test_the_pdf_holds_outline_tables_figures_and_source(report):
    from platform_core.documents.render import render_submission

    sub, _user = report
    pdf, filename, mimetype = render_submission(sub, "pdf")
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    text = _flat(pdf_text(pdf))
    for expected in (
        "Báo cáo lao động, việc làm quý", "quý I/2026", "Phường Hưng Bình",
        "1. Tình hình chung", "Thị trường lao động ổn định.", "Nhiều doanh nghiệp tuyển dụng mới.",
        "2. Kiến nghị, đề xuất", "Không có.",
        "Biểu 01. Lao động, việc làm", "Nam", "Nữ", "Tổng số",
        "LD01. Số người trong độ tuổi lao động", "LD03. Tỷ lệ lao động có việc làm",
        "1.250", "2.380", "79,8319",
        "Nguồn: Hệ thống thông tin báo cáo tỉnh Nghệ An",
    ):
        assert expected in text, expected
    assert text.count("Nguồn: Hệ thống thông tin báo cáo tỉnh Nghệ An") == 1


@needs_poppler
@pytest.mark.req("RPT-05")
def test_the_export_page_serves_the_same_document(client, login_as, report):
    sub, user = report
    login_as(user)
    response = client.get(f"/documents/submissions/{sub.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _flat(pdf_text(response.data))
    assert "Số lao động có việc làm" in text and "1.900" in text


@pytest.mark.req("RPT-05")
def test_what_a_user_typed_reaches_the_document_as_text(report, db):
    from platform_core.documents.content import gather
    from platform_core.documents.render import submission_html
    from platform_core.workflow import service

    sub, user = report
    service.save_data(sub, user, {"section__s1": "<b>đậm</b><img src=/etc/passwd>"}, sub.lock_version)
    html = submission_html(gather(sub))
    assert "&lt;b&gt;đậm&lt;/b&gt;" in html and "<img" not in html
