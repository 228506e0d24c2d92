"""Helpers shared by the obligation tests."""
from datetime import timedelta

from platform_core.obligations.models import STATUS_OPEN, Obligation

REGIME = {"PLUGIN_MODULES": "pcob=fixtures_obligations.pcob_regime"}


def make_obligation(db, unit, title, due, status=STATUS_OPEN, plugin_key="pcob", rule_key="pcob.adhoc",
                    period_key=None, submitted_at=None):
    """An obligation of ``unit`` due at the end of local day ``due``."""
    from platform_core.obligations import calendar

    obligation = Obligation(plugin_key=plugin_key, rule_key=rule_key, unit_id=unit.id, title=title,
                            period_key=period_key or due.isoformat(), period_start=due - timedelta(days=30),
                            period_end=due, due_at=calendar.due_instant(due), status=status,
                            submitted_at=submitted_at)
    db.session.add(obligation)
    db.session.commit()
    return obligation
