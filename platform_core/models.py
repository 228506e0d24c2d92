"""Imports every core model so that the metadata is complete (for create_all and Alembic)."""
from platform_core.access.models import Membership, Role, RolePermission
from platform_core.accounts.models import RegistrationRequest, User
from platform_core.audit.models import AuditEvent
from platform_core.plugins.models import PluginActivation
from platform_core.units.models import Unit, UnitClosure, UnitType

__all__ = [
    "AuditEvent", "Membership", "PluginActivation", "RegistrationRequest", "Role", "RolePermission",
    "Unit", "UnitClosure", "UnitType", "User",
]
