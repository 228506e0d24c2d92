"""Pages of the shared library (RPT-12): indicators and disaggregations, for holders of
``provincial_reports.regime.manage``."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from platform_core import db
from platform_core.access import permission_required
from platform_core.pagination import paginate
from platform_core.search.matching import contains
from plugins.provincial_reports import library
from plugins.provincial_reports.blueprint import bp
from plugins.provincial_reports.forms_regimes import (
    AGGREGATE_LABELS,
    DATA_TYPE_LABELS,
    DimensionForm,
    IndicatorForm,
    SearchForm,
    categories_text,
    parse_categories,
)
from plugins.provincial_reports.models import Dimension, Indicator

MANAGE = "provincial_reports.regime.manage"


def _labels() -> dict:
    return {"data_types": DATA_TYPE_LABELS, "aggregates": AGGREGATE_LABELS}


@bp.route("/indicators/")
@permission_required(MANAGE)
def indicators():
    form = SearchForm(formdata=request.args)
    stmt = select(Indicator)
    if form.validate() and form.q.data:
        stmt = stmt.where(or_(contains(Indicator.code, form.q.data), contains(Indicator.name, form.q.data)))
    page = paginate(stmt.order_by(Indicator.code))
    return render_template("provincial_reports/library/indicators.html", form=form, page=page,
                           q=form.q.data or "", **_labels())


def _indicator_page(form, indicator, problems, status):
    usage = library.indicator_usage(indicator) if indicator is not None else []
    return render_template("provincial_reports/library/indicator_form.html", form=form, indicator=indicator,
                           problems=problems, usage=usage, **_labels()), status


@bp.route("/indicators/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def indicator_new():
    form = IndicatorForm()
    if form.validate_on_submit():
        try:
            indicator = library.create_indicator(form.values(), current_user)
        except library.LibraryError as exc:
            return _indicator_page(form, None, exc.problems, 400)
        flash(_("Đã thêm chỉ tiêu %(code)s.", code=indicator.code), "success")
        return redirect(url_for(".indicators", q=indicator.code))
    return _indicator_page(form, None, [], 400 if form.is_submitted() else 200)


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def indicator_edit(indicator_id):
    indicator = db.get_or_404(Indicator, indicator_id)
    form = IndicatorForm()
    if not form.is_submitted():
        form.fill(indicator)
    if form.validate_on_submit():
        try:
            library.update_indicator(indicator, form.values(), current_user)
        except library.LibraryError as exc:
            db.session.rollback()
            return _indicator_page(form, indicator, exc.problems, 400)
        flash(_("Đã lưu chỉ tiêu %(code)s.", code=indicator.code), "success")
        return redirect(url_for(".indicators", q=indicator.code))
    return _indicator_page(form, indicator, [], 400 if form.is_submitted() else 200)


# ---------------------------------------------------------------------------------------------- dimensions


def _dimensions_page(form, problems, status):
    search = SearchForm(formdata=request.args)
    stmt = select(Dimension)
    if search.validate() and search.q.data:
        stmt = stmt.where(or_(contains(Dimension.code, search.q.data), contains(Dimension.name, search.q.data)))
    page = paginate(stmt.order_by(Dimension.code))
    return render_template("provincial_reports/library/dimensions.html", form=form, search=search, page=page,
                           problems=problems, q=search.q.data or ""), status


@bp.route("/dimensions/", methods=["GET", "POST"])
@permission_required(MANAGE)
def dimensions():
    form = DimensionForm()
    if form.validate_on_submit():
        try:
            dimension = library.create_dimension(form.code.data, form.name.data,
                                                 parse_categories(form.categories.data), current_user)
        except library.LibraryError as exc:
            return _dimensions_page(form, exc.problems, 400)
        flash(_("Đã thêm phân tổ %(code)s.", code=dimension.code), "success")
        return redirect(url_for(".dimensions"))
    return _dimensions_page(form, [], 400 if form.is_submitted() else 200)


@bp.route("/dimensions/<int:dimension_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def dimension_edit(dimension_id):
    dimension = db.get_or_404(Dimension, dimension_id)
    form = DimensionForm()
    if not form.is_submitted():
        form.name.data = dimension.name
        form.categories.data = categories_text(dimension.categories)
    problems, status = [], 200
    if form.validate_on_submit():
        try:
            library.update_dimension(dimension, form.name.data, parse_categories(form.categories.data),
                                     current_user)
        except library.LibraryError as exc:
            db.session.rollback()
            problems, status = exc.problems, 400
        else:
            flash(_("Đã lưu phân tổ %(code)s.", code=dimension.code), "success")
            return redirect(url_for(".dimensions"))
    elif form.is_submitted():
        status = 400
    return render_template("provincial_reports/library/dimension_form.html", form=form, dimension=dimension,
                           problems=problems, usage=library.dimension_usage(dimension)), status
