"""Core CLI commands: ``flask db upgrade`` for every branch, ``flask db status``, ``flask db revision-for``,
``flask roles sync``. Other parts (units, users, plugins, demo) add their own groups in their ``cli.py``."""
import click
from flask.cli import with_appcontext
from flask_migrate.cli import db as db_group

from platform_core import migrations


@click.command("upgrade")
@with_appcontext
def upgrade_all_command():
    """Migrate the core and every loaded plugin to their latest revision, then store declared roles."""
    from platform_core.access.roles import sync_roles
    from platform_core.plugins.manager import get_registry

    migrations.upgrade_all(echo=lambda m: click.echo(m))
    created = sync_roles(get_registry())
    click.echo(f"Đã cập nhật cơ sở dữ liệu ({created} vai trò mới).")


@click.command("status")
@with_appcontext
def status_command():
    """Show, per branch, the database revision and the code's head."""
    from platform_core.extensions import db

    with db.engine.connect() as conn:
        for branch in migrations.branches():
            cur, head = migrations.current(branch, conn), migrations.heads(branch)
            state = "OK" if cur == head else "PENDING"
            click.echo(f"{branch:22} {state:8} db={','.join(sorted(cur)) or '-'} head={','.join(sorted(head)) or '-'}")


@click.command("revision-for")
@click.argument("branch")
@click.option("-m", "--message", required=True)
@click.option("--empty", is_flag=True, help="Do not autogenerate; write an empty revision.")
@with_appcontext
def revision_for_command(branch, message, empty):
    """Create a revision in BRANCH ("core" or a plugin key); autogenerate sees only that branch's tables."""
    if branch != "core":
        from platform_core.plugins.manager import get_registry

        record = get_registry().records.get(branch)
        if record is None or not record.loaded:
            raise click.ClickException(f"unknown or unloaded plugin '{branch}'")
    script = migrations.new_revision(branch, message, autogenerate=not empty)
    click.echo(f"Created {script.path}")


@click.group("roles")
def roles_group():
    """Roles declared by the core and plugins."""


@roles_group.command("sync")
@with_appcontext
def roles_sync():
    """Store every declared role and its permissions."""
    from platform_core.access.roles import sync_roles
    from platform_core.plugins.manager import get_registry

    click.echo(f"{sync_roles(get_registry())} vai trò mới.")


def register(app):
    db_group.add_command(upgrade_all_command, "upgrade")
    db_group.add_command(status_command, "status")
    db_group.add_command(revision_for_command, "revision-for")
    app.cli.add_command(roles_group)
    for module_name in ("platform_core.accounts.cli", "platform_core.units.cli", "platform_core.plugins.cli",
                        "platform_core.demo", "platform_core.backup.cli",
                        "platform_core.scheduler.cli",
                        "platform_core.obligations.cli", "platform_core.obligations.calendar_cli"):
        module = __import__(module_name, fromlist=["register"])
        module.register(app)
