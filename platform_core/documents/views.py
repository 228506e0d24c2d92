"""Export pages: a submission's document in one format, directly or, when large, through a background job.

Who may export is who may read the submission. Each export is an audit event ("export") naming the format.
"""
import io

from flask import Blueprint, abort, current_app, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required

from platform_core.audit import service as audit
from platform_core.documents import jobs
from platform_core.documents.content import table_size
from platform_core.documents.models import DONE, DocumentExport
from platform_core.documents.render import render_submission
from platform_core.documents.report_types import may_view
from platform_core.extensions import db

bp = Blueprint("documents", __name__)

FORMAT_RULE = "<any(pdf, docx, xlsx, csv):fmt>"
#: Formats whose rendering grows with the table and may be sent to the background; XLSX (streamed) and
#: CSV stay fast at any size.
SLOW_FORMATS = ("pdf", "docx")


def _submission(submission_id):
    from platform_core.workflow.models import Submission

    submission = db.session.get(Submission, submission_id)
    if submission is None:
        abort(404)
    if not may_view(current_user, submission):
        abort(403)
    return submission


def _is_large(submission, fmt) -> bool:
    return fmt in SLOW_FORMATS and table_size(submission) > int(current_app.config.get("DOCUMENT_BACKGROUND_ROWS", 300))


def _record(submission, fmt, background=False):
    audit.record("export", object_type="submission", object_id=submission.id, unit_id=submission.unit_id,
                 summary=f"Xuất {fmt.upper()}" + (" (trong nền)" if background else ""),
                 changes={"format": fmt, "background": background})


def _download(data, filename, mimetype):
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get(f"/documents/submissions/<int:submission_id>.{FORMAT_RULE}")
@login_required
def submission_export(submission_id, fmt):
    submission = _submission(submission_id)
    if _is_large(submission, fmt):
        return render_template("documents/export_large.html", submission=submission, fmt=fmt,
                               rows=table_size(submission), job=jobs.reusable(submission, current_user, fmt))
    data, filename, mimetype = render_submission(submission, fmt)
    _record(submission, fmt)
    db.session.commit()
    return _download(data, filename, mimetype)


@bp.post(f"/documents/submissions/<int:submission_id>.{FORMAT_RULE}")
@login_required
def submission_export_start(submission_id, fmt):
    submission = _submission(submission_id)
    _record(submission, fmt, background=True)
    job = jobs.request_export(submission, current_user, fmt)
    return redirect(url_for("documents.export_status", export_id=job.id))


def _job(export_id) -> DocumentExport:
    job = db.session.get(DocumentExport, export_id, populate_existing=True)  # another thread writes it
    if job is None or job.user_id != current_user.id:
        abort(404)
    _submission(job.submission_id)
    return job


@bp.get("/documents/exports/<int:export_id>")
@login_required
def export_status(export_id):
    job = _job(export_id)
    return render_template("documents/export_status.html", job=job, state=jobs.state(job),
                           submission=_submission(job.submission_id))


@bp.get("/documents/exports/<int:export_id>/file")
@login_required
def export_file(export_id):
    job = _job(export_id)
    if job.status != DONE:
        return redirect(url_for("documents.export_status", export_id=job.id))
    return _download(job.content, job.filename, job.mimetype)
