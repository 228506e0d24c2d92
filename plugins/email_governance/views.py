"""Pages of the email_governance plugin, mounted under /p/email_governance/."""

from flask import Blueprint, render_template

from platform_core.access import permission_required

bp = Blueprint("email_governance", __name__, template_folder="templates")


@bp.route("/")
@permission_required("email_governance.mailbox.view")
def index():
    return render_template("email_governance/index.html")
