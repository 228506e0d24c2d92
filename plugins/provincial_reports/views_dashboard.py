"""The province's figures (RPT-08): a regime's totals for a period, an indicator's trend over the last
periods, how many units completed, and extracts of the units' figures in CSV, XLSX and PDF.

Both need ``provincial_reports.report.view`` somewhere. The totals are the province's (see
``dashboard.py``); an extract lists only the units where the user holds the permission. Pages are
computed on every request and sent with ``Cache-Control: no-store``, like the core's dashboards.
"""
import re

from flask import abort, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from platform_core import audit
from platform_core.access import permission_required, visible_unit_ids
from platform_core.extensions import db
from platform_core.timeutil import format_datetime, utcnow
from plugins.provincial_reports import dashboard, extracts
from plugins.provincial_reports.blueprint import bp
from plugins.provincial_reports.dashboard_chart import trend_columns

VIEW = "provincial_reports.report.view"
PERIOD = re.compile(r"\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?")
PERIOD_CHOICES = 60
MISSING_SHOWN = 30
MAX_ID = 2**31 - 1  # larger ids cannot exist, and PostgreSQL refuses to compare an integer column with them


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _regime(regime_id):
    """The regime asked for (404 when unknown or still a draft)."""
    from plugins.provincial_reports.models import STATUS_DRAFT, Regime

    regime = db.session.get(Regime, regime_id) if 0 < regime_id <= MAX_ID else None
    if regime is None or regime.status == STATUS_DRAFT:
        abort(404, description=_("Không tìm thấy chế độ báo cáo này."))
    return regime


def _bad_period(value: str) -> str | None:
    """The message for a period key that cannot be one, else None."""
    if value and not PERIOD.fullmatch(value):
        return _("Kỳ báo cáo “%(period)s” không hợp lệ; ví dụ 2026-03, 2026-Q1, 2026-H1, 2026.", period=value[:40])
    return None


def _default_period(regime, keys: list[str]) -> str | None:
    for key in keys[:dashboard.PUBLISHED_LOOKBACK]:
        if dashboard.completion(regime, key).complete:
            return key
    for key in keys[:dashboard.PUBLISHED_LOOKBACK]:
        if dashboard.final_reports(regime, key):
            return key
    return keys[0] if keys else None


@bp.route("/dashboard", endpoint="dashboard")
@permission_required(VIEW)
def dashboard_view():
    regimes = dashboard.regimes()
    context = {"regimes": regimes, "regime": None, "period_keys": [], "period": None, "figures": None,
               "indicator": None, "chart": None, "error": None, "updated": format_datetime(utcnow()),
               "source": dashboard.SOURCE, "missing_shown": MISSING_SHOWN}
    regime_arg = request.args.get("regime", "").strip()
    period_arg = request.args.get("period", "").strip()
    error = (_("Chế độ báo cáo không hợp lệ.") if regime_arg and not regime_arg.isdigit()
             else _bad_period(period_arg))
    if error:
        context["error"] = error
        return _no_store(make_response(render_template("provincial_reports/dashboard/index.html", **context), 400))
    regime = _regime(int(regime_arg)) if regime_arg else (regimes[0] if regimes else None)
    context["regime"] = regime
    if regime is not None:
        keys = dashboard.periods(regime, PERIOD_CHOICES)
        period = period_arg or _default_period(regime, keys)
        if period and period not in keys:
            keys = sorted({*keys, period}, reverse=True)
        context.update(period_keys=keys, period=period)
        if period:
            context.update(_figures(regime, period, keys, request.args.get("indicator", "").strip()))
    return _no_store(make_response(render_template("provincial_reports/dashboard/index.html", **context)))


def _figures(regime, period: str, keys: list[str], wanted: str) -> dict:
    figures = dashboard.province_figures(regime, period)
    codes = [f["code"] for f in figures["figures"]]
    published = [f["code"] for f in figures["figures"] if f["published"]]
    indicator = wanted if wanted in codes else (published or codes or [None])[0]
    chart = None
    if indicator:
        shown = [k for k in keys if k <= period][:dashboard.TREND_PERIODS]
        figure = next(f for f in figures["figures"] if f["code"] == indicator)
        title = _("%(indicator)s — toàn tỉnh, %(n)s kỳ gần nhất", indicator=figure["name"], n=len(shown))
        points = dashboard.trend(regime, indicator, shown)
        if any(value is not None for _key, _text, value in points):
            chart = trend_columns(points, title)
    return {"figures": figures, "indicator": indicator, "chart": chart}


@bp.route("/dashboard/extract/<int:regime_id>/<period>.<fmt>")
@permission_required(VIEW)
def extract(regime_id, period, fmt):
    if fmt not in extracts.FORMATS:
        abort(404)
    regime = _regime(regime_id)
    if _bad_period(period):
        abort(404)
    unit_ids = set(db.session.scalars(visible_unit_ids(current_user, VIEW)))
    data = extracts.build(regime, period, unit_ids)
    body = {"csv": extracts.to_csv, "xlsx": extracts.to_xlsx, "pdf": extracts.to_pdf}[fmt](data)
    summary = f"Trích xuất số liệu «{regime.name}» kỳ {data.period} ({fmt.upper()}, {len(data.rows)} đơn vị)"
    audit.record("provincial_reports.extract", object_type="provincial_reports_regimes", object_id=regime.id,
                 summary=summary)
    db.session.commit()
    response = make_response(body)
    response.headers["Content-Type"] = extracts.FORMATS[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="{data.filename_stem}.{fmt}"'
    return _no_store(response)
