"""A fake regime whose one report type must be signed before it is sent."""
from platform_core import FieldSpec, Permission, PluginInfo, ReportType, RoleSpec, hookimpl

KEY = "pcsig"
REPORT = "pcsig.monthly"
ENTER, APPROVE, SEND = "pcsig.report.enter", "pcsig.report.approve", "pcsig.report.send"


@hookimpl
def register_plugin(app):
    return PluginInfo(key=KEY, title="Chế độ báo cáo thử nghiệm ký số", version="0.1", regulation="(thử nghiệm)")


@hookimpl
def register_permissions(app):
    return [Permission(ENTER, "Nhập báo cáo thử nghiệm"), Permission(APPROVE, "Phê duyệt báo cáo thử nghiệm"),
            Permission(SEND, "Ký và gửi báo cáo thử nghiệm")]


@hookimpl
def register_roles(app):
    return [
        RoleSpec("pcsig.clerk", "Cán bộ nhập liệu thử nghiệm", (ENTER,)),
        RoleSpec("pcsig.approver", "Lãnh đạo phê duyệt thử nghiệm", (ENTER, APPROVE)),
        RoleSpec("pcsig.leader", "Lãnh đạo ký gửi thử nghiệm", (ENTER, APPROVE, SEND)),
    ]


@hookimpl
def register_report_types(app):
    return [ReportType(REPORT, "Báo cáo tháng thử nghiệm ký số",
                       (FieldSpec("households", "Số hộ được hỗ trợ", "int", "hộ"),
                        FieldSpec("note", "Ghi chú", "text", aggregate="none")),
                       enter_permission=ENTER, approve_permission=APPROVE, send_permission=SEND,
                       requires_signature=True)]
