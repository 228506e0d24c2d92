"""Project pages (IT-01…03), attached to ``views.bp`` under /p/it_reporting/projects: the catalogue
(scoped to the units the user may see), a project with its reporting chain, and the changes — create,
edit, approve, start, accept, products — each checked on the project's units by ``projects.py``."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_

from platform_core import db
from platform_core.access import can, permission_required, require
from platform_core.pagination import paginate
from platform_core.search.matching import contains
from plugins.it_reporting import EDIT, PROJECTS_MANAGE, VIEW, projects
from plugins.it_reporting import project_fields as pf
from plugins.it_reporting import project_phases as phases
from plugins.it_reporting.models import ItProject, ItProjectProduct
from plugins.it_reporting.project_forms import (
    AcceptForm,
    ActionForm,
    ApproveForm,
    ConfirmForm,
    ProductForm,
    ProjectFilterForm,
    ProjectForm,
    choices,
    date_of,
)
from plugins.it_reporting.views import bp


@bp.app_template_global("it_reporting_sections")
def _sections(report_type_key):
    return phases.sections_of(report_type_key)


@bp.app_template_filter("it_reporting_amount")
def _amount(value):
    return pf.format_amount(value)


def _load(project_id: int) -> ItProject:
    project = db.get_or_404(ItProject, project_id)
    require(projects.may_view(current_user, project))
    return project


def _load_editable(project_id: int) -> ItProject:
    project = _load(project_id)
    require(projects.may_edit(current_user, project))
    return project


def _show_error(form, exc: projects.ProjectError) -> None:
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, str(exc)]
    else:
        flash(str(exc), "error")


def _unit_choices(units, keep=()) -> list:
    units = list(units)
    known = {u.id for u in units}
    return choices([(u.id, f"{u.code} — {u.name}") for u in [*units, *(k for k in keep if k.id not in known)]])


def _prepare(form: ProjectForm, project: ItProject | None = None) -> None:
    keep = (project.owner_unit, project.reporting_unit) if project is not None else ()
    form.owner_unit_id.choices = _unit_choices(projects.units_where(current_user, VIEW, EDIT, PROJECTS_MANAGE), keep)
    form.reporting_unit_id.choices = _unit_choices(projects.units_where(current_user, EDIT, PROJECTS_MANAGE), keep)


# ---------------------------------------------------------------- catalogue


@bp.route("/projects/")
@permission_required(VIEW)
def project_list():
    form = ProjectFilterForm(formdata=request.args)
    form.unit.choices = choices([(str(u.id), f"{u.code} — {u.name}") for u in projects.units_where(current_user, VIEW)],
                                _("Tất cả"))
    page = None
    if form.validate():
        stmt = projects.visible_projects(current_user)
        if form.q.data:
            stmt = stmt.where(or_(contains(ItProject.name, form.q.data), contains(ItProject.code, form.q.data)))
        if form.status.data:
            stmt = stmt.where(ItProject.status == form.status.data)
        if form.kind.data:
            stmt = stmt.where(ItProject.kind == form.kind.data)
        if form.plan.data:
            stmt = stmt.where(ItProject.in_plan.is_(form.plan.data == "in"))
        if form.unit.data:
            unit_id = int(form.unit.data)
            stmt = stmt.where(or_(ItProject.owner_unit_id == unit_id, ItProject.reporting_unit_id == unit_id))
        page = paginate(stmt.order_by(ItProject.updated_at.desc(), ItProject.id.desc()))
    return render_template("it_reporting/projects.html", form=form, page=page, statuses=pf.STATUSES,
                           kinds=pf.KINDS, may_create=projects.may_create(current_user))


@bp.route("/projects/new", methods=["GET", "POST"])
@permission_required(VIEW)
def project_new():
    require(projects.may_create(current_user))
    manages_plan = can(current_user, PROJECTS_MANAGE)
    form = ProjectForm()
    _prepare(form)
    if not form.is_submitted():
        form.in_plan.data = manages_plan and not can(current_user, EDIT)
    status = 200
    if form.validate_on_submit():
        try:
            project = projects.create_project(form.values(include_plan=manages_plan), current_user)
        except projects.ProjectForbidden:
            abort(403)
        except projects.ProjectError as exc:
            _show_error(form, exc)
            status = 400
        else:
            flash(_("Đã thêm dự án vào danh mục."), "success")
            return redirect(url_for(".project_detail", project_id=project.id))
    elif form.is_submitted():
        status = 400
    return render_template("it_reporting/projects_form.html", form=form, project=None,
                           manages_plan=manages_plan), status


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@permission_required(VIEW)
def project_edit(project_id):
    project = _load_editable(project_id)
    manages_plan = can(current_user, PROJECTS_MANAGE, project.reporting_unit_id)
    form = ProjectForm(obj=None if request.method == "POST" else project)
    _prepare(form, project)
    if not form.is_submitted():
        form.total_investment.data = pf.format_amount(project.total_investment).replace(".", "")
        form.start_date.data = project.start_date.strftime("%d/%m/%Y") if project.start_date else ""
        form.end_date.data = project.end_date.strftime("%d/%m/%Y") if project.end_date else ""
        form.project_group.data = project.project_group or ""
    status = 200
    if form.validate_on_submit():
        try:
            projects.update_project(project, form.values(include_plan=manages_plan), current_user)
        except projects.ProjectForbidden:
            abort(403)
        except projects.ProjectError as exc:
            _show_error(form, exc)
            status = 400
        else:
            flash(_("Đã lưu thông tin dự án."), "success")
            return redirect(url_for(".project_detail", project_id=project.id))
    elif form.is_submitted():
        status = 400
    return render_template("it_reporting/projects_form.html", form=form, project=project,
                           manages_plan=manages_plan), status


@bp.route("/projects/<int:project_id>")
@permission_required(VIEW)
def project_detail(project_id):
    project = _load(project_id)
    phases.advance(project)
    editable = projects.may_edit(current_user, project)
    return render_template(
        "it_reporting/projects_detail.html", project=project, chain=phases.chain(project),
        editable=editable, may_products=projects.may_list_products(current_user, project),
        statuses=pf.STATUSES, kinds=pf.KINDS, groups=pf.GROUPS, funding=pf.FUNDING_SOURCES,
        product_kinds=pf.PRODUCT_KINDS, it_name=_it_name(), same_unit=phases.same_unit(project),
        can_enter=lambda unit_id: can(current_user, EDIT, unit_id), action_form=ActionForm(formdata=None),
        product_form=ProductForm(formdata=None), confirm_form=ConfirmForm(formdata=None))


# ---------------------------------------------------------------- approval, start, acceptance


def _it_name() -> str:
    unit = projects.it_department()
    return unit.name if unit is not None else _("Cục Công nghệ thông tin")


def _action_page(project, form, action):
    return render_template("it_reporting/projects_action.html", project=project, form=form, action=action,
                           same_unit=phases.same_unit(project), it_name=_it_name())


@bp.route("/projects/<int:project_id>/approve", methods=["GET", "POST"])
@permission_required(VIEW)
def project_approve(project_id):
    project = _load_editable(project_id)
    form = ApproveForm()
    if not form.is_submitted():
        form.decision_number.data = project.decision_number
        form.decision_authority.data = project.decision_authority
    status = 200
    if form.validate_on_submit():
        decision = projects.Decision(form.decision_number.data, date_of(form.decision_date),
                                     form.decision_authority.data or "")
        try:
            projects.approve_project(project, decision, current_user)
        except projects.ProjectForbidden:
            abort(403)
        except projects.ProjectError as exc:
            _show_error(form, exc)
            status = 400
        else:
            flash(_("Đã ghi nhận phê duyệt dự án; nghĩa vụ báo cáo giai đoạn 1 đã được mở."), "success")
            return redirect(url_for(".project_detail", project_id=project.id))
    elif form.is_submitted():
        status = 400
    return _action_page(project, form, "approve"), status


@bp.route("/projects/<int:project_id>/accept", methods=["GET", "POST"])
@permission_required(VIEW)
def project_accept(project_id):
    project = _load_editable(project_id)
    form = AcceptForm()
    status = 200
    if form.validate_on_submit():
        try:
            projects.accept_project(project, date_of(form.accepted_on), current_user)
        except projects.ProjectForbidden:
            abort(403)
        except projects.ProjectError as exc:
            _show_error(form, exc)
            status = 400
        else:
            flash(_("Đã ghi nhận nghiệm thu, bàn giao; nghĩa vụ báo cáo giai đoạn 2 đã được mở."), "success")
            return redirect(url_for(".project_detail", project_id=project.id))
    elif form.is_submitted():
        status = 400
    return _action_page(project, form, "accept"), status


@bp.route("/projects/<int:project_id>/start", methods=["POST"])
@permission_required(VIEW)
def project_start(project_id):
    project = _load_editable(project_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("Đánh dấu ô xác nhận trước khi thực hiện."), "warning")
        return redirect(url_for(".project_detail", project_id=project.id))
    try:
        projects.start_project(project, current_user)
    except projects.ProjectForbidden:
        abort(403)
    except projects.ProjectError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Dự án đã chuyển sang đang triển khai."), "success")
    return redirect(url_for(".project_detail", project_id=project.id))


# ---------------------------------------------------------------- phase reports


@bp.route("/projects/<int:project_id>/reports/<int:phase>/<step>", methods=["POST"])
@permission_required(VIEW)
def project_report(project_id, phase, step):
    """Open the report answering one step of the chain: a pre-filled draft the first time."""
    if phase not in phases.PHASES or step not in phases.STEPS:
        abort(404)
    project = _load(project_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        submission = phases.start_report(project, phase, step, current_user)
    except projects.ProjectForbidden:
        abort(403)
    except projects.ProjectError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".project_detail", project_id=project.id)), 303
    return redirect(url_for("workflow.detail", submission_id=submission.id)), 303


# ---------------------------------------------------------------- products


@bp.route("/projects/<int:project_id>/products", methods=["POST"])
@permission_required(VIEW)
def project_product_add(project_id):
    project = _load(project_id)
    require(projects.may_list_products(current_user, project))
    form = ProductForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for(".project_detail", project_id=project.id) + "#products")
    try:
        projects.add_product(project, {name: form[name].data for name in (
            "kind", "name", "quantity", "measure", "value", "description")}, current_user)
    except projects.ProjectForbidden:
        abort(403)
    except projects.ProjectError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Đã thêm sản phẩm."), "success")
    return redirect(url_for(".project_detail", project_id=project.id) + "#products")


@bp.route("/projects/<int:project_id>/products/<int:product_id>/delete", methods=["POST"])
@permission_required(VIEW)
def project_product_delete(project_id, product_id):
    project = _load(project_id)
    product = db.get_or_404(ItProjectProduct, product_id)
    if product.project_id != project.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        projects.delete_product(product, current_user)
    except projects.ProjectForbidden:
        abort(403)
    flash(_("Đã xoá sản phẩm."), "success")
    return redirect(url_for(".project_detail", project_id=project.id) + "#products")
