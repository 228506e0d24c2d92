"""Search across the platform (CORE-21): the core's own records, then every active plugin's through the
``search`` hook, each group filtered by the user's permissions.

Core kinds and who sees what:

- units (name, code, abbreviation): units where the user holds ``core.units.view``;
- accounts (user name, full name): only for holders of ``core.users.view``, in the units where they hold it;
- obligations (title): units where the user holds ``core.obligations.view``;
- submissions (title): for each report type, the units where the user holds one of its workflow
  permissions (enter, approve, send, consolidate), and only where its plugin is active for the user.

System administrators see everything. Plugins filter their own hits (the hook's contract); the core asks
only the plugins active for the user, and a plugin that fails is reported, not fatal.
"""
import logging
import unicodedata
from dataclasses import dataclass, field, replace

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import selectinload

from platform_core.access.service import can, is_system_admin, visible_unit_ids
from platform_core.core_hooks import OBLIGATIONS_VIEW, UNITS_VIEW, USERS_VIEW
from platform_core.extensions import db
from platform_core.plugins.activation import is_active_for_user
from platform_core.plugins.manager import get_registry
from platform_core.plugins.types import SearchHit
from platform_core.search.matching import contains, fold
from platform_core.timeutil import format_date

MIN_LENGTH = 2
MAX_LENGTH = 200
GROUP_CAP = 10
PAGE_SIZE = 50
log = logging.getLogger(__name__)


class QueryTooShort(ValueError):
    pass


def clean_query(text: str | None) -> str:
    """NFC, stripped, inner runs of spaces collapsed; :class:`QueryTooShort` under two characters."""
    query = " ".join(unicodedata.normalize("NFC", text or "").split())[:MAX_LENGTH]
    if len(query) < MIN_LENGTH:
        raise QueryTooShort(_("Nhập ít nhất %(n)s ký tự để tìm kiếm.", n=MIN_LENGTH))
    return query


@dataclass
class Group:
    key: str
    label: str
    hits: list[SearchHit]
    more: bool = False
    plugin: str = ""


@dataclass
class Results:
    query: str
    groups: list[Group] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # titles of plugins whose search failed

    @property
    def empty(self) -> bool:
        return not any(g.hits for g in self.groups)


def _endpoint(name: str) -> bool:
    return name in current_app.view_functions


def _scoped(stmt, column, user, permission):
    return stmt if is_system_admin(user) else stmt.where(column.in_(visible_unit_ids(user, permission)))


def _page(stmt, offset: int, limit: int) -> tuple[list, bool]:
    rows = list(db.session.scalars(stmt.offset(offset).limit(limit + 1)).unique())
    return rows[:limit], len(rows) > limit


# ---------------------------------------------------------------- core kinds

def _units(query, user, offset, limit):
    from platform_core.units.models import UNIT_DISSOLVED, Unit

    if not can(user, UNITS_VIEW) or not _endpoint("units.detail"):
        return None
    stmt = select(Unit).where(or_(contains(Unit.name, query), contains(Unit.code, query),
                                  contains(Unit.abbreviation, query))).order_by(Unit.name, Unit.id)
    rows, more = _page(_scoped(stmt, Unit.id, user, UNITS_VIEW), offset, limit)
    hits = [SearchHit(u.name, url_for("units.detail", unit_id=u.id),
                      " · ".join(filter(None, [u.code, u.abbreviation,
                                               _("đã giải thể") if u.status == UNIT_DISSOLVED else ""])),
                      kind="units") for u in rows]
    return hits, more


def _users(query, user, offset, limit):
    from platform_core.accounts.models import User

    if not can(user, USERS_VIEW) or not _endpoint("accounts.user_detail"):
        return None
    stmt = (select(User).options(selectinload(User.unit))
            .where(or_(contains(User.username, query), contains(User.full_name, query))))
    rows, more = _page(_scoped(stmt.order_by(User.full_name, User.id), User.unit_id, user, USERS_VIEW),
                       offset, limit)
    hits = [SearchHit(u.full_name, url_for("accounts.user_detail", user_id=u.id),
                      " · ".join(filter(None, [u.username, u.unit.name if u.unit else ""])), kind="users")
            for u in rows]
    return hits, more


def _obligations(query, user, offset, limit):
    from platform_core.obligations.display import status_label
    from platform_core.obligations.models import Obligation
    from platform_core.obligations.service import due_day

    if not can(user, OBLIGATIONS_VIEW) or not _endpoint("obligations.detail"):
        return None
    stmt = select(Obligation).options(selectinload(Obligation.unit)).where(contains(Obligation.title, query)).order_by(
        Obligation.due_at.desc(), Obligation.id)
    rows, more = _page(_scoped(stmt, Obligation.unit_id, user, OBLIGATIONS_VIEW), offset, limit)
    hits = [SearchHit(o.title, url_for("obligations.detail", obligation_id=o.id),
                      " · ".join([o.unit.name, _("hạn %(day)s", day=format_date(due_day(o))), status_label(o.status)]),
                      kind="obligations") for o in rows]
    return hits, more


def _report_types() -> dict:
    try:
        from platform_core.workflow.registry import report_types
    except ImportError:
        return {}
    return report_types()


def submission_scope(user):
    """Which submissions ``user`` may find, as a clause over ``Submission``: those of a known report type,
    in a unit where its plugin is active and the user holds one of its workflow permissions (any unit for
    system administrators) — what the submission page itself lets them open."""
    from platform_core.obligations.service import active_units_clause
    from platform_core.workflow.models import Submission

    admin = is_system_admin(user)
    parts = []
    for key, rt in sorted(_report_types().items()):
        plugin = key.split(".", 1)[0]
        if not is_active_for_user(plugin, user):
            continue
        active = active_units_clause(plugin, Submission.unit_id)
        base = Submission.report_type_key == key if active is None else and_(Submission.report_type_key == key, active)
        if admin:
            parts.append(base)
            continue
        permissions = {p for p in (rt.enter_permission, rt.approve_permission, rt.send_permission,
                                   rt.consolidate_permission) if p and can(user, p)}
        parts.extend(and_(base, Submission.unit_id.in_(visible_unit_ids(user, permission)))
                     for permission in sorted(permissions))
    return or_(*parts) if parts else false()


def _submissions(query, user, offset, limit):
    try:
        from platform_core.workflow.models import Submission
    except ImportError:
        return None
    if not _endpoint("workflow.detail"):
        return None
    stmt = (select(Submission).options(selectinload(Submission.unit))
            .where(contains(Submission.title, query), submission_scope(user)))
    rows, more = _page(stmt.order_by(Submission.updated_at.desc(), Submission.id), offset, limit)
    hits = [SearchHit(s.title, url_for("workflow.detail", submission_id=s.id),
                      " · ".join(filter(None, [s.unit.name if s.unit else "", s.period_key or ""])),
                      kind="submissions") for s in rows]
    return hits, more


def core_kinds() -> list[tuple[str, str, callable]]:
    return [
        ("units", _("Đơn vị"), _units),
        ("users", _("Tài khoản"), _users),
        ("obligations", _("Nghĩa vụ báo cáo"), _obligations),
        ("submissions", _("Báo cáo"), _submissions),
    ]


# ---------------------------------------------------------------- plugins

def _safe_url(url: str) -> bool:
    return isinstance(url, str) and (url.startswith("/") and not url.startswith("//")
                                     or url.startswith(("https://", "http://")))


def _rank(hit: SearchHit, folded_query: str) -> tuple:
    title = fold(hit.title)
    return (0 if title == folded_query else 1 if title.startswith(folded_query) else 2, title)


def plugin_groups(query: str, user, failed: list[str]) -> list[Group]:
    """Hits of every plugin active for ``user``, tagged with its title, one group per (plugin, kind)."""
    registry = get_registry()
    folded_query = fold(query)
    groups: dict[str, Group] = {}
    for key, record in registry.loaded.items():
        if not is_active_for_user(key, user):
            continue
        try:
            answers = registry.results("search", keys={key}, query=query, user=user)
        except Exception:
            log.exception("search of plugin %s failed", key)
            failed.append(record.info.title)
            continue
        title = record.info.title
        for _key, hits in answers:
            for hit in hits or []:
                if not isinstance(hit, SearchHit) or not _safe_url(hit.url):
                    continue
                group_key = f"{key}:{hit.kind}" if hit.kind else key
                group = groups.setdefault(group_key, Group(group_key, hit.kind or title, [], plugin=title))
                group.hits.append(replace(hit, plugin=title))
    for group in groups.values():
        group.hits.sort(key=lambda h: _rank(h, folded_query))
    return [groups[k] for k in sorted(groups)]


# ---------------------------------------------------------------- entry point

def search(query: str, user, kind: str | None = None, page: int = 1) -> Results:
    """Everything ``user`` may find for ``query`` (already cleaned): each group capped at ``GROUP_CAP``
    with ``more`` set when there is more; with ``kind``, that group alone, ``PAGE_SIZE`` per page."""
    results = Results(query)
    offset, limit = ((max(page, 1) - 1) * PAGE_SIZE, PAGE_SIZE) if kind else (0, GROUP_CAP)
    for key, label, finder in core_kinds():
        if kind and kind != key:
            continue
        found = finder(query, user, offset, limit)
        if found is not None:
            results.groups.append(Group(key, label, *found))
    if kind is None or kind not in {k for k, _l, _f in core_kinds()}:
        for group in plugin_groups(query, user, results.failed):
            if kind and kind != group.key:
                continue
            hits = group.hits[offset:] if kind else group.hits
            group.hits, group.more = hits[:limit], len(hits) > limit
            results.groups.append(group)
    return results

