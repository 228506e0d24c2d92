"""Dashboard pages (CORE-15): compliance of the user's units (``/dashboard``, its CSV export) and the public
page of published figures (``/public``, no sign-in).

Both are computed on every request and sent with ``Cache-Control: no-store``: a report completed a minute
ago shows at once (seed 002 Đ12.4).
"""
import csv
import io
import logging
from decimal import Decimal

from flask import Blueprint, abort, current_app, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from platform_core import audit
from platform_core.access.service import permission_required, visible_unit_ids
from platform_core.core_hooks import OBLIGATIONS_VIEW
from platform_core.dashboard import charts, compliance
from platform_core.dashboard.forms import DashboardFilterForm
from platform_core.extensions import db
from platform_core.plugins.activation import is_active_anywhere
from platform_core.plugins.manager import get_registry
from platform_core.timeutil import format_date, format_datetime, local_today, utcnow
from platform_core.units.models import Unit

bp = Blueprint("dashboard", __name__)
log = logging.getLogger(__name__)
SOURCE = "Hệ thống thông tin báo cáo"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _regime_choices() -> list[tuple[str, str]]:
    return [(key, record.info.title) for key, record in get_registry().loaded.items()]


def period_text(period: compliance.Period) -> str:
    parts = []
    if period.start and period.end:
        parts.append(_("hạn nộp từ %(start)s đến %(end)s", start=format_date(period.start),
                       end=format_date(period.end)))
    elif period.start:
        parts.append(_("hạn nộp từ %(start)s", start=format_date(period.start)))
    elif period.end:
        parts.append(_("hạn nộp đến %(end)s", end=format_date(period.end)))
    if period.key:
        parts.append(_("kỳ báo cáo %(key)s", key=period.key))
    return ", ".join(parts)


def source_line(at) -> str:
    return _("Nguồn: %(source)s, cập nhật %(at)s", source=_(SOURCE), at=format_datetime(at))


def _no_store(response):
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def _build():
    """The filter form and the report it asks for (None while the filter is invalid)."""
    form = DashboardFilterForm(formdata=request.args)
    form.set_regimes(_regime_choices())
    if not form.validate():
        return form, None
    focus = None
    if form.unit_id() is not None:
        focus = db.session.get(Unit, form.unit_id())
        if focus is None:
            abort(404)
        if not compliance.may_focus(focus.id, visible_unit_ids(current_user, OBLIGATIONS_VIEW)):
            abort(403)
    return form, compliance.report(current_user, form.period_value(), form.regime.data or None, focus)


def _obligations_link(report, unit, regime):
    if "obligations.index" not in current_app.view_functions:
        return None
    args = {"unit": unit.code}
    if regime:
        args["plugin"] = regime
    if report.period.key:
        args["period"] = report.period.key
    return url_for("obligations.index", **args)


@bp.route("/dashboard", endpoint="compliance")
@permission_required(OBLIGATIONS_VIEW)
def compliance_view():
    form, report = _build()
    unit_chart = rate_chart = None
    if report is not None and not report.empty:
        unit_chart = charts.compliance_bars([(_row_name(row), row.counts) for row in report.rows])
        rate_chart = charts.rate_bars([(title, counts) for _k, title, counts in report.regimes])
    return _no_store(render_template(
        "dashboard/compliance.html", form=form, report=report, filters=form.used(),
        unit_chart=unit_chart, rate_chart=rate_chart, period_text=period_text(report.period) if report else "",
        obligations_link=lambda unit: _obligations_link(report, unit, form.regime.data),
        source=source_line(report.generated_at) if report else ""))


def _row_name(row) -> str:
    return _("%(name)s (riêng đơn vị)", name=row.unit.name) if row.own else row.unit.name


def safe_cell(value):
    """Spreadsheets run a cell starting with = + - @ as a formula: such text is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@bp.route("/dashboard/export.csv")
@permission_required(OBLIGATIONS_VIEW)
def compliance_csv():
    form, report = _build()
    if report is None:
        abort(400)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Tình hình báo cáo"), period_text(report.period)])
    writer.writerow([_("Mã đơn vị"), _("Đơn vị"), _("Phải nộp"), _("Đúng hạn"), _("Trễ hạn"),
                     _("Chưa nộp (quá hạn)"), _("Chưa đến hạn"), _("Tỷ lệ đúng hạn")])
    for row in report.rows:
        c = row.counts
        writer.writerow([safe_cell(row.unit.code), safe_cell(_row_name(row)), c.expected, c.on_time, c.late,
                         c.missing, c.not_yet_due, c.rate_text])
    t = report.total
    writer.writerow(["", _("Tổng cộng"), t.expected, t.on_time, t.late, t.missing, t.not_yet_due, t.rate_text])
    writer.writerow([])
    writer.writerow([source_line(report.generated_at)])
    audit.record("export", object_type="dashboard", object_id="compliance",
                 unit_id=report.focus.id if report.focus else None,
                 summary=f"Tải bảng tình hình báo cáo ({period_text(report.period)})")
    db.session.commit()
    response = make_response("\ufeff" + out.getvalue())
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="tinh-hinh-bao-cao-{local_today():%Y%m%d}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


def format_value(value) -> str:
    """Numbers the Vietnamese way (1.234.567,5); anything else as text."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, (float, Decimal)):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return str(value)


def _published_figures() -> list[dict]:
    """Every active plugin's published figures; a plugin that fails is logged and left out, never the
    whole page."""
    registry = get_registry()
    app = current_app._get_current_object()
    figures = []
    for key, record in registry.loaded.items():
        if not is_active_anywhere(key):
            continue
        try:
            answers = registry.results("published_figures", keys={key}, app=app)
        except Exception:
            log.exception("published_figures of plugin %s failed", key)
            continue
        for _key, items in answers:
            for item in items or []:
                figures.append({"regime": record.info.title, "title": item.get("title", ""),
                                "rows": [(label, format_value(v)) for label, v in item.get("rows", ())],
                                "source": item.get("source") or _(SOURCE)})
    return figures


@bp.route("/public")
def public():
    now = utcnow()
    active = {key for key in get_registry().loaded if is_active_anywhere(key)}
    per_regime = compliance.counts_by_regime(compliance.Period.year_so_far(), now=now)
    regimes = sorted(((compliance.regime_title(key), counts) for key, counts in per_regime.items()
                      if key in active and counts.due_so_far), key=lambda r: r[0])
    return _no_store(render_template(
        "dashboard/public.html", figures=_published_figures(), regimes=regimes, year=local_today().year,
        rate_chart=charts.rate_bars(regimes) if regimes else None, updated=format_datetime(now),
        source=source_line(now)))


def init_app(app):
    app.register_blueprint(bp)
