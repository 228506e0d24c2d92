"""Project pages: the catalogue each unit sees, who may change a project, the approval and acceptance
forms, phase reports started from a project, search without diacritics, and the phase documents."""
import re
from datetime import date

import pytest
import sqlalchemy as sa
from it_project_support import approve, at, ministry_fixture, new_project, obligations  # noqa: F401

from platform_core.workflow import service as workflow
from platform_core.workflow.models import Submission
from plugins.it_reporting import project_phases as phases
from plugins.it_reporting.models import ItProject
from plugins.it_reporting.projects import PHASE1_OWNER

BASE = "/p/it_reporting/projects"
QUAN_TRAC = "Xây dựng cơ sở dữ liệu quan trắc môi trường quốc gia"


@pytest.fixture
def app_overrides():
    return {"PAGE_SIZE": 2}


@pytest.fixture
def catalogue(ministry):
    return {
        "thi_dua": new_project(ministry, code="TCCB-01", name="Xây dựng phần mềm quản lý thi đua, khen thưởng"),
        "quan_trac": new_project(ministry, code="KS-01", name=QUAN_TRAC, owner=ministry.ksonmt,
                                 reporting=ministry.ksonmt),
        "phong_hop": new_project(ministry, code="VP-09", name="Phần mềm quản lý phòng họp trực tuyến",
                                 owner=ministry.vp, in_plan=False, by=ministry.vp_reporter),
    }


def _names(page: str) -> set[str]:
    return set(re.findall(r'<a href="/p/it_reporting/projects/\d+">([^<]+)</a>', page))


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.req("IT-01")
def test_each_unit_sees_only_the_projects_it_owns_or_reports_on(client, login_as, ministry, catalogue):
    login_as(ministry.vp_reporter)
    first, second = _text(client.get(f"{BASE}/")), _text(client.get(f"{BASE}/", query_string={"page": 2}))
    assert "Trang 1 / 1" not in first and "2 dự án" in first
    assert _names(first) | _names(second) == {"Xây dựng phần mềm quản lý thi đua, khen thưởng",
                                              "Phần mềm quản lý phòng họp trực tuyến"}
    assert client.get(f"{BASE}/{catalogue['quan_trac'].id}").status_code == 403

    login_as(ministry.officer)
    page = _text(client.get(f"{BASE}/"))
    assert "3 dự án" in page and "Trang 1 / 2" in page
    found = _text(client.get(f"{BASE}/", query_string={"q": "co so du lieu quan trac"}))
    assert _names(found) == {QUAN_TRAC}
    outside = _text(client.get(f"{BASE}/", query_string={"plan": "out"}))
    assert _names(outside) == {"Phần mềm quản lý phòng họp trực tuyến"}


@pytest.mark.req("IT-01")
def test_a_unit_editing_another_units_project_is_refused(client, login_as, db, ministry, catalogue):
    login_as(ministry.vp_reporter)
    other = catalogue["quan_trac"]
    assert client.get(f"{BASE}/{other.id}/edit").status_code == 403
    response = client.post(f"{BASE}/{other.id}/edit", data={"name": "Đổi tên", "code": "KS-01"})
    assert response.status_code == 403
    assert client.post(f"{BASE}/{other.id}/approve", data={"decision_number": "1/QĐ", "decision_date": "05/01/2026",
                                                          "confirm": "y"}).status_code == 403
    # The plan's projects are the IT department's to change, even those the unit reports on.
    assert client.get(f"{BASE}/{catalogue['thi_dua'].id}/edit").status_code == 403
    assert "Sửa thông tin" not in _text(client.get(f"{BASE}/{catalogue['thi_dua'].id}"))

    own = catalogue["phong_hop"]
    form = _text(client.get(f"{BASE}/{own.id}/edit"))
    assert 'value="Phần mềm quản lý phòng họp trực tuyến"' in form
    response = client.post(f"{BASE}/{own.id}/edit", data={
        "name": "Phần mềm quản lý phòng họp trực tuyến (giai đoạn 2)", "code": "VP-09", "kind": "project",
        "owner_unit_id": ministry.vp.id, "reporting_unit_id": ministry.vp.id, "total_investment": "1250,5",
        "funding_source": "recurrent", "start_date": "01/03/2026", "end_date": "31/12/2026"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ItProject, other.id).name == QUAN_TRAC
    changed = db.session.get(ItProject, own.id)
    assert (changed.name, str(changed.total_investment)) == ("Phần mềm quản lý phòng họp trực tuyến (giai đoạn 2)",
                                                             "1250.500")


@pytest.mark.req("IT-01")
def test_the_form_refuses_a_negative_budget_and_an_end_before_the_start(client, login_as, db, ministry):
    login_as(ministry.officer)
    data = {"name": "Nâng cấp hệ thống thư điện tử công vụ", "code": "CNTT-01", "kind": "project", "in_plan": "y",
            "owner_unit_id": ministry.it.id, "reporting_unit_id": ministry.it.id, "total_investment": "-8500",
            "funding_source": "development"}
    response = client.post(f"{BASE}/new", data=data)
    assert response.status_code == 400 and "Tổng mức đầu tư không được âm." in _text(response)
    response = client.post(f"{BASE}/new", data={**data, "total_investment": "8500", "start_date": "01/06/2026",
                                                "end_date": "31/05/2026"})
    assert response.status_code == 400
    assert "Thời gian kết thúc (31/05/2026) không được trước thời gian bắt đầu (01/06/2026)." in _text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ItProject)) == 0

    response = client.post(f"{BASE}/new", data={**data, "total_investment": "8.500,25"})
    assert response.status_code == 302
    project = db.session.scalar(sa.select(ItProject))
    assert (project.in_plan, str(project.total_investment), project.status) == (True, "8500.250", "planned")


@pytest.mark.req("IT-02")
def test_approving_on_the_page_opens_phase_one_and_shows_its_deadline(client, login_as, db, ministry, catalogue):
    project = catalogue["thi_dua"]
    login_as(ministry.officer)
    form = {"decision_number": "1234/QĐ-BTNMT", "decision_date": "08/01/2026", "decision_authority": "Bộ trưởng"}
    response = client.post(f"{BASE}/{project.id}/approve", data=form)
    assert response.status_code == 400 and "Đánh dấu ô xác nhận" in _text(response)
    assert obligations(db, PHASE1_OWNER) == []

    response = client.post(f"{BASE}/{project.id}/approve", data={**form, "confirm": "y"})
    assert response.status_code == 302
    page = _text(client.get(f"{BASE}/{project.id}"))
    assert "Số 1234/QĐ-BTNMT ngày 08/01/2026" in page
    assert "13/01/2026" in page and "Vụ Tổ chức cán bộ" in page  # the owner's report, due 5 days later
    assert "Mở khi đơn vị báo cáo nhận được báo cáo của đơn vị chủ trì" in page


@pytest.mark.req("IT-03")
def test_the_acceptance_form_refuses_a_date_before_the_approval(client, login_as, db, ministry, catalogue):
    project = catalogue["thi_dua"]
    approve(project, date(2026, 2, 10), ministry.officer)
    login_as(ministry.officer)
    response = client.post(f"{BASE}/{project.id}/accept", data={"accepted_on": "09/02/2026", "confirm": "y"})
    assert response.status_code == 400
    assert "Ngày nghiệm thu (09/02/2026) không được trước ngày phê duyệt dự án (10/02/2026)." in _text(response)
    db.session.expire_all()
    assert db.session.get(ItProject, project.id).status == "approved"


@pytest.mark.req("IT-03")
def test_a_phase_two_report_cannot_be_started_for_a_project_never_approved(client, login_as, db, ministry,
                                                                          catalogue):
    project = catalogue["thi_dua"]
    login_as(ministry.tccb_reporter)
    response = client.post(f"{BASE}/{project.id}/reports/2/owner", follow_redirects=True)
    assert "Dự án chưa được phê duyệt; không lập được báo cáo giai đoạn 2." in _text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Submission)) == 0


@pytest.mark.req("IT-02")
def test_the_owner_starts_its_phase_one_report_pre_filled_from_the_project(client, login_as, db, ministry,
                                                                          catalogue):
    project = catalogue["thi_dua"]
    approve(project, date(2026, 1, 8), ministry.officer)
    login_as(ministry.vp_reporter)  # the reporting unit does not write the owner's report
    assert client.post(f"{BASE}/{project.id}/reports/1/owner").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Submission)) == 0

    login_as(ministry.tccb_reporter)
    page = _text(client.get(f"{BASE}/{project.id}"))
    assert f'action="{BASE}/{project.id}/reports/1/owner"' in page
    response = client.post(f"{BASE}/{project.id}/reports/1/owner")
    assert response.status_code == 303
    submission = db.session.scalar(sa.select(Submission))
    assert response.headers["Location"].endswith(f"/reports/{submission.id}")
    report = _text(client.get(f"/reports/{submission.id}"))
    assert "Xây dựng phần mềm quản lý thi đua, khen thưởng</textarea>" in report and 'value="08/01/2026"' in report


@pytest.mark.req("IT-01")
def test_search_finds_a_project_without_diacritics_within_the_users_units(client, login_as, ministry, catalogue):
    link = f"{BASE}/{catalogue['quan_trac'].id}"
    login_as(ministry.ksonmt_reporter)
    page = _text(client.get("/search", query_string={"q": "co so du lieu"}))
    assert QUAN_TRAC in page and link in page
    login_as(ministry.vp_reporter)
    assert link not in _text(client.get("/search", query_string={"q": "co so du lieu"}))


@pytest.mark.req("IT-02")
def test_a_phase_report_exports_to_pdf_and_word_with_its_annexes(client, login_as, db, ministry, catalogue):
    from platform_core.documents.content import gather
    from platform_core.documents.render import submission_html

    project = catalogue["quan_trac"]
    approve(project, date(2026, 1, 8), ministry.officer)
    submission = phases.start_report(project, 1, phases.STEP_UNIT, ministry.ksonmt_reporter)
    workflow.submit(submission, ministry.ksonmt_reporter, at=at(date(2026, 1, 9)))
    html = submission_html(gather(submission))
    for heading in ("I. Thông tin chung về dự án (Phụ lục I)", "II. Hạ tầng kỹ thuật công nghệ thông tin (Phụ lục III)",
                    "III. Phần mềm và cơ sở dữ liệu (Phụ lục V)", QUAN_TRAC, "3.400"):
        assert heading in html

    login_as(ministry.officer)
    pdf = client.get(f"/documents/submissions/{submission.id}.pdf")
    docx = client.get(f"/documents/submissions/{submission.id}.docx")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert docx.status_code == 200 and docx.data.startswith(b"PK")
