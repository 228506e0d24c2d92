"""Pages of the env_monitoring plugin, mounted under /p/env_monitoring/."""

from flask import Blueprint, render_template

from platform_core.access import permission_required

bp = Blueprint("env_monitoring", __name__, template_folder="templates")


@bp.route("/")
@permission_required("env_monitoring.data.view")
def index():
    return render_template("env_monitoring/index.html")
