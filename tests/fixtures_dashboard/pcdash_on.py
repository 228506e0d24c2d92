"""An active regime: one report type, published figures and search hits."""
import unicodedata

from platform_core import FieldSpec, Permission, PluginInfo, ReportType, RoleSpec, SearchHit, hookimpl

KEY = "pcdash"
TITLE = "Chế độ báo cáo bảng điều khiển"
PROJECTS = ["Dự án cấp nước Nghệ An", "Dự án đường Hà Nội"]


@hookimpl
def register_plugin(app):
    return PluginInfo(key=KEY, title=TITLE, version="0.1", regulation="(thử nghiệm)")


@hookimpl
def register_permissions(app):
    return [Permission("pcdash.report.enter", "Nhập báo cáo thử nghiệm"),
            Permission("pcdash.report.approve", "Duyệt báo cáo thử nghiệm")]


@hookimpl
def register_roles(app):
    return [RoleSpec("pcdash.reporter", "Cán bộ báo cáo thử nghiệm", ("pcdash.report.enter",))]


@hookimpl
def register_report_types(app):
    return [ReportType("pcdash.monthly", "Báo cáo tháng thử nghiệm", (FieldSpec("count", "Số lượng"),),
                       enter_permission="pcdash.report.enter", approve_permission="pcdash.report.approve",
                       send_permission="pcdash.report.approve")]


@hookimpl
def published_figures(app):
    return [{"title": "Dự án đã hoàn thành", "rows": [("Số dự án", 12), ("Kinh phí (triệu đồng)", 1234.5)],
             "source": "Báo cáo thử nghiệm của các đơn vị"}]


def _bare(text):
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return text.replace("đ", "d").replace("Đ", "D").lower()


@hookimpl
def search(query, user):
    return [SearchHit(title, f"/p/pcdash/projects/{i}", "Dự án thử nghiệm", kind="Dự án")
            for i, title in enumerate(PROJECTS) if _bare(query) in _bare(title)]
