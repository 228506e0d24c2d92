"""Pages of the provincial_reports plugin, mounted under /p/provincial_reports/."""

from flask import Blueprint, render_template

from platform_core.access import permission_required

bp = Blueprint("provincial_reports", __name__, template_folder="templates")


@bp.route("/")
@permission_required("provincial_reports.report.view")
def index():
    return render_template("provincial_reports/index.html")
