"""One Alembic environment for the core and every plugin branch.

The branch ("core" or a plugin key) comes from ``config.attributes["branch"]`` (set by
``platform_core.migrations``); plain ``flask db …`` commands act on the core. Each branch has its own
version table, and autogenerate only sees the tables the branch owns.
"""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from platform_core.migrations import owner_of, version_table_for

config = context.config
if config.config_file_name and not config.attributes.get("quiet_logging"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
log = logging.getLogger("alembic.env")

branch = config.attributes.get("branch", "core")
db = current_app.extensions["migrate"].db
target_metadata = db.metadata


def include_object(obj, name, type_, reflected, compare_to):
    if type_ == "table":
        if name.startswith("alembic_version"):
            return False
        return owner_of(name) == branch
    table = getattr(obj, "table", None)
    if table is not None:
        return owner_of(table.name) == branch
    return True


def run_migrations_offline():
    context.configure(url=str(db.engine.url), target_metadata=target_metadata, literal_binds=True,
                      version_table=version_table_for(branch), include_object=include_object,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = config.attributes.get("connection") or db.engine
    with connectable.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch migrations recreate tables; enforced foreign keys would break them.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        context.configure(connection=connection, target_metadata=target_metadata,
                          version_table=version_table_for(branch), include_object=include_object,
                          render_as_batch=True, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
