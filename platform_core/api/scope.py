"""What the caller of the API may see. The same rules as the pages: obligations of the units where the
user holds ``core.obligations.view`` or any permission of the obligation's plugin, of plugins active
there; report types of plugins active for the user; submissions the workflow lets them view. A record
outside the scope does not exist for the caller (404), whatever its id."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from platform_core.access.service import is_system_admin
from platform_core.extensions import db
from platform_core.obligations import queries
from platform_core.obligations.models import Obligation
from platform_core.plugins.activation import is_active_for_user
from platform_core.workflow.registry import report_types as declared


def report_types(user) -> dict:
    """``{key: ReportType}`` of the plugins active for ``user`` (the core's always)."""
    return {key: rt for key, rt in declared().items()
            if rt.key.split(".", 1)[0] == "core" or is_active_for_user(rt.key.split(".", 1)[0], user)}


def obligations(user):
    """A SELECT of the obligations ``user`` may see."""
    stmt = select(Obligation).options(joinedload(Obligation.unit)).where(queries.live_plugins_clause())
    if is_system_admin(user):
        return stmt
    return stmt.where(queries.own_clause(user))


def obligation(user, obligation_id: int) -> Obligation | None:
    return db.session.scalars(obligations(user).where(Obligation.id == obligation_id)).unique().first()
