"""Not tests: the fake regime ``pcapi`` and helpers shared by ``tests/test_api_*.py``.

The API tests load this module as a plugin (``PLUGIN_MODULES = "pcapi=test_api_support"``): one
monthly obligation rule and one report type with a field of every kind, and roles for entering and
approving it."""
from datetime import date

from platform_core import Permission, PluginInfo, RoleSpec, hookimpl
from platform_core.obligations.rules import Periodic
from platform_core.plugins.types import FieldSpec, ReportType

KEY = "pcapi"
OVERRIDES = {"PLUGIN_MODULES": f"{KEY}=test_api_support"}
ENTER, APPROVE, SEND = "pcapi.report.enter", "pcapi.report.approve", "pcapi.report.send"
REPORT = "pcapi.monthly"


@hookimpl
def register_plugin(app):
    return PluginInfo(key=KEY, title="Chế độ báo cáo thử nghiệm API", version="0.1", regulation="(thử nghiệm)")


@hookimpl
def register_permissions(app):
    return [Permission(ENTER, "Nhập báo cáo thử nghiệm"), Permission(APPROVE, "Duyệt báo cáo thử nghiệm"),
            Permission(SEND, "Gửi báo cáo thử nghiệm")]


@hookimpl
def register_roles(app):
    return [RoleSpec("pcapi.reporter", "Cán bộ nhập báo cáo thử nghiệm", (ENTER,)),
            RoleSpec("pcapi.leader", "Lãnh đạo duyệt báo cáo thử nghiệm", (APPROVE, SEND))]


@hookimpl
def register_obligation_rules(app):
    return [Periodic(REPORT, "Báo cáo tháng thử nghiệm", "calendar_month", due_day=18,
                     unit_types=("department",))]


@hookimpl
def register_report_types(app):
    return [ReportType(
        key=REPORT, title="Báo cáo tháng về dân số", enter_permission=ENTER, approve_permission=APPROVE,
        send_permission=SEND, rule_keys=(REPORT,),
        fields=(
            FieldSpec("population", "Dân số", kind="int", unit="người", required=True),
            FieldSpec("budget", "Kinh phí", kind="decimal", unit="triệu đồng"),
            FieldSpec("note", "Ghi chú", kind="text", aggregate="none"),
            FieldSpec("surveyed_on", "Ngày khảo sát", kind="date", aggregate="none"),
        ),
    )]


def enable(runner):
    result = runner.invoke(args=["plugins", "enable", KEY])
    assert result.exit_code == 0, result.output


def token_for(user, name="Hệ thống báo cáo quốc gia", expires_at=None) -> str:
    """A fresh token of ``user``; returns the secret."""
    from platform_core.api import tokens
    from platform_core.extensions import db

    _token, secret = tokens.issue(user, name, expires_at)
    db.session.commit()
    return secret


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def add_obligation(unit, period: str, due: date, status="open", plugin=KEY, rule=REPORT):
    """An obligation row as generation would write it."""
    from platform_core.extensions import db
    from platform_core.obligations.calendar import due_instant
    from platform_core.obligations.models import Obligation

    obligation = Obligation(plugin_key=plugin, rule_key=rule, unit_id=unit.id, title=f"Báo cáo tháng {period}",
                            period_key=period, due_at=due_instant(due), status=status, subject_ref="")
    db.session.add(obligation)
    db.session.commit()
    return obligation
