"""Pages of the it_reporting plugin, mounted under /p/it_reporting/."""

from flask import Blueprint, render_template

from platform_core.access import permission_required

bp = Blueprint("it_reporting", __name__, template_folder="templates")


@bp.route("/")
@permission_required("it_reporting.report.view")
def index():
    return render_template("it_reporting/index.html")
