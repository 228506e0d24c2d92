"""Exchange page (RPT-11): download the regimes and the figures of a period as JSON, upload a document to
check it or import it. Everything here needs ``provincial_reports.regime.manage``; importing figures also
needs the enter permission on every unit of the file (the workflow's own rule)."""
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy import select
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from platform_core import audit
from platform_core.access import permission_required, visible_unit_ids
from platform_core.extensions import db
from platform_core.forms import BaseForm
from platform_core.timeutil import local_today
from plugins.provincial_reports import exchange, exchange_regimes
from plugins.provincial_reports.blueprint import bp
from plugins.provincial_reports.models import STATUS_DRAFT, Regime

MANAGE = "provincial_reports.regime.manage"


class UploadForm(BaseForm):
    file = FileField(_l("Tệp JSON"), validators=[FileRequired(_l("Chọn tệp JSON cần nhập.")),
                                                  FileAllowed(["json"], _l("Chỉ nhận tệp .json."))])
    confirm = BooleanField(_l("Tôi đã kiểm tra tệp; ghi dữ liệu vào hệ thống."))


class FiguresForm(BaseForm):
    """A GET form: the link to a figures file can be bookmarked."""

    class Meta:
        csrf = False

    regime = SelectField(_l("Chế độ báo cáo"), validators=[DataRequired(_l("Chọn chế độ báo cáo."))],
                         validate_choice=False)
    period = StringField(_l("Kỳ báo cáo"), validators=[DataRequired(_l("Nhập kỳ báo cáo, ví dụ 2026-10.")),
                                                      Length(max=10, message=_l("Tối đa %(max)d ký tự."))],
                         render_kw={"placeholder": "2026-10, 2026-Q3, 2026-H1, 2026"})


def _figures_form(formdata=None) -> FiguresForm:
    form = FiguresForm(formdata=formdata)
    regimes = db.session.scalars(select(Regime).where(Regime.status != STATUS_DRAFT).order_by(Regime.code))
    form.regime.choices = [("", _("— Chọn chế độ báo cáo —"))] + [(r.code, f"{r.code} — {r.name}") for r in regimes]
    return form


def _page(status: int = 200, upload=None, figures=None, problems=None, checked=None):
    return render_template("provincial_reports/exchange/index.html", upload=upload or UploadForm(),
                           figures=figures or _figures_form(), problems=problems or [], checked=checked,
                           format=exchange.FORMAT), status


def _json_file(document: dict, filename: str) -> Response:
    response = Response(exchange.dumps(document), mimetype="application/json")
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


def describe(result: exchange.ImportResult, check_only: bool) -> str:
    """What an import did (or would do, after a check), in one sentence."""
    counts = result.counts
    if result.kind == exchange.KIND_REGIMES:
        if check_only:
            return _("Tệp chế độ báo cáo hợp lệ: %(d)s phân tổ mới, %(i)s chỉ tiêu mới, %(r)s chế độ báo cáo. "
                     "Chưa ghi gì.", d=counts["dimensions"], i=counts["indicators"], r=counts["regimes"])
        return _("Đã nhập tệp chế độ báo cáo: %(summary)s", summary=exchange_regimes.summary(counts))
    if check_only:
        return _("Tệp số liệu hợp lệ: %(n)s đơn vị, chế độ %(code)s, kỳ %(period)s. Chưa ghi gì.",
                 n=counts["units"], code=counts["regime_code"], period=counts["period"])
    return _("Đã lập %(n)s báo cáo nháp kỳ %(period)s của chế độ %(code)s từ tệp; các đơn vị kiểm tra, hoàn thiện "
             "và nộp báo cáo.", n=counts["drafts_created"], period=counts["period"], code=counts["regime_code"])


@bp.route("/exchange", endpoint="exchange", methods=["GET", "POST"])
@permission_required(MANAGE)
def exchange_page():
    if request.method == "GET":
        return _page()
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(400, upload=form)
    check_only = request.form.get("action") != "import"
    if not check_only and not form.confirm.data:
        form.confirm.errors = [_("Tích ô xác nhận trước khi nhập, hoặc bấm “Kiểm tra tệp” để chỉ kiểm tra.")]
        return _page(400, upload=form)
    document, problems = exchange.read_document(form.file.data.read())
    if problems:
        return _page(400, upload=form, problems=problems)
    result = exchange.import_document(document, current_user, check_only=check_only)
    if not result.ok:
        return _page(400, upload=form, problems=result.problems)
    if check_only:
        return _page(upload=form, checked=describe(result, True))
    flash(describe(result, False), "success")
    return redirect(url_for(".exchange"))


@bp.route("/exchange/regimes.json")
@permission_required(MANAGE)
def exchange_regimes_file():
    document = exchange.export_regimes()
    audit.record("provincial_reports.exchange.export_regimes", object_type="provincial_reports_regimes",
                 summary=_("Xuất %(n)s chế độ báo cáo ra tệp trao đổi dữ liệu.", n=len(document["regimes"])))
    db.session.commit()
    return _json_file(document, f"che-do-bao-cao-{local_today():%Y-%m-%d}.json")


@bp.route("/exchange/figures.json")
@permission_required(MANAGE)
def exchange_figures_file():
    form = _figures_form(request.args)
    if not form.validate():
        return _page(400, figures=form)
    try:
        document = exchange.export_figures(form.regime.data, form.period.data,
                                           unit_ids=visible_unit_ids(current_user, MANAGE))
    except exchange.ExchangeError as exc:
        form.period.errors = [str(exc)]
        return _page(400, figures=form)
    audit.record("provincial_reports.exchange.export_figures", object_type="provincial_reports_regimes",
                 summary=_("Xuất số liệu kỳ %(period)s của chế độ %(code)s (%(n)s đơn vị) ra tệp trao đổi dữ liệu.",
                           period=document["period"], code=document["regime_code"], n=len(document["units"])))
    db.session.commit()
    return _json_file(document, f"so-lieu-{document['regime_code']}-{document['period']}.json")
