"""Who consolidates whom under a regime, on top of the core's consolidation.

Two shapes occur in Nghệ An:

- by the tree: a district consolidates the assigned communes directly under it, the province its
  districts and departments (QĐ 09/2024 Đ7.3, Đ11);
- by coordination: the regime's lead unit consolidates every other assigned unit wherever it sits — the
  monthly socio-economic figures, which Sở Kế hoạch và Đầu tư compiles from Finance, Industry and
  Trade, Tax, Statistics, the State Treasury and the Economic Zone authority (Đ14).

The figures, traces, missing and late marks are the core's (``workflow.consolidation``).
"""
from flask_babel import gettext as _

from platform_core.workflow import service


def contributors(regime, unit, assigned=None) -> list:
    """The assigned units whose reports ``unit`` consolidates under ``regime`` (empty: none). ``assigned``
    (the regime's resolved units) saves resolving them again for every unit of a list."""
    from plugins.provincial_reports.assignment import resolve_units

    assigned = [u for u in (resolve_units(regime) if assigned is None else assigned) if u.id != unit.id]
    if regime.lead_unit_id is not None:
        return assigned if unit.id == regime.lead_unit_id else []
    return [u for u in assigned if u.parent_id == unit.id]


def contributors_of(report_type, unit) -> list | None:
    """``ReportType.contributors`` of every regime version: the core asks it whenever it consolidates,
    from any page, the API or a job, so the lead unit's rule holds everywhere."""
    from plugins.provincial_reports import fields

    version = fields.version_of(report_type.key)
    if version is None or version.regime.lead_unit_id is None:
        return None  # the tree: the core takes the children that owe the report or have one
    return contributors(version.regime, unit)


def consolidate(regime, report_type_key: str, unit, period_key: str, user):
    """Build or rebuild ``unit``'s report from its contributors' approved reports (core consolidation)."""
    units = contributors(regime, unit)
    if not units:
        raise service.WorkflowError(_("Đơn vị này không tổng hợp báo cáo của đơn vị nào theo chế độ này."))
    return service.consolidate(unit, report_type_key, period_key, user, child_units=units)
