"""Helpers shared by the dashboard and search tests."""
from datetime import UTC, datetime, time, timedelta

from platform_core.obligations import calendar
from platform_core.obligations.models import STATUS_LATE, STATUS_OPEN, STATUS_SUBMITTED, Obligation
from platform_core.timeutil import LOCAL_TZ

PLUGINS = {"PLUGIN_MODULES": "pcdash=fixtures_dashboard.pcdash_on,pcdashoff=fixtures_dashboard.pcdash_off"}


def local_noon(day):
    return datetime.combine(day, time(12), LOCAL_TZ).astimezone(UTC)


def obligation(db, unit, title, due, submitted=None, status=None, plugin_key="pcdash", commit=True):
    """An obligation of ``unit`` due at the end of local day ``due``, submitted at noon of ``submitted``."""
    if status is None:
        status = STATUS_SUBMITTED if submitted else (STATUS_OPEN if due >= datetime.now(LOCAL_TZ).date()
                                                     else STATUS_LATE)
    row = Obligation(plugin_key=plugin_key, rule_key=f"{plugin_key}.adhoc", unit_id=unit.id, title=title,
                     subject_ref=title, period_key=due.isoformat(), period_start=due - timedelta(days=30),
                     period_end=due, due_at=calendar.due_instant(due), status=status,
                     submitted_at=local_noon(submitted) if submitted else None)
    db.session.add(row)
    if commit:
        db.session.commit()
    return row
