"""The hub page of the plugin; importing this module registers every page module's routes on ``bp``."""
from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from platform_core.access import can, permission_required
from plugins.provincial_reports import (  # noqa: F401  (each module adds its routes to bp)
    views_assign,
    views_dashboard,
    views_entry,
    views_exchange,
    views_library,
    views_regimes,
    views_tracking,
)
from plugins.provincial_reports.blueprint import bp

MANAGE = "provincial_reports.regime.manage"
# (section, label, endpoint, permission): the hub shows what the user may open.
LINKS = (
    ("report", _l("Báo cáo của đơn vị"), "provincial_reports.my_reports", "provincial_reports.report.view"),
    ("report", _l("Theo dõi tình hình gửi báo cáo"), "provincial_reports.tracking", "provincial_reports.report.view"),
    ("report", _l("Điểm chấp hành chế độ báo cáo"), "provincial_reports.compliance", "provincial_reports.report.view"),
    ("report", _l("Số liệu tổng hợp toàn tỉnh"), "provincial_reports.dashboard", "provincial_reports.report.view"),
    ("manage", _l("Chế độ báo cáo"), "provincial_reports.regimes", MANAGE),
    ("manage", _l("Chỉ tiêu dùng chung"), "provincial_reports.indicators", MANAGE),
    ("manage", _l("Phân tổ (giới tính, khu vực…)"), "provincial_reports.dimensions", MANAGE),
    ("manage", _l("Trao đổi dữ liệu (JSON)"), "provincial_reports.exchange", MANAGE),
)


@bp.route("/")
@permission_required("provincial_reports.report.view")
def index():
    links = [(section, label, endpoint) for section, label, endpoint, permission in LINKS
             if endpoint in current_app.view_functions and can(current_user, permission)]
    return render_template("provincial_reports/index.html", links=links)
