"""Storing the roles that the core and plugins declare."""
from sqlalchemy import select

from platform_core.access.models import Role, RolePermission
from platform_core.extensions import db


def sync_roles(registry) -> int:
    """Create or update every declared role so its name and permissions match the code.

    Roles an administrator created (``plugin_key`` NULL) are left alone. Returns roles created.
    """
    created = 0
    existing = {r.key: r for r in db.session.scalars(select(Role)).all()}
    for key, spec in sorted(registry.roles.items()):
        owner = "core" if "." not in key else key.split(".", 1)[0]
        role = existing.get(key)
        if role is None:
            role = Role(key=key, name=spec.title, description=spec.description, plugin_key=owner)
            db.session.add(role)
            created += 1
        else:
            role.name, role.description = spec.title, spec.description
        wanted = set(spec.permissions)
        for rp in list(role.permissions):
            if rp.permission not in wanted:
                role.permissions.remove(rp)
        have = role.permission_names
        for perm in sorted(wanted - have):
            role.permissions.append(RolePermission(permission=perm))
    db.session.commit()
    return created
