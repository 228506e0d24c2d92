"""The export pages (CORE-14): who may download a report's document, the audit trail, and large documents
made in the background with a status page and a download link."""
import re
import time
from datetime import timedelta

import pytest
from fixtures_documents.support import REGIME, activate_regime, make_submission, needs_poppler, pdf_text
from sqlalchemy import select

pytestmark = [pytest.mark.req("CORE-14"),
              needs_poppler]


@pytest.fixture
def app_overrides():
    return dict(REGIME, DOCUMENT_BACKGROUND_ROWS=5)


@pytest.fixture(autouse=True)
def wired(app, db):
    activate_regime(app, db)


@pytest.fixture
def unit(make_unit):
    return make_unit("XA1", "UBND xã Tân Lập", type_code="commune", abbreviation="UBND")


@pytest.fixture
def officer(make_user, unit):
    return make_user("canbo", unit=unit, role="pcdoc.reporter")


@pytest.fixture
def small(db, unit):
    return make_submission(db, unit, "pcdoc.custom", {"schools": 12}, title="Báo cáo trường học")


@pytest.fixture
def large(db, unit):
    """Eight figures: above the test threshold of five rows, so PDF and DOCX go to the background."""
    return make_submission(db, unit, "pcdoc.figures", {"population": 4321, "note": "Số liệu chính thức"},
                           title="Báo cáo dân số")


def _export_events(db):
    from platform_core.audit.models import AuditEvent

    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()


def test_an_officer_downloads_the_pdf_and_it_is_audited(db, client, login_as, officer, small):
    login_as(officer)
    response = client.get(f"/documents/submissions/{small.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f'filename=bao-cao-{small.id}.pdf' in response.headers["Content-Disposition"]
    assert "Số trường học: 12 trường" in pdf_text(response.data)
    events = _export_events(db)
    assert [(e.object_id, e.actor_id, e.changes["format"]) for e in events] == [(str(small.id), officer.id, "pdf")]


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv"])
def test_every_format_downloads(db, client, login_as, officer, small, fmt):
    login_as(officer)
    response = client.get(f"/documents/submissions/{small.id}.{fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith(f"bao-cao-{small.id}.{fmt}")
    assert _export_events(db)[0].changes["format"] == fmt


def test_a_user_of_another_unit_gets_403(db, client, login_as, make_unit, make_user, small):
    other_unit = make_unit("XA2", "UBND xã Bình Minh", type_code="commune")
    outsider = make_user("nguoingoai", unit=other_unit, role="pcdoc.leader")
    login_as(outsider)
    assert client.get(f"/documents/submissions/{small.id}.pdf").status_code == 403
    assert client.get(f"/documents/submissions/{small.id}.csv").status_code == 403
    assert _export_events(db) == []


def test_anonymous_users_are_sent_to_the_login_page(client, small):
    response = client.get(f"/documents/submissions/{small.id}.pdf")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_submissions_and_formats_are_404(client, login_as, officer, small):
    login_as(officer)
    assert client.get("/documents/submissions/999999.pdf").status_code == 404
    assert client.get(f"/documents/submissions/{small.id}.html").status_code == 404


def _wait_for_state(client, status_url, timeout=120):
    deadline = time.monotonic() + timeout
    while True:
        page = client.get(status_url).get_data(as_text=True)
        state = re.search(r'data-state="(\w+)"', page).group(1)
        if state in ("done", "failed") or time.monotonic() > deadline:
            return state, page
        time.sleep(0.2)


def test_a_large_pdf_is_made_in_the_background_then_downloaded(db, client, login_as, officer, large):
    login_as(officer)
    offer = client.get(f"/documents/submissions/{large.id}.pdf")
    assert offer.status_code == 200 and offer.mimetype == "text/html"
    assert 'id="start-export"' in offer.get_data(as_text=True)

    started = client.post(f"/documents/submissions/{large.id}.pdf")
    assert started.status_code == 302
    status_url = started.headers["Location"]
    assert re.fullmatch(r"/documents/exports/\d+", status_url)
    first = client.get(status_url).get_data(as_text=True)
    assert "Báo cáo dân số" in first

    state, page = _wait_for_state(client, status_url)
    assert state == "done", page
    link = re.search(r'id="export-download" href="([^"]+)"', page).group(1)
    download = client.get(link)
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "Số liệu chính thức" in pdf_text(download.data)
    assert [(e.changes["format"], e.changes["background"]) for e in _export_events(db)] == [("pdf", True)]

    # Asking again for the unchanged report offers the file already made.
    again = client.get(f"/documents/submissions/{large.id}.pdf").get_data(as_text=True)
    assert f'href="{status_url}"' in again


def test_someone_else_cannot_follow_an_export(db, client, login_as, make_user, unit, officer, large):
    login_as(officer)
    status_url = client.post(f"/documents/submissions/{large.id}.docx").headers["Location"]
    assert _wait_for_state(client, status_url)[0] == "done"
    colleague = make_user("dongnghiep", unit=unit, role="pcdoc.leader")
    login_as(colleague)
    assert client.get(status_url).status_code == 404
    assert client.get(status_url + "/file").status_code == 404


def test_a_failed_export_says_so_and_can_be_retried(db, client, login_as, officer, large, monkeypatch):
    from platform_core.documents import render

    def broken(submission, fmt):
        raise RuntimeError("máy in hỏng")

    monkeypatch.setattr(render, "render_submission", broken)
    login_as(officer)
    status_url = client.post(f"/documents/submissions/{large.id}.pdf").headers["Location"]
    state, page = _wait_for_state(client, status_url)
    assert state == "failed"
    assert "Không tạo được tệp" in page and 'id="retry-export"' in page
    assert "máy in hỏng" not in page
    monkeypatch.undo()
    retried = client.post(f"/documents/submissions/{large.id}.pdf").headers["Location"]
    assert retried != status_url
    assert _wait_for_state(client, retried)[0] == "done"


def test_a_job_left_running_by_a_dead_worker_counts_as_failed(app, db, officer, large):
    from platform_core.documents import jobs
    from platform_core.documents.models import RUNNING, DocumentExport
    from platform_core.timeutil import utcnow

    long_ago = utcnow() - timedelta(seconds=jobs.stale_after() + 60)
    job = DocumentExport(submission_id=large.id, user_id=officer.id, fmt="pdf", submission_version=large.lock_version,
                         status=RUNNING, created_at=long_ago, started_at=long_ago)
    db.session.add(job)
    db.session.commit()
    assert jobs.state(job) == "failed"
    assert jobs.reusable(large, officer, "pdf") is None


def test_spreadsheets_of_large_reports_stay_immediate(client, login_as, officer, large):
    login_as(officer)
    response = client.get(f"/documents/submissions/{large.id}.xlsx")
    assert response.status_code == 200 and "spreadsheetml" in response.mimetype
