"""``flask plugins list|enable|disable|purge``: what is installed, loaded and active, and changing it.

Activation is stored in the database, so a change made here holds in every running worker at once.
"""
import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError

from platform_core.extensions import db
from platform_core.plugins import activation
from platform_core.plugins import purge as purging
from platform_core.plugins.manager import get_registry
from platform_core.units.models import Unit

HEADERS = ("KEY", "TÊN", "PHIÊN BẢN", "VĂN BẢN", "NẠP", "KÍCH HOẠT")


class Refused(click.ClickException):
    """A refused command: the message on stderr after "Lỗi:", exit status 1."""

    def show(self, file=None):
        click.secho(f"Lỗi: {self.format_message()}", err=True, fg="red")


def loaded_state(record) -> str:
    if record.error:
        return "lỗi"
    return "có" if record.loaded else "không"


def active_state(rows) -> str:
    """"không", "toàn hệ thống" or the codes of the units whose subtrees have the plugin."""
    if not rows:
        return "không"
    codes = [row.unit.code for row in rows if row.unit is not None]
    if any(row.unit_id is None for row in rows):
        return "toàn hệ thống" + (f" (và {', '.join(codes)})" if codes else "")
    return ", ".join(codes)


def _activations() -> dict | None:
    """Every activation, or None when the database has no tables yet."""
    try:
        return activation.by_plugin()
    except (OperationalError, ProgrammingError):
        db.session.rollback()
        return None


def _table(rows) -> str:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)


def _plugin(key: str):
    """The loaded plugin ``key``, or a clear error."""
    record = get_registry().records.get(key)
    if record is None:
        known = ", ".join(sorted(get_registry().records)) or "không có"
        raise Refused(f"Không có plugin '{key}'. Các plugin đã cài: {known}.")
    if not record.loaded:
        raise Refused(f"Plugin '{key}' chưa được nạp (xem `flask plugins list`).")
    return record


def _unit(code: str | None):
    if code is None:
        return None
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise Refused(f"Không có đơn vị mã '{code}'.")
    return unit


@click.group("plugins")
def plugins_group():
    """Plugin: xem, bật, tắt, xoá dữ liệu."""


@plugins_group.command("list")
@click.option("--verbose", "-v", is_flag=True, help="In đầy đủ traceback của plugin lỗi.")
@with_appcontext
def list_command(verbose):
    """Liệt kê plugin đã cài: tên, phiên bản, văn bản quy định, trạng thái nạp và kích hoạt."""
    registry = get_registry()
    active = _activations()
    rows = [HEADERS]
    for key, record in sorted(registry.records.items()):
        info = record.info
        rows.append((key, info.title if info else "", info.version if info else "", info.regulation if info else "",
                     loaded_state(record), "?" if active is None else active_state(active.get(key, []))))
    click.echo(_table(rows))
    for key, record in sorted(registry.records.items()):
        if record.error:
            detail = record.error.rstrip() if verbose else record.error_summary
            click.secho(f"\nLỗi plugin {key}: {detail}", fg="red")
    if active is None:
        click.secho("\nChưa đọc được trạng thái kích hoạt: cơ sở dữ liệu chưa có bảng (chạy `flask db upgrade`).",
                    fg="yellow")


@plugins_group.command("enable")
@click.argument("key")
@click.option("--unit", "unit_code", metavar="CODE", help="Chỉ bật cho đơn vị này và các đơn vị trực thuộc.")
@with_appcontext
def enable_command(key, unit_code):
    """Bật plugin KEY cho toàn hệ thống hoặc cho cây đơn vị --unit."""
    _plugin(key)
    unit = _unit(unit_code)
    where = f"cho đơn vị {unit.code} và các đơn vị trực thuộc" if unit else "toàn hệ thống"
    if activation.enable(key, unit):
        db.session.commit()
        click.echo(f"Đã bật plugin {key} {where}.")
    else:
        click.echo(f"Plugin {key} đã được bật {where} từ trước.")


@plugins_group.command("disable")
@click.argument("key")
@click.option("--unit", "unit_code", metavar="CODE", help="Chỉ gỡ kích hoạt của đơn vị này.")
@with_appcontext
def disable_command(key, unit_code):
    """Tắt plugin KEY (mọi kích hoạt, hoặc chỉ kích hoạt của đơn vị --unit). Dữ liệu được giữ nguyên."""
    if key not in get_registry().records and not activation.activations(key):
        _plugin(key)
    unit = _unit(unit_code)
    removed = activation.disable(key, unit)
    db.session.commit()
    if removed:
        where = f"cho đơn vị {unit.code}" if unit else "trên toàn hệ thống"
        click.echo(f"Đã tắt plugin {key} {where}. Dữ liệu của plugin được giữ nguyên.")
    else:
        click.echo(f"Plugin {key} không được bật" + (f" cho đơn vị {unit.code}." if unit else "."))


@plugins_group.command("purge")
@click.argument("key")
@with_appcontext
def purge_command(key):
    """Xoá vĩnh viễn dữ liệu của plugin KEY sau khi xem trước và gõ lại KEY để xác nhận."""
    try:
        tables = purging.preview(key)
    except purging.PurgeRefused as exc:
        raise Refused(str(exc)) from None
    if not tables:
        click.echo(f"Plugin {key} không có bảng dữ liệu nào trong cơ sở dữ liệu.")
    else:
        click.echo(f"Sẽ xoá vĩnh viễn các bảng sau của plugin {key}:")
        click.echo(_table([("BẢNG", "SỐ DÒNG"), *tables]))
    typed = click.prompt(f"Gõ '{key}' để xác nhận xoá dữ liệu (thao tác không thể hoàn tác)", default="",
                         show_default=False)
    if typed.strip() != key:
        raise Refused("Chưa xác nhận: không xoá gì.")
    purging.purge(key)
    click.echo(f"Đã xoá dữ liệu của plugin {key} ({len(tables)} bảng) và mọi kích hoạt của nó.")


def register(app):
    app.cli.add_command(plugins_group)
