"""``flask calendar holidays [--year Y]`` and ``flask calendar add-override DATE off|working NAME``."""
import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from platform_core.extensions import db
from platform_core.obligations import calendar
from platform_core.obligations.models import DAY_OFF, DAY_WORKING
from platform_core.timeutil import format_date, local_today

WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


@click.group("calendar")
def calendar_group():
    """Lịch làm việc: ngày nghỉ lễ, Tết và các điều chỉnh."""


def _line(day, text) -> str:
    return f"  {format_date(day)}  {WEEKDAYS[day.weekday()]}  {text}"


@calendar_group.command("holidays")
@click.option("--year", type=click.IntRange(1900, 2999), default=None, help="Năm (mặc định: năm nay).")
@with_appcontext
def holidays_command(year):
    """Print the year's public holidays, make-up working days and overrides."""
    year = year or local_today().year
    click.echo(_("Ngày nghỉ lễ, Tết năm %(year)s:", year=year))
    for day, name in calendar.national_holidays(year).items():
        click.echo(_line(day, name))
    make_up = sorted(calendar.make_up_days(year))
    if make_up:
        click.echo(_("Ngày làm việc bù theo quyết định của Chính phủ:"))
        for day in make_up:
            click.echo(_line(day, _("làm việc")))
    rows = calendar.overrides_of_year(year)
    click.echo(_("Điều chỉnh của quản trị viên:") if rows else _("Chưa có điều chỉnh nào trong năm này."))
    for row in rows:
        label = _("nghỉ") if row.kind == DAY_OFF else _("làm việc")
        click.echo(_line(row.day, f"[{label}] {row.name}"))


@calendar_group.command("add-override")
@click.argument("day_text", metavar="DATE")
@click.argument("kind", type=click.Choice([DAY_OFF, DAY_WORKING]))
@click.argument("name")
@with_appcontext
def add_override_command(day_text, kind, name):
    """Make DATE (dd/mm/yyyy) a day off (off) or a working day (working), naming the decision."""
    try:
        row = calendar.add_override(calendar.parse_override_day(day_text), kind, name)
    except calendar.OverrideError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(_("Đã thêm điều chỉnh ngày %(day)s.", day=format_date(row.day)))


def register(app) -> None:
    """Add the ``calendar`` command group to ``app``'s CLI."""
    app.cli.add_command(calendar_group)
