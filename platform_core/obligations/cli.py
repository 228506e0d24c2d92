"""``flask obligations …``: generate obligations now, list them, show the declared rules."""
import sys

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _


@click.group("obligations")
def obligations_group():
    """Nghĩa vụ báo cáo: sinh, liệt kê, xem quy tắc."""


def _date_option(value):
    from platform_core.timeutil import parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        raise click.BadParameter(_("Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 25/12/2025.")) from None


@obligations_group.command("generate")
@click.option("--today", "today_text", metavar="DD/MM/YYYY", help="Ngày tính (mặc định: hôm nay).")
@click.option("--horizon", default=400, show_default=True, type=click.IntRange(0, 3660),
              help="Sinh các kỳ có hạn nộp trong bấy nhiêu ngày tới.")
@with_appcontext
def generate_command(today_text, horizon):
    """Sinh nghĩa vụ còn thiếu cho các kỳ sắp đến hạn (chạy lại không tạo trùng)."""
    from platform_core.obligations import service

    created = service.generate(today=_date_option(today_text), horizon_days=horizon)
    click.echo(_("Đã sinh %(n)s nghĩa vụ mới.", n=created))


@obligations_group.command("list")
@click.option("--unit", "unit_code", help="Mã đơn vị.")
@click.option("--status", type=click.Choice(["open", "late", "submitted", "done", "waived"]))
@click.option("--rule", "rule_key", help="Mã quy tắc, ví dụ it_reporting.half_year.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100000))
@with_appcontext
def list_command(unit_code, status, rule_key, limit):
    """Liệt kê nghĩa vụ theo hạn nộp."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    from platform_core.extensions import db
    from platform_core.obligations.display import status_label
    from platform_core.obligations.models import Obligation
    from platform_core.obligations.service import due_day
    from platform_core.timeutil import format_date
    from platform_core.units.service import get_by_code

    stmt = select(Obligation).options(joinedload(Obligation.unit)).order_by(Obligation.due_at, Obligation.id)
    if unit_code:
        unit = get_by_code(unit_code)
        if unit is None:
            click.echo(_("Không tìm thấy đơn vị có mã '%(code)s'.", code=unit_code), err=True)
            sys.exit(1)
        stmt = stmt.where(Obligation.unit_id == unit.id)
    if status:
        stmt = stmt.where(Obligation.status == status)
    if rule_key:
        stmt = stmt.where(Obligation.rule_key == rule_key)
    rows = db.session.scalars(stmt.limit(limit)).all()
    if not rows:
        click.echo(_("Không có nghĩa vụ nào."))
    for ob in rows:
        click.echo(f"{ob.id:>7}  {format_date(due_day(ob))}  {status_label(ob.status):12}  {ob.unit.code:12}  "
                   f"{ob.period_key:10}  {ob.rule_key}  {ob.title}")


@obligations_group.command("rules")
@with_appcontext
def rules_command():
    """Liệt kê quy tắc nghĩa vụ các plugin đã khai báo."""
    from platform_core.obligations.registry import all_rules

    for key, rule in all_rules().items():
        types = ",".join(rule.unit_types) or "*"
        click.echo(f"{key:40} {type(rule).__name__:14} {types:20} {rule.title}")


def register(app):
    app.cli.add_command(obligations_group)
