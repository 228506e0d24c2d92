"""Migrating the core and every loaded plugin: one Alembic branch each, each with its own version table.

Separate version tables (as CKAN and Indico do) mean a plugin package removed from the deployment leaves
the core's history intact, and a plugin's autogenerate never sees core tables (and vice versa).
"""
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

CORE_DIR = Path(__file__).resolve().parent.parent / "migrations"


def version_table_for(branch: str) -> str:
    return "alembic_version" if branch == "core" else f"alembic_version_{branch}"


def _model_modules() -> dict[str, str]:
    """Table name -> module of the model class that maps it."""
    from platform_core.extensions import db

    return {m.local_table.name: m.class_.__module__ for m in db.Model.registry.mappers
            if m.local_table is not None}


def owner_of(table_name: str) -> str:
    """The branch that owns a table: the core for core models, else the loaded or installed plugin whose
    key prefixes the name. A model of a plugin this app does not know (imported by another app in the
    same process) belongs to no branch: ``""``."""
    from platform_core.plugins.manager import get_registry

    module = _model_modules().get(table_name)
    if module is not None and module.startswith("platform_core."):
        return "core"
    for key in get_registry().records:
        if table_name.startswith(f"{key}_"):
            return key
    return "core" if module is None else ""


def branches() -> list[str]:
    from platform_core.plugins.manager import get_registry

    keys = [k for k, r in get_registry().loaded.items() if r.migrations_dir]
    return ["core", *keys]


def versions_dir(branch: str) -> Path:
    if branch == "core":
        return CORE_DIR / "versions"
    from platform_core.plugins.manager import get_registry

    return get_registry().records[branch].package_dir / "migrations" / "versions"


def alembic_config(branch: str = "core", connection=None) -> Config:
    cfg = Config(str(CORE_DIR / "alembic.ini"))
    cfg.set_main_option("script_location", str(CORE_DIR))
    cfg.set_main_option("version_locations", str(versions_dir(branch)))
    cfg.attributes["branch"] = branch
    cfg.attributes["quiet_logging"] = current_app.testing
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def heads(branch: str) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(branch)).get_heads())


def current(branch: str, connection) -> set[str]:
    ctx = MigrationContext.configure(connection, opts={"version_table": version_table_for(branch)})
    return set(ctx.get_current_heads())


def pending(engine=None) -> list[str]:
    """Branches whose database revision is not the code's head."""
    from platform_core.extensions import db

    engine = engine or db.engine
    behind = []
    with engine.connect() as conn:
        for branch in branches():
            if heads(branch) and current(branch, conn) != heads(branch):
                behind.append(branch)
    return behind


def upgrade_all(echo=print):
    """Bring the core, then every loaded plugin, to head."""
    for branch in branches():
        if not heads(branch):
            continue
        echo(f"→ {branch}")
        command.upgrade(alembic_config(branch), "heads")


def new_revision(branch: str, message: str, autogenerate: bool = True):
    """Create a revision in ``branch``; the first one of a plugin opens its own history."""
    cfg = alembic_config(branch)
    target = versions_dir(branch)
    target.mkdir(parents=True, exist_ok=True)
    first = not heads(branch)
    return command.revision(
        cfg, message=message, autogenerate=autogenerate,
        head="base" if first else "head", branch_label=branch if first else None,
        version_path=str(target),
    )


def downgrade_to_base(branch: str):
    command.downgrade(alembic_config(branch), "base")


def model_diff(branch: str, connection) -> list:
    """Differences between the models and the database for ``branch`` (empty when they agree)."""
    from alembic.autogenerate import compare_metadata

    from platform_core.extensions import db

    def include(obj, name, type_, reflected, compare_to):
        if type_ == "table":
            return not name.startswith("alembic_version") and owner_of(name) == branch
        table = getattr(obj, "table", None)
        return table is None or owner_of(table.name) == branch

    ctx = MigrationContext.configure(connection, opts={
        "include_object": include, "compare_type": True, "version_table": version_table_for(branch)})
    return compare_metadata(ctx, db.metadata)


def has_table(engine, name: str) -> bool:
    return sa.inspect(engine).has_table(name)
