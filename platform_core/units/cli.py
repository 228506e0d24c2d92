"""``flask units …``: import a unit tree from CSV, list and add unit types."""
import sys

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _


@click.group("units")
def units_group():
    """Đơn vị: nhập từ CSV, loại đơn vị."""


@units_group.command("import")
@click.argument("csv_file", type=click.File("rb"))
@with_appcontext
def import_command(csv_file):
    """Nhập đơn vị từ tệp CSV (code,name,type,parent_code,abbreviation,valid_from,valid_to; bốn cột sau có thể
    bỏ), tất cả hoặc không gì cả."""
    from platform_core.units import importer

    rows, problems = importer.check(csv_file.read())
    if not problems:
        with click.progressbar(length=len(rows), label=_("Đang tạo đơn vị"), file=sys.stderr) as bar:
            result = importer.store(rows, progress=bar.update)
        problems = result.problems
    if problems:
        click.echo(_("Không nhập đơn vị nào: tệp có %(n)s lỗi.", n=len(problems)), err=True)
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    click.echo(_("Đã nhập %(n)s đơn vị.", n=result.created))


@units_group.command("types")
@with_appcontext
def types_command():
    """Liệt kê loại đơn vị (tạo các loại mặc định nếu chưa có)."""
    from platform_core.extensions import db
    from platform_core.units.service import ensure_default_unit_types, unit_types

    ensure_default_unit_types()
    db.session.commit()
    for unit_type in unit_types():
        click.echo(f"{unit_type.code:16} {unit_type.name}")


@units_group.command("add-type")
@click.argument("code")
@click.argument("name")
@with_appcontext
def add_type_command(code, name):
    """Thêm loại đơn vị CODE có tên NAME."""
    from platform_core.extensions import db
    from platform_core.units.service import ensure_unit_type

    unit_type = ensure_unit_type(code.strip(), name.strip())
    db.session.commit()
    click.echo(f"{unit_type.code}: {unit_type.name}")


def register(app):
    app.cli.add_command(units_group)
