"""Pages of the it_reporting plugin, mounted under /p/it_reporting/. The routes live in
``project_views.py`` (projects and phase reports) and ``periodic_views.py`` (periodic and ad-hoc reports,
consolidation, ranking); importing them here attaches them to the blueprint."""
from flask import Blueprint, render_template

from platform_core.access import permission_required

bp = Blueprint("it_reporting", __name__, template_folder="templates")


@bp.route("/")
@permission_required("it_reporting.report.view")
def index():
    return render_template("it_reporting/index.html")


from plugins.it_reporting import periodic_views, project_views  # noqa: E402,F401
