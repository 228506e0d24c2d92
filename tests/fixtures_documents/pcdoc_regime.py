"""A regime whose report types exercise the document renderer."""
from pathlib import Path

from flask import Blueprint

from platform_core import FieldSpec, Permission, PluginInfo, ReportType, RoleSpec, hookimpl

KEY = "pcdoc"
ENTER, APPROVE, SEND = "pcdoc.report.enter", "pcdoc.report.approve", "pcdoc.report.send"
LONG_ROWS = 1000


def _report(key, title, fields, **extra):
    return ReportType(f"{KEY}.{key}", title, tuple(fields), enter_permission=ENTER, approve_permission=APPROVE,
                      send_permission=SEND, **extra)


@hookimpl
def register_plugin(app):
    return PluginInfo(key=KEY, title="Chế độ báo cáo thử tài liệu", version="0.1", regulation="(thử nghiệm)")


@hookimpl
def register_permissions(app):
    return [Permission(ENTER, "Nhập báo cáo"), Permission(APPROVE, "Duyệt báo cáo"), Permission(SEND, "Gửi báo cáo")]


@hookimpl
def register_roles(app):
    return [RoleSpec("pcdoc.reporter", "Cán bộ báo cáo", (ENTER,)),
            RoleSpec("pcdoc.leader", "Lãnh đạo", (ENTER, APPROVE, SEND))]


@hookimpl
def register_blueprints(app):
    return [Blueprint(KEY, __name__, template_folder=str(Path(__file__).parent / "templates"))]


@hookimpl
def register_report_types(app):
    return [
        _report("figures", "Báo cáo số liệu thử nghiệm", [
            FieldSpec("population", "Dân số trung bình", "int", "người"),
            FieldSpec("revenue", "Thu ngân sách", "decimal", "triệu đồng"),
            FieldSpec("note", "Ghi chú", "text"),
            FieldSpec("closing", "Ngày chốt số liệu", "date"),
            FieldSpec("formula", "Ô văn bản 1", "text"),
            FieldSpec("plus", "Ô văn bản 2", "text"),
            FieldSpec("minus", "Ô văn bản 3", "text"),
            FieldSpec("at", "Ô văn bản 4", "text"),
        ]),
        _report("long", "Báo cáo nhiều chỉ tiêu",
                [FieldSpec(f"f{i}", f"Chỉ tiêu số {i}", "int", "cái") for i in range(1, LONG_ROWS + 1)]),
        _report("custom", "Báo cáo theo mẫu riêng", [FieldSpec("schools", "Số trường học", "int", "trường")],
                document_template="pcdoc/report.html", document_code="BC"),
    ]
