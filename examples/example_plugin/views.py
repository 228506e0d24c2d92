"""Pages of the example plugin, mounted by the core under /p/example/."""
from flask import Blueprint, render_template
from sqlalchemy import select

from examples.example_plugin.models import ExampleNote
from platform_core import db
from platform_core.access import permission_required

bp = Blueprint("example", __name__, template_folder="templates")


@bp.route("/")
@permission_required("example.note.view")
def index():
    notes = db.session.scalars(select(ExampleNote).order_by(ExampleNote.id)).all()
    return render_template("example/index.html", notes=notes)
