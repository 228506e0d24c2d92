"""Admin pages of the unit tree. Seeing needs ``core.units.view`` on the unit, changing needs
``core.units.manage`` on it (and on the new parent when moving); new top-level units are for system
administrators only."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from platform_core.access.service import can, is_system_admin, permission_required, require
from platform_core.core_hooks import MEMBERSHIPS_GRANT, UNITS_MANAGE, UNITS_VIEW
from platform_core.database import nfc
from platform_core.extensions import db
from platform_core.pagination import paginate
from platform_core.units import browse, importer, service
from platform_core.units.forms import ConfirmForm, ImportForm, MoveForm, UnitCreateForm, UnitEditForm
from platform_core.units.models import Unit

bp = Blueprint("units", __name__, url_prefix="/units")


def _unit(unit_id: int, permission: str) -> Unit:
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        abort(404)
    require(can(current_user, permission, unit))
    return unit


def _type_choices():
    return [SelectChoice(code, name) for code, name in service.type_choices()]


def _parent_for(form_field, unit: Unit | None = None) -> tuple[bool, Unit | None]:
    """Resolve a typed parent code: ``(ok, parent)``; the field gets the reason when not ok."""
    code = (form_field.data or "").strip()
    if not code:
        if not is_system_admin(current_user):
            form_field.errors.append(_("Chỉ quản trị hệ thống được tạo đơn vị cấp cao nhất; hãy nhập mã đơn vị "
                                       "cấp trên."))
            return False, None
        return True, None
    parent = service.get_by_code(code)
    if parent is None:
        form_field.errors.append(_("Không tìm thấy đơn vị có mã '%(code)s'.", code=code))
        return False, None
    if not can(current_user, UNITS_MANAGE, parent):
        form_field.errors.append(_("Bạn không có quyền quản lý đơn vị '%(name)s'.", name=parent.name))
        return False, None
    return True, parent


@bp.route("")
@permission_required(UNITS_VIEW)
def tree():
    q = nfc(request.args.get("q", "")).strip()
    hide = request.args.get("hide_dissolved") == "1"
    if q:
        page = paginate(browse.search_query(current_user, q, hide))
        return render_template("units/search.html", page=page, q=q, hide=hide,
                               can_manage=can(current_user, UNITS_MANAGE))
    page = paginate(browse.roots_query(current_user, hide))
    nodes = browse.build_tree(current_user, list(page.items), hide_dissolved=hide)
    return render_template("units/tree.html", page=page, nodes=nodes, q=q, hide=hide,
                           can_manage=can(current_user, UNITS_MANAGE))


@bp.route("/<int:unit_id>")
@permission_required(UNITS_VIEW)
def detail(unit_id):
    unit = _unit(unit_id, UNITS_VIEW)
    hide = request.args.get("hide_dissolved") == "1"
    page = paginate(browse.children_query(current_user, unit, hide))
    counts = browse.child_counts(current_user, [u.id for u in page.items], hide)
    return render_template(
        "units/detail.html", unit=unit, path=service.ancestors(unit), page=page, counts=counts, hide=hide,
        can_manage=can(current_user, UNITS_MANAGE, unit),
        can_grant=can(current_user, MEMBERSHIPS_GRANT, unit),
    )


@bp.route("/new", methods=["GET", "POST"])
@permission_required(UNITS_MANAGE)
def new():
    form = UnitCreateForm()
    form.unit_type.choices = _type_choices()
    if request.method == "GET":
        parent = db.session.get(Unit, request.args.get("parent", type=int) or 0)
        if parent is not None:
            form.parent_code.data = parent.code
        form.unit_type.data = "department"
    if form.validate_on_submit():
        ok, parent = _parent_for(form.parent_code)
        if ok:
            try:
                unit = service.create_unit(form.code.data, form.name.data, form.unit_type.data, parent=parent,
                                           abbreviation=form.abbreviation.data or None,
                                           valid_from=form.valid_from.day, valid_to=form.valid_to.day)
            except service.UnitError as exc:
                form.code.errors.append(str(exc))
            else:
                flash(_("Đã tạo đơn vị %(name)s.", name=unit.name), "success")
                return redirect(url_for("units.detail", unit_id=unit.id))
    return render_template("units/form.html", form=form, unit=None)


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
@permission_required(UNITS_MANAGE)
def edit(unit_id):
    unit = _unit(unit_id, UNITS_MANAGE)
    form = UnitEditForm(obj=unit)
    form.unit_type.choices = _type_choices()
    if request.method == "GET":
        form.unit_type.data = unit.unit_type.code
    if form.validate_on_submit():
        try:
            service.update_unit(unit, name=form.name.data, abbreviation=form.abbreviation.data or "",
                                unit_type_code=form.unit_type.data,
                                valid_from=form.valid_from.day, valid_to=form.valid_to.day)
        except service.UnitError as exc:
            form.name.errors.append(str(exc))
        else:
            flash(_("Đã lưu đơn vị %(name)s.", name=unit.name), "success")
            return redirect(url_for("units.detail", unit_id=unit.id))
    return render_template("units/form.html", form=form, unit=unit)


@bp.route("/<int:unit_id>/move", methods=["GET", "POST"])
@permission_required(UNITS_MANAGE)
def move(unit_id):
    unit = _unit(unit_id, UNITS_MANAGE)
    form = MoveForm()
    if form.validate_on_submit():
        ok, parent = _parent_for(form.parent_code)
        if ok:
            try:
                service.move_unit(unit, parent)
            except service.UnitError as exc:
                form.parent_code.errors.append(str(exc))
            else:
                flash(_("Đã chuyển đơn vị %(name)s.", name=unit.name), "success")
                return redirect(url_for("units.detail", unit_id=unit.id))
    return render_template("units/move.html", form=form, unit=unit, path=service.ancestors(unit))


@bp.route("/<int:unit_id>/dissolve", methods=["GET", "POST"])
@permission_required(UNITS_MANAGE)
def dissolve(unit_id):
    unit = _unit(unit_id, UNITS_MANAGE)
    form = ConfirmForm()
    active_children = service.active_children_count(unit)
    if form.validate_on_submit():
        try:
            service.dissolve_unit(unit)
        except service.UnitError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Đã giải thể đơn vị %(name)s.", name=unit.name), "success")
            return redirect(url_for("units.detail", unit_id=unit.id))
    return render_template("units/dissolve.html", form=form, unit=unit, active_children=active_children)


@bp.route("/import", methods=["GET", "POST"], endpoint="import")
@permission_required(UNITS_MANAGE)
def import_csv():
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        def may_attach(parent):
            return is_system_admin(current_user) if parent is None else can(current_user, UNITS_MANAGE, parent)

        result = importer.import_units(form.file.data.read(), may_attach=may_attach)
        if result.ok:
            flash(_("Đã nhập %(n)s đơn vị.", n=result.created), "success")
            return redirect(url_for("units.tree"))
        problems = result.problems
    return render_template("units/import.html", form=form, problems=problems)


def init_app(app):
    app.register_blueprint(bp)
