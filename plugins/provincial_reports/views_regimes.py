"""Pages of the regime builder (RPT-02): the list, metadata, the outline and tables editor, the preview as
units will see it (page and PDF) and the regime's life (activate, retire, delete). Every page needs
``provincial_reports.regime.manage``; what is allowed is decided by ``regimes.py``."""
from types import SimpleNamespace

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import TemplateNotFound
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from platform_core import db
from platform_core.access import permission_required
from platform_core.pagination import paginate
from platform_core.search.matching import contains
from platform_core.units.models import UNIT_ACTIVE, Unit
from plugins.provincial_reports import fields, regimes
from plugins.provincial_reports.blueprint import bp
from plugins.provincial_reports.forms_regimes import (
    DEADLINE_MODES,
    ConfirmForm,
    RegimeForm,
    SearchForm,
    StructureForm,
    choices,
    structure_data,
)
from plugins.provincial_reports.models import Dimension, Regime

MANAGE = "provincial_reports.regime.manage"
ASSIGN_ENDPOINT = "provincial_reports.regime_assign"
GRID_TEMPLATE = "provincial_reports/_grid.html"
DOCUMENT_TEMPLATE = fields.DOCUMENT_TEMPLATE
RECEIVING_UNITS_MAX = 500


def _regime(regime_id: int) -> Regime:
    return db.get_or_404(Regime, regime_id)


def _words() -> dict:
    return {"kinds": regimes.KIND_LABELS, "statuses": regimes.STATUS_LABELS, "frequency_label": regimes.frequency_label,
            "deadline_words": regimes.deadline_words}


# ---------------------------------------------------------------------------------------------- list


@bp.route("/regimes/", endpoint="regimes")
@permission_required(MANAGE)
def regimes_list():
    form = SearchForm(formdata=request.args)
    stmt = select(Regime)
    if form.validate():
        if form.q.data:
            stmt = stmt.where(or_(contains(Regime.code, form.q.data), contains(Regime.name, form.q.data)))
        if form.status.data:
            stmt = stmt.where(Regime.status == form.status.data)
    page = paginate(stmt.order_by(Regime.code))
    return render_template("provincial_reports/regimes/list.html", form=form, page=page, filters=form.used(),
                           **_words())


# ---------------------------------------------------------------------------------------------- metadata


def _receiving_choices(keep: int | None) -> list:
    """Units that receive reports: the top two levels of the tree (the province, its departments and
    districts), plus the one already chosen."""
    parent = aliased(Unit)
    stmt = (select(Unit).outerjoin(parent, Unit.parent_id == parent.id)
            .where(Unit.status == UNIT_ACTIVE, or_(Unit.parent_id.is_(None), parent.parent_id.is_(None)))
            .order_by(Unit.code).limit(RECEIVING_UNITS_MAX))
    units = list(db.session.scalars(stmt))
    if keep and all(u.id != keep for u in units):
        kept = db.session.get(Unit, keep)
        units += [kept] if kept is not None else []
    return choices([(str(u.id), f"{u.code} — {u.name}") for u in units], _("Chưa chọn"))


def _form_page(form, regime, problems, status):
    return render_template("provincial_reports/regimes/form.html", form=form, regime=regime, problems=problems,
                           adhoc=regimes.ADHOC), status


@bp.route("/regimes/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def regime_new():
    form = RegimeForm()
    form.receiving_unit_id.choices = form.lead_unit_id.choices = _receiving_choices(None)
    if not form.is_submitted():
        form.deadline_mode.data, form.deadline_value.data = "due_day", "20"
    if form.validate_on_submit():
        try:
            regime = regimes.create_regime(form.values(), current_user)
        except regimes.RegimeError as exc:
            return _form_page(form, None, exc.problems, 400)
        flash(_("Đã tạo chế độ báo cáo %(code)s (dự thảo). Hãy soạn đề cương và biểu số liệu.", code=regime.code),
              "success")
        return redirect(url_for(".regime_structure", regime_id=regime.id))
    return _form_page(form, None, [], 400 if form.is_submitted() else 200)


@bp.route("/regimes/<int:regime_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def regime_edit(regime_id):
    regime = _regime(regime_id)
    form = RegimeForm()
    form.receiving_unit_id.choices = _receiving_choices(regime.receiving_unit_id)
    form.lead_unit_id.choices = _receiving_choices(regime.lead_unit_id)
    if not form.is_submitted():
        form.fill(regime)
    if form.validate_on_submit():
        try:
            regimes.update_regime(regime, form.values(), current_user)
        except regimes.RegimeError as exc:
            return _form_page(form, regime, exc.problems, 400)
        flash(_("Đã lưu thông tin chế độ báo cáo %(code)s.", code=regime.code), "success")
        return redirect(url_for(".regime_detail", regime_id=regime.id))
    return _form_page(form, regime, [], 400 if form.is_submitted() else 200)


# ---------------------------------------------------------------------------------------------- detail


def _detail(regime: Regime, problems=(), status: int = 200, confirm_errors: str | None = None):
    assign_url = url_for(ASSIGN_ENDPOINT, regime_id=regime.id) if ASSIGN_ENDPOINT in current_app.view_functions \
        else None
    return render_template(
        "provincial_reports/regimes/detail.html", regime=regime,
        versions=sorted(regime.versions, key=lambda v: v.number),
        counts=regimes.submission_counts(regime), may_delete=regimes.may_delete(regime), assign_url=assign_url,
        confirm_form=ConfirmForm(formdata=None), problems=list(problems), confirm_for=confirm_errors,
        deadline_modes=DEADLINE_MODES, **_words()), status


@bp.route("/regimes/<int:regime_id>")
@permission_required(MANAGE)
def regime_detail(regime_id):
    return _detail(_regime(regime_id))


def _life_action(regime_id: int, action, done: str, conflict_status: int = 400):
    regime = _regime(regime_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _detail(regime, [_("Đánh dấu ô xác nhận trước khi thực hiện.")], 400, request.endpoint)
    try:
        action(regime, current_user)
    except regimes.RegimeError as exc:
        return _detail(regime, exc.problems, conflict_status)
    flash(done, "success")
    return None


@bp.route("/regimes/<int:regime_id>/activate", methods=["POST"])
@permission_required(MANAGE)
def regime_activate(regime_id):
    answer = _life_action(regime_id, regimes.activate, _("Chế độ báo cáo đã được đưa vào áp dụng."))
    return answer or redirect(url_for(".regime_detail", regime_id=regime_id))


@bp.route("/regimes/<int:regime_id>/retire", methods=["POST"])
@permission_required(MANAGE)
def regime_retire(regime_id):
    answer = _life_action(regime_id, regimes.retire, _("Chế độ báo cáo đã ngừng áp dụng; báo cáo đã có vẫn được "
                                                       "giữ nguyên."))
    return answer or redirect(url_for(".regime_detail", regime_id=regime_id))


@bp.route("/regimes/<int:regime_id>/delete", methods=["POST"])
@permission_required(MANAGE)
def regime_delete(regime_id):
    answer = _life_action(regime_id, regimes.delete_regime, _("Đã xoá chế độ báo cáo."), conflict_status=409)
    return answer or redirect(url_for(".regimes"))


# ---------------------------------------------------------------------------------------------- structure


def _dimension_choices() -> list:
    rows = db.session.scalars(select(Dimension).order_by(Dimension.code))
    return choices([(d.code, f"{d.name} ({', '.join(c['label'] for c in d.categories or [])})") for d in rows],
                   _("Không phân tổ (một cột giá trị)"))


def _form_problems(form) -> list[str]:
    """What WTForms refused (a text too long), each named by its slot and label."""
    out = []
    for name, field in form._fields.items():
        if name in ("sections", "tables"):
            what = _("Mục %(n)d") if name == "sections" else _("Biểu %(n)d")
            for number, entry in enumerate(field.entries, start=1):
                for sub in entry.form:
                    out += [f"{what % {'n': number}} — {sub.label.text}: {error}" for error in sub.errors]
        else:
            out += [f"{field.label.text}: {error}" for error in field.errors]
    return out or [_("Biểu mẫu không hợp lệ; tải lại trang và thử lại.")]


def _structure_page(regime, form, problems, status):
    indicators, dimensions = fields.library()
    return render_template(
        "provincial_reports/regimes/structure.html", regime=regime, form=form, problems=problems,
        new_version=regimes.needs_new_version(regime), latest=regime.versions[-1] if regime.versions else None,
        period_example=regimes.period_example(regime.frequency),
        library_indicators=sorted((i for i in indicators.values() if i.active), key=lambda i: i.code),
        library_dimensions=sorted(dimensions.values(), key=lambda d: d.code), **_words()), status


def _add_slot(field) -> None:
    if field.max_entries is None or len(field.entries) < field.max_entries:
        field.append_entry()


@bp.route("/regimes/<int:regime_id>/structure", methods=["GET", "POST"])
@permission_required(MANAGE)
def regime_structure(regime_id):
    """The outline and tables editor: repeated rows, no JavaScript needed. "Thêm mục"/"Thêm biểu" send
    the form back and get it again with one more empty slot; "Lưu" checks and stores."""
    regime = _regime(regime_id)
    dimension_choices = _dimension_choices()
    if request.method == "GET":
        definition = regime.versions[-1].definition if regime.versions else {}
        form = StructureForm(data=structure_data(definition or {}))
        _add_slot(form.sections)
        _add_slot(form.tables)
        form.set_dimensions(dimension_choices)
        return _structure_page(regime, form, [], 200)
    form = StructureForm()
    action = request.form.get("action", "save")
    if action in ("add_section", "add_table"):
        _add_slot(form.sections if action == "add_section" else form.tables)
        form.set_dimensions(dimension_choices)
        return _structure_page(regime, form, [], 200)
    form.set_dimensions(dimension_choices)
    if not form.validate_on_submit():
        return _structure_page(regime, form, _form_problems(form), 400)
    try:
        version = regimes.save_definition(regime, form.definition(), current_user, valid_from=form.valid_from.data,
                                          note=form.note.data or "")
    except regimes.RegimeError as exc:
        return _structure_page(regime, form, exc.problems, 400)
    if version.number > 1 and version.valid_from and form.valid_from.data:
        flash(_("Đã lưu phiên bản %(n)d, áp dụng từ kỳ %(period)s.", n=version.number, period=version.valid_from),
              "success")
    else:
        flash(_("Đã lưu nội dung chế độ báo cáo."), "success")
    return redirect(url_for(".regime_detail", regime_id=regime.id))


# ---------------------------------------------------------------------------------------------- preview


def _version(regime: Regime):
    number = request.args.get("version", type=int)
    versions = sorted(regime.versions, key=lambda v: v.number)
    if not versions:
        abort(404)
    if number is None:
        return versions[-1]
    found = next((v for v in versions if v.number == number), None)
    if found is None:
        abort(404)
    return found


def _template_exists(name: str) -> bool:
    try:
        current_app.jinja_env.get_template(name)
    except TemplateNotFound:
        return False
    return True


def _grid(definition: dict):
    """The entry grid of the entry pages (``grid.py`` and ``_grid.html``) when they are there, else None
    (the preview then lays the tables out itself)."""
    if not _template_exists(GRID_TEMPLATE):
        return None
    try:
        from plugins.provincial_reports import grid
    except ImportError:
        return None
    return grid.build(definition or {})


def _preview_tables(definition: dict) -> list[dict]:
    indicators, dimensions = fields.library()
    computed = fields.formula_targets(definition)
    out = []
    for table in definition.get("tables", []):
        columns = fields.columns(table, dimensions)
        rows = []
        for row in table.get("rows", []):
            indicator = indicators.get(row.get("indicator"))
            rows.append({"code": row.get("indicator"), "indicator": indicator, "required": bool(row.get("required")),
                         "computed": {c.key for c in columns if f"{row.get('indicator')}.{c.key}" in computed}})
        out.append({"key": table.get("key"), "title": table.get("title"), "columns": columns, "rows": rows,
                    "formulas": table.get("formulas", [])})
    return out


@bp.route("/regimes/<int:regime_id>/preview")
@permission_required(MANAGE)
def regime_preview(regime_id):
    regime = _regime(regime_id)
    version = _version(regime)
    definition = version.definition or {}
    return render_template("provincial_reports/regimes/preview.html", regime=regime, version=version,
                           definition=definition, g=_grid(definition), tables=_preview_tables(definition),
                           **_words())


def _blank_submission(regime: Regime, version):
    unit = SimpleNamespace(name="………", code="", abbreviation="", parent=None)
    return SimpleNamespace(id=0, unit=unit, unit_id=None, period_key=None, title=regime.name, status="draft",
                           is_consolidated=False, data={}, obligation=None, document_number=None,
                           report_type_key=version.report_type_key)


def _blank_rows(report_type) -> list:
    return [SimpleNamespace(number=n, name=f.name, label=f.label, kind=f.kind, value=None, text="", unit=f.unit,
                            align="left") for n, f in enumerate(report_type.fields, start=1)]


@bp.route("/regimes/<int:regime_id>/preview.pdf")
@permission_required(MANAGE)
def regime_preview_pdf(regime_id):
    """An empty report of the regime as a PDF, through the core's document layout (Nghị định 30/2020)."""
    from platform_core.documents.header import DocumentHeader, source_line
    from platform_core.documents.pdf import DocumentError
    from platform_core.documents.render import render_html_document, to_pdf

    regime = _regime(regime_id)
    version = _version(regime)
    indicators, dimensions = fields.library()
    report_type = fields.build_report_type(regime, version, indicators, dimensions)
    receiving = regime.receiving_unit.name if regime.receiving_unit else ""
    header = DocumentHeader(issuing_body="………", title=regime.name, number="………/BC", period="Kỳ báo cáo: ………",
                            addressee=receiving, distribution=(f"{receiving};",) if receiving else (),
                            source=source_line("………"))
    context = {"document": header, "submission": _blank_submission(regime, version), "report_type": report_type,
               "fields": report_type.fields, "values": {}, "rows": _blank_rows(report_type), "regime": regime,
               "version": version, "definition": version.definition or {}, "preview": True}
    try:
        pdf = to_pdf(render_html_document(DOCUMENT_TEMPLATE, context))
    except DocumentError:
        current_app.logger.exception("regime preview PDF failed")
        flash(_("Chưa tạo được bản PDF xem trước; thử lại sau."), "error")
        return redirect(url_for(".regime_preview", regime_id=regime.id, version=version.number))
    filename = f"xem-truoc-{regime.code.lower()}-v{version.number}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})

