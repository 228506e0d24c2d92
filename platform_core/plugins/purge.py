"""Removing a plugin's data for good: ``flask plugins purge KEY``.

Disabling a plugin keeps its data; purging is a separate, previewed step. A plugin's data is what its
naming rule gives it: the tables named ``<key>_*`` and its Alembic version table. Tables of a plugin whose
key is longer but starts the same way (``email_x_*`` next to ``email_*``) are never touched.
"""
import sqlalchemy as sa

from platform_core import audit, migrations
from platform_core.extensions import db
from platform_core.plugins.manager import get_registry
from platform_core.plugins.models import PluginActivation


class PurgeRefused(Exception):
    """The plugin's data may not be purged; the message says why, in Vietnamese."""


def _owned(key: str, table_names) -> list[str]:
    others = [k for k in get_registry().records if k != key and k.startswith(f"{key}_")]
    return sorted(
        name for name in table_names
        if name.startswith(f"{key}_") and not any(name.startswith(f"{other}_") for other in others)
    )


def plugin_tables(key: str, connection) -> list[str]:
    """The plugin's tables present in the database, its version table last."""
    names = sa.inspect(connection).get_table_names()
    version_table = migrations.version_table_for(key)
    return _owned(key, names) + ([version_table] if version_table in names else [])


def preview(key: str) -> list[tuple[str, int]]:
    """``[(table, rows)]`` that :func:`purge` would remove."""
    check(key)
    with db.engine.connect() as conn:
        return [(name, conn.scalar(sa.select(sa.func.count()).select_from(sa.table(name))))
                for name in plugin_tables(key, conn)]


def check(key: str):
    """Raise :class:`PurgeRefused` unless ``key`` is a loaded plugin whose data may be removed.

    The plugin must be loaded: its retention rule and its migrations come from its code.
    """
    record = get_registry().records.get(key)
    if record is None:
        raise PurgeRefused(f"Không có plugin '{key}'.")
    if not record.loaded:
        raise PurgeRefused(f"Plugin '{key}' chưa được nạp (xem `flask plugins list`); "
                           "chỉ xoá được dữ liệu của plugin đang nạp.")
    if record.info.retention == "keep":
        raise PurgeRefused(f"Plugin '{key}' ({record.info.title}) giữ dữ liệu theo quy định lưu trữ; "
                           "không được xoá dữ liệu.")


def purge(key: str) -> list[tuple[str, int]]:
    """Downgrade the plugin's migrations to base, drop what is left of its tables and its version table,
    delete its activations and record ``plugin.purge``. Returns what was removed (as :func:`preview`)."""
    removed = preview(key)
    db.session.commit()  # nothing of ours may hold a lock on the tables about to be dropped
    if get_registry().records[key].migrations_dir and migrations.heads(key):
        migrations.downgrade_to_base(key)
    with db.engine.begin() as conn:
        _drop(conn, plugin_tables(key, conn))
    for row in db.session.scalars(sa.select(PluginActivation).where(PluginActivation.plugin_key == key)).all():
        db.session.delete(row)
    audit.record("plugin.purge", object_type="plugin", object_id=key,
                 summary=f"Xoá toàn bộ dữ liệu của plugin {key}",
                 changes={"tables": {name: rows for name, rows in removed}})
    db.session.commit()
    return removed


def _drop(conn, names):
    """Drop exactly ``names``, tables that others refer to last. (``MetaData.reflect`` would pull in the core
    tables they refer to, and ``drop_all`` would drop those too.)"""
    wanted = set(names)
    ordered = [name for name, _ in sa.inspect(conn).get_sorted_table_and_fkc_names() if name in wanted]
    for name in reversed(ordered):
        conn.execute(sa.schema.DropTable(sa.Table(name, sa.MetaData())))
