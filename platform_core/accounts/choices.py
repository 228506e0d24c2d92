"""Option lists for the account forms."""
from flask_babel import gettext as _
from sqlalchemy import or_, select
from wtforms.fields.choices import SelectChoice

from platform_core.access.service import visible_unit_ids
from platform_core.extensions import db
from platform_core.units.models import UNIT_ACTIVE, Unit


def unit_choices(user, permission: str, placeholder: str | None = None, keep_id: int | None = None):
    """Options ``id → "Name (CODE)"`` for the active units on which ``user`` holds ``permission`` (plus
    ``keep_id``, the current value, even if dissolved), after an optional ``0 → placeholder``."""
    condition = Unit.status == UNIT_ACTIVE
    if keep_id:
        condition = or_(condition, Unit.id == keep_id)
    stmt = select(Unit.id, Unit.name, Unit.code).where(
        condition, Unit.id.in_(visible_unit_ids(user, permission))).order_by(Unit.name, Unit.code)
    options = [SelectChoice(row.id, f"{row.name} ({row.code})") for row in db.session.execute(stmt)]
    return ([SelectChoice(0, placeholder)] if placeholder else []) + options


def no_unit_label() -> str:
    return _("— Không thuộc đơn vị nào —")
