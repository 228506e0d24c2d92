"""Which report type a submission answers, and may this user see the submission?

Both questions belong to the workflow part (``workflow.registry``, ``workflow.service.may_view``); until
those modules exist this module answers them itself from the plugins' hooks and ``can()``, so documents
work either way.
"""
import importlib
import importlib.util

from flask import current_app

from platform_core.access.service import can


def _module(name):
    return importlib.import_module(name) if importlib.util.find_spec(name) is not None else None


def get_report_type(key: str):
    """The :class:`~platform_core.plugins.types.ReportType` named ``key``; KeyError if none declares it."""
    registry = _module("platform_core.workflow.registry")
    if registry is not None and hasattr(registry, "get_report_type"):
        return registry.get_report_type(key)
    for _plugin, declared in current_app.extensions["plugins"].results("register_report_types", app=current_app):
        for report_type in declared or ():
            if report_type.key == key:
                return report_type
    raise KeyError(key)


def may_view(user, submission) -> bool:
    """May ``user`` read ``submission`` (and so export it)?"""
    service = _module("platform_core.workflow.service")
    if service is not None and hasattr(service, "may_view"):
        return bool(service.may_view(user, submission))
    try:
        report_type = get_report_type(submission.report_type_key)
    except KeyError:
        return False
    permissions = (report_type.enter_permission, report_type.approve_permission, report_type.send_permission,
                   report_type.consolidate_permission)
    return any(p and can(user, p, submission.unit_id) for p in permissions)
