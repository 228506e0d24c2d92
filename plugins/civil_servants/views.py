"""Pages of the civil_servants plugin, mounted under /p/civil_servants/."""

from flask import Blueprint, render_template

from platform_core.access import permission_required

bp = Blueprint("civil_servants", __name__, template_folder="templates")


@bp.route("/")
@permission_required("civil_servants.dossier.view")
def index():
    return render_template("civil_servants/index.html")
