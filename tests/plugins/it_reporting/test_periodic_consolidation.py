"""The ministry's consolidated report (IT-08, IT-09, IT-10): built by the IT department from what the units
sent by consolidation time, late and missing units marked (Điều 20.1.a), exported to PDF and Word with every
unit, its mark and the ranking."""
import pytest
import sqlalchemy as sa
from it_periodic_support import docx_text, figures, generate, ministry, pdf_text, send

from platform_core.workflow.models import Submission

PERIOD = "2025-H1"


@pytest.fixture
def half_year(db, runner, make_unit, make_user):
    """2025-H1 (units due 14/06/2025): the IT department and the Office on time, KSONMT four days late,
    BDKH nothing at all."""
    tree = ministry(db, make_unit, make_user)
    generate(runner, "01/06/2025")
    units, reporters, officer = tree["units"], tree["reporters"], tree["officer"]
    send(db, units["BTNMT-CNTT"], reporters["BTNMT-CNTT"], officer, PERIOD, figures(), -2)
    send(db, units["BTNMT-VP"], reporters["BTNMT-VP"], officer, PERIOD,
         figures(staff_total="100", computers="80", staff_with_email="100"), -1)
    send(db, units["BTNMT-KSONMT"], reporters["BTNMT-KSONMT"], officer, PERIOD, figures(staff_total="30"), 4)
    return tree


def _consolidated(db, tree):
    return db.session.scalar(sa.select(Submission).where(Submission.unit_id == tree["bo"].id,
                                                         Submission.period_key == PERIOD))


@pytest.mark.req("IT-08")
def test_consolidation_goes_ahead_and_marks_late_and_missing_units(db, client, login_as, half_year):
    login_as(half_year["officer"])
    page = client.get(f"/p/it_reporting/periodic?period={PERIOD}").get_data(as_text=True)
    assert 'data-unit="BTNMT-KSONMT" data-state="late"' in page
    assert 'data-unit="BTNMT-BDKH" data-state="missing"' in page

    response = client.post(f"/p/it_reporting/periodic/{PERIOD}/consolidate", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Tổng hợp từ 3/4 đơn vị." in page
    ksonmt = page[page.index('data-unit="BTNMT-KSONMT"'):]
    assert "Gửi trễ hạn" in ksonmt[:ksonmt.index("</tr>")]
    bdkh = page[page.index('data-unit="BTNMT-BDKH"'):]
    assert "Chưa gửi, trễ hạn" in bdkh[:bdkh.index("</tr>")]

    parent = _consolidated(db, half_year)
    assert parent.is_consolidated and parent.status == "draft"
    assert parent.data["staff_total"] == 50 + 100 + 30  # the three reports the ministry had; BDKH counts nothing
    assert parent.obligation.rule_key == "it_reporting.periodic_half_ministry"


@pytest.mark.req("IT-08")
def test_a_late_report_approved_after_consolidation_is_taken_in_when_consolidating_again(db, client, login_as,
                                                                                           half_year):
    login_as(half_year["officer"])
    client.post(f"/p/it_reporting/periodic/{PERIOD}/consolidate")
    send(db, half_year["units"]["BTNMT-BDKH"], half_year["reporters"]["BTNMT-BDKH"], half_year["officer"], PERIOD,
         figures(staff_total="20"), 9)
    page = client.post(f"/p/it_reporting/periodic/{PERIOD}/consolidate", follow_redirects=True).get_data(as_text=True)
    assert "Tổng hợp từ 4/4 đơn vị." in page
    assert _consolidated(db, half_year).data["staff_total"] == 200
    bdkh = page[page.index('data-unit="BTNMT-BDKH"'):]
    assert "Gửi trễ hạn" in bdkh[:bdkh.index("</tr>")]


@pytest.mark.req("IT-06")
def test_only_holders_of_the_consolidate_permission_consolidate(db, client, login_as, half_year):
    login_as(half_year["reporters"]["BTNMT-CNTT"])
    assert client.post(f"/p/it_reporting/periodic/{PERIOD}/consolidate").status_code == 403
    assert _consolidated(db, half_year) is None


@pytest.mark.req("IT-10")
@pytest.mark.req("IT-09")
def test_the_consolidated_report_exports_every_unit_its_mark_and_the_ranking(db, client, login_as, half_year):
    login_as(half_year["officer"])
    client.post(f"/p/it_reporting/periodic/{PERIOD}/consolidate")

    response = client.get(f"/p/it_reporting/periodic/{PERIOD}/consolidated.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    for name in ("Cục Công nghệ thông tin", "Văn phòng Bộ", "Cục Kiểm soát ô nhiễm môi trường",
                 "Cục Biến đổi khí hậu"):
        assert name in text
    assert "Cục Kiểm soát ô nhiễm môi trường 14/06/2025 18/06/2025 Gửi trễ hạn" in text
    assert "Cục Biến đổi khí hậu 14/06/2025 Chưa gửi, trễ hạn" in text
    assert "Kết quả đánh giá, xếp hạng mức độ ứng dụng công nghệ thông tin" in text
    assert "I. Hạ tầng kỹ thuật công nghệ thông tin" in text and "VII. Nhân lực và đầu tư" in text

    response = client.get(f"/p/it_reporting/periodic/{PERIOD}/consolidated.docx")
    assert response.status_code == 200
    text = docx_text(response.data)
    for name in ("Cục Công nghệ thông tin", "Văn phòng Bộ", "Cục Kiểm soát ô nhiễm môi trường",
                 "Cục Biến đổi khí hậu"):
        assert name in text
    assert "Gửi trễ hạn" in text and "Chưa gửi, trễ hạn" in text
    assert "Kết quả đánh giá, xếp hạng" in text


@pytest.mark.req("IT-10")
def test_a_units_own_report_exports_to_pdf_and_word(db, client, login_as, half_year):
    submission = db.session.scalar(sa.select(Submission).where(
        Submission.unit_id == half_year["units"]["BTNMT-VP"].id, Submission.period_key == PERIOD))
    login_as(half_year["reporters"]["BTNMT-VP"])
    text = pdf_text(client.get(f"/documents/submissions/{submission.id}.pdf").data)
    assert "Văn phòng Bộ báo cáo tình hình ứng dụng công nghệ thông tin 6 tháng đầu năm 2025" in text
    for heading in ("I. Hạ tầng kỹ thuật", "II. Ứng dụng công nghệ thông tin", "III. Cung cấp thông tin",
                    "IV. Cung cấp dịch vụ công trực tuyến", "V. Công tác bảo đảm an toàn", "VI. Cơ chế, chính sách",
                    "VII. Nhân lực và đầu tư"):
        assert heading in text
    text = docx_text(client.get(f"/documents/submissions/{submission.id}.docx").data)
    assert "Số cán bộ được cấp và sử dụng thư điện tử công vụ" in text


@pytest.mark.req("IT-06")
def test_a_reporter_cannot_open_another_units_report(db, client, login_as, half_year):
    other = db.session.scalar(sa.select(Submission).where(
        Submission.unit_id == half_year["units"]["BTNMT-VP"].id, Submission.period_key == PERIOD))
    login_as(half_year["reporters"]["BTNMT-CNTT"])
    assert client.get(f"/reports/{other.id}").status_code == 403
    assert client.get(f"/documents/submissions/{other.id}.pdf").status_code == 403
    page = client.get(f"/p/it_reporting/periodic?period={PERIOD}").get_data(as_text=True)
    assert 'data-unit="BTNMT-VP"' not in page and 'data-unit="BTNMT-CNTT"' in page
    assert client.get(f"/p/it_reporting/periodic/{PERIOD}/consolidated").status_code == 403
