"""Which reminders and escalations are due on a given day, and to whom. Nothing is sent here.

Offsets are matched on exact days, as DHIS2 does for data set notifications: a reminder "3 days
before" goes out on the day the due date is 3 days away, and on no other day. A day on which the
job did not run is not made up later (the scheduler's misfire grace covers a late start).

Escalation: when a report is still missing after its due date (status open or late), the unit's
leaders (holders of ``core.obligations.oversee`` on the unit, or on an ancestor with subtree scope)
are told 1 day after the due date, then every 7 days, for at most 90 days.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.routing import BuildError

from platform_core.core_hooks import OBLIGATIONS_OVERSEE
from platform_core.extensions import db
from platform_core.notifications import recipients
from platform_core.notifications.models import KIND_ESCALATION, KIND_REMINDER
from platform_core.notifications.offsets import schedules
from platform_core.obligations.models import STATUS_LATE, STATUS_OPEN, Obligation
from platform_core.plugins.manager import get_registry
from platform_core.timeutil import LOCAL_TZ, local_today, to_local

ESCALATION_FIRST_DAY = 1
ESCALATION_EVERY_DAYS = 7
ESCALATION_LAST_DAY = 90


@dataclass(frozen=True)
class Person:
    id: int
    full_name: str
    email: str | None


@dataclass(frozen=True)
class Notice:
    """One reminder or escalation of one obligation, with everything the messages say.

    ``offset_days`` is the delivery key: days before the due date, or minus the days overdue.
    """

    kind: str
    obligation_id: int
    offset_days: int
    regime_title: str
    unit_name: str
    report_title: str
    due_date: date
    link: str
    recipients: tuple[Person, ...]

    @property
    def days_left(self) -> int:
        return max(self.offset_days, 0)

    @property
    def days_overdue(self) -> int:
        return max(-self.offset_days, 0)


def local_due_date(due_at: datetime) -> date:
    """The local day a due instant closes. Works whether the instant is stored as 23:59:59.999… of
    that day or as midnight starting the next one."""
    return to_local(due_at - timedelta(microseconds=1)).date()


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ)


def _due_between(first: date, last: date):
    """Obligations whose local due date lies in [first, last]."""
    return (Obligation.due_at > _start_of(first), Obligation.due_at <= _start_of(last + timedelta(days=1)))


def is_escalation_day(days_overdue: int) -> bool:
    return (ESCALATION_FIRST_DAY <= days_overdue <= ESCALATION_LAST_DAY
            and (days_overdue - ESCALATION_FIRST_DAY) % ESCALATION_EVERY_DAYS == 0)


def obligation_link(obligation_id: int) -> str:
    """Where the messages point: the obligation's page when the obligations part has one, else the
    list, else the inbox. A path, or a full URL when ``SERVER_NAME`` is configured (jobs run without a
    request, so there is no host to borrow)."""
    cfg = current_app.config
    adapter = current_app.url_map.bind(cfg.get("SERVER_NAME") or "localhost",
                                       script_name=cfg.get("APPLICATION_ROOT") or "/",
                                       url_scheme=cfg.get("PREFERRED_URL_SCHEME") or "http")
    for endpoint, values in (("obligations.detail", {"obligation_id": obligation_id}),
                             ("obligations.index", {}), ("notifications.index", {})):
        if endpoint in current_app.view_functions:
            try:
                return adapter.build(endpoint, values, force_external=bool(cfg.get("SERVER_NAME")))
            except BuildError:
                continue
    return "/"


def _regime_permissions(key: str) -> list[str]:
    return [name for name, owner in get_registry().permission_owner.items() if owner == key]


def _notices(kind, candidates, offset_of, permissions_of, today) -> list[Notice]:
    """Turn ``(obligation, offset)`` pairs into notices: drop obligations whose plugin is inactive for
    their unit, then find the recipients of all of them with one query per plugin."""
    if not candidates:
        return []
    registry = get_registry()
    by_key: dict[str, list] = {}
    for ob in candidates:
        by_key.setdefault(ob.plugin_key, []).append(ob)
    active = recipients.active_units(by_key, {ob.unit_id for ob in candidates})
    notices = []
    for key, obligations in sorted(by_key.items()):
        obligations = [ob for ob in obligations if ob.unit_id in active[key]]
        people = recipients.holders({ob.unit_id for ob in obligations}, permissions_of(key), today)
        title = registry.loaded[key].info.title
        for ob in sorted(obligations, key=lambda o: (o.due_at, o.id)):
            to = tuple(Person(u.id, u.full_name, (u.email or "").strip() or None)
                       for u in people.get(ob.unit_id, ()))
            if to:
                notices.append(Notice(kind, ob.id, offset_of(ob), title, ob.unit.name, ob.title,
                                      local_due_date(ob.due_at), obligation_link(ob.id), to))
    return notices


def due_reminders(today: date | None = None) -> list[Notice]:
    """Reminders due on ``today`` (default: today in Viet Nam) for open obligations."""
    today = today or local_today()
    keys = list(get_registry().loaded)
    plan = schedules(keys)
    horizon = max((max(s.offsets, default=-1) for s in plan.values()), default=-1)
    if horizon < 0:
        return []
    rows = db.session.scalars(
        select(Obligation).options(joinedload(Obligation.unit))
        .where(Obligation.status == STATUS_OPEN, Obligation.plugin_key.in_(keys),
               *_due_between(today, today + timedelta(days=horizon)))
    ).all()

    def offset_of(ob):
        return (local_due_date(ob.due_at) - today).days

    candidates = [ob for ob in rows if offset_of(ob) in plan[ob.plugin_key].offsets]
    return _notices(KIND_REMINDER, candidates, offset_of, _regime_permissions, today)


def due_escalations(today: date | None = None) -> list[Notice]:
    """Escalations due on ``today`` for obligations still missing after their due date."""
    today = today or local_today()
    keys = [key for key, s in schedules(list(get_registry().loaded)).items() if s.escalate]
    if not keys:
        return []
    rows = db.session.scalars(
        select(Obligation).options(joinedload(Obligation.unit))
        .where(Obligation.status.in_((STATUS_OPEN, STATUS_LATE)), Obligation.plugin_key.in_(keys),
               *_due_between(today - timedelta(days=ESCALATION_LAST_DAY),
                             today - timedelta(days=ESCALATION_FIRST_DAY)))
    ).all()

    def offset_of(ob):
        return (local_due_date(ob.due_at) - today).days

    candidates = [ob for ob in rows if is_escalation_day(-offset_of(ob))]
    return _notices(KIND_ESCALATION, candidates, offset_of, lambda key: [OBLIGATIONS_OVERSEE], today)
