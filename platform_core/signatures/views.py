"""Signature pages (``/signatures``): one's own certificates, signing a report, checking any signed PDF,
downloading a signed report.

Uploading and signing take the certificate's passphrase; it is passed to the PKCS#12 parser and dropped
(never stored, logged, flashed or put back into a form).
"""
import logging

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from platform_core.extensions import db
from platform_core.signatures import service
from platform_core.signatures.crypto import SigningKeyError
from platform_core.signatures.forms import CredentialForm, RevokeForm, SignForm, VerifyForm
from platform_core.signatures.models import SignedDocument, SigningCredential
from platform_core.workflow.models import APPROVED, Submission

bp = Blueprint("signatures", __name__, url_prefix="/signatures")
log = logging.getLogger(__name__)


def _key_problem(exc: SigningKeyError) -> str:
    log.error("signing key: %s", exc)
    return _("Hệ thống chưa được cấu hình khoá bảo vệ chứng thư số (SIGNING_KEY) hoặc khoá đã thay đổi. "
             "Hãy báo quản trị hệ thống.")


def _submission(submission_id: int) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        abort(404)
    return submission


def _back_to(submission: Submission) -> str:
    if "workflow.detail" in current_app.view_functions:
        return url_for("workflow.detail", submission_id=submission.id)
    return url_for(".sign", submission_id=submission.id)


@bp.route("/credentials", methods=["GET", "POST"])
@login_required
def credentials():
    form = CredentialForm()
    status = 200
    if form.validate_on_submit():
        try:
            credential = service.add_credential(current_user, form.label.data, form.file.data.read(),
                                                form.passphrase.data or "")
        except service.SigningError as exc:
            form.file.errors.append(str(exc))
            status = 400
        except SigningKeyError as exc:
            flash(_key_problem(exc), "error")
            status = 503
        else:
            flash(_("Đã lưu chứng thư số của %(name)s.", name=credential.subject_cn), "success")
            return redirect(url_for(".credentials"))
    elif form.is_submitted():
        status = 400
    return render_template("signatures/credentials.html", form=form, revoke_form=RevokeForm(),
                           credentials=service.credentials_of(current_user)), status


@bp.route("/credentials/<int:credential_id>/revoke", methods=["POST"])
@login_required
def revoke(credential_id):
    credential = db.session.get(SigningCredential, credential_id)
    if credential is None or credential.user_id != current_user.id:
        abort(404)
    if RevokeForm().validate_on_submit() and not credential.revoked:
        service.revoke_credential(credential, current_user)
        flash(_("Đã thu hồi chứng thư số %(label)s; không thể dùng để ký nữa.", label=credential.label), "success")
    return redirect(url_for(".credentials"))


@bp.route("/submissions/<int:submission_id>/sign", methods=["GET", "POST"])
@login_required
def sign(submission_id):
    submission = _submission(submission_id)
    try:
        allowed = service.may_sign(current_user, submission)
    except service.SigningError:
        abort(404)
    if not allowed:
        abort(403)
    form = SignForm()
    usable = service.usable_credentials(current_user)
    form.credential.choices = [(c.id, f"{c.label} — {c.subject_cn}") for c in usable]
    status = 200
    if submission.status == APPROVED and form.validate_on_submit():
        try:
            service.sign_submission(submission, current_user, form.credential.data, form.passphrase.data or "")
        except service.SignatureForbidden:
            abort(403)
        except service.SigningError as exc:
            form.passphrase.errors.append(str(exc))
            status = 400
        except SigningKeyError as exc:
            flash(_key_problem(exc), "error")
            status = 503
        else:
            flash(_("Đã ký số báo cáo «%(title)s».", title=submission.title), "success")
            return redirect(_back_to(submission))
    elif form.is_submitted():
        if submission.status != APPROVED:
            flash(_("Chỉ ký được báo cáo đã được phê duyệt."), "error")
        status = 400
    return render_template("signatures/sign.html", submission=submission, form=form, credentials=usable,
                           documents=service.signed_documents(submission),
                           current=service.current_signed_document(submission)), status


@bp.route("/submissions/<int:submission_id>/signed.pdf")
@login_required
def download(submission_id):
    submission = _submission(submission_id)
    try:
        allowed = service.may_download(current_user, submission)
    except service.SigningError:
        allowed = False
    if not allowed:
        abort(403)
    document_id = request.args.get("document", type=int)
    if document_id is not None:
        document = db.session.get(SignedDocument, document_id)
        if document is None or document.submission_id != submission.id:
            abort(404)
    else:
        documents = service.signed_documents(submission)
        document = service.current_signed_document(submission) or (documents[0] if documents else None)
    if document is None:
        abort(404)
    from io import BytesIO

    return send_file(BytesIO(bytes(document.pdf)), mimetype="application/pdf", as_attachment=True,
                     download_name=document.filename)


@bp.route("/verify", methods=["GET", "POST"])
@login_required
def verify():
    form = VerifyForm()
    result, filename, status = None, None, 200
    if form.validate_on_submit():
        upload = form.file.data
        filename = upload.filename
        result = service.verify_pdf(upload.read())
    elif form.is_submitted():
        status = 400
    return render_template("signatures/verify.html", form=form, result=result, filename=filename), status
