"""``flask provincial_reports …`` commands; page-independent work (exchange, generation) lives in services."""
import sys

import click
from flask_babel import gettext as _


def _user(username: str | None):
    """The account named ``username`` (the actor of an import), or stop with a message."""
    if not username:
        return None
    from sqlalchemy import select

    from platform_core.accounts.models import User
    from platform_core.extensions import db

    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise click.ClickException(_("Không có tài khoản «%(name)s».", name=username))
    return user


def _write(document: dict, output) -> None:
    from plugins.provincial_reports import exchange

    output.write(exchange.dumps(document))


def _read(input_file):
    from plugins.provincial_reports import exchange

    document, problems = exchange.read_document(input_file.read())
    if problems:
        _fail(problems)
    return document


def _fail(problems) -> None:
    click.echo(_("Không nhập gì: tệp có %(n)s lỗi.", n=len(problems)), err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)
    sys.exit(1)


def register(cli):
    @cli.group("provincial_reports")
    def group():
        """Hệ thống thông tin báo cáo tỉnh Nghệ An."""

    @group.command("export-regimes")
    @click.option("--code", "codes", multiple=True, metavar="MÃ",
                  help="Chỉ xuất chế độ báo cáo có mã này (lặp lại để chọn nhiều); mặc định: tất cả.")
    @click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
                  help="Tệp JSON ghi ra (mặc định: màn hình).")
    def export_regimes(codes, output):
        """Xuất thư viện chỉ tiêu và các chế độ báo cáo ra tệp JSON (nghean-reporting/1)."""
        from plugins.provincial_reports import exchange

        try:
            document = exchange.export_regimes(list(codes) or None)
        except exchange.ExchangeError as exc:
            raise click.ClickException(str(exc)) from None
        _write(document, output)

    @group.command("import-regimes")
    @click.argument("input_file", type=click.File("rb"))
    @click.option("--user", "username", metavar="TÊN_ĐĂNG_NHẬP", help="Tài khoản ghi là người nhập.")
    @click.option("--check", "check_only", is_flag=True, help="Chỉ kiểm tra, không ghi gì.")
    def import_regimes(input_file, username, check_only):
        """Nhập chỉ tiêu và chế độ báo cáo từ tệp JSON, tất cả hoặc không gì cả."""
        from plugins.provincial_reports import exchange, exchange_regimes

        user = _user(username)
        document = _read(input_file)
        result = exchange.import_regimes(document, user, check_only=check_only)
        if not result.ok:
            _fail(result.problems)
        if check_only:
            click.echo(_("Tệp hợp lệ: %(d)s phân tổ mới, %(i)s chỉ tiêu mới, %(r)s chế độ báo cáo. Chưa ghi gì.",
                         d=result.counts["dimensions"], i=result.counts["indicators"], r=result.counts["regimes"]))
            return
        click.echo(_("Đã nhập: %(summary)s", summary=exchange_regimes.summary(result.counts)))

    @group.command("export-figures")
    @click.option("--regime", "regime_code", required=True, metavar="MÃ", help="Mã chế độ báo cáo.")
    @click.option("--period", "period_key", required=True, metavar="KỲ",
                  help="Kỳ báo cáo, ví dụ 2026-10, 2026-Q3, 2026-H1, 2026.")
    @click.option("--version", "version", type=click.IntRange(min=1), default=None,
                  help="Số phiên bản (mặc định: phiên bản áp dụng cho kỳ).")
    @click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
                  help="Tệp JSON ghi ra (mặc định: màn hình).")
    def export_figures(regime_code, period_key, version, output):
        """Xuất số liệu đã duyệt của các đơn vị cho một chế độ báo cáo và một kỳ."""
        from plugins.provincial_reports import exchange

        try:
            document = exchange.export_figures(regime_code, period_key, version=version)
        except exchange.ExchangeError as exc:
            raise click.ClickException(str(exc)) from None
        _write(document, output)

    @group.command("import-figures")
    @click.argument("input_file", type=click.File("rb"))
    @click.option("--user", "username", required=True, metavar="TÊN_ĐĂNG_NHẬP",
                  help="Tài khoản lập các báo cáo nháp; cần quyền nhập số liệu ở mọi đơn vị trong tệp.")
    @click.option("--check", "check_only", is_flag=True, help="Chỉ kiểm tra, không ghi gì.")
    def import_figures(input_file, username, check_only):
        """Nhập số liệu từ tệp JSON thành báo cáo nháp của từng đơn vị, tất cả hoặc không gì cả."""
        from plugins.provincial_reports import exchange

        user = _user(username)
        document = _read(input_file)
        if document.get("kind") != exchange.KIND_FIGURES:
            raise click.ClickException(_("Tệp không phải tài liệu số liệu (kind phải là «figures»)."))
        count = len(document["units"]) if isinstance(document.get("units"), list) else 0
        with click.progressbar(length=count * (1 if check_only else 2), label=_("Đang kiểm tra và ghi số liệu"),
                               file=sys.stderr) as bar:
            result = exchange.import_figures(document, user, progress=bar.update, check_only=check_only)
        if not result.ok:
            _fail(result.problems)
        if check_only:
            click.echo(_("Tệp hợp lệ: %(n)s đơn vị. Chưa ghi gì.", n=result.counts["units"]))
            return
        click.echo(_("Đã lập %(n)s báo cáo nháp kỳ %(period)s của chế độ %(code)s; các đơn vị kiểm tra và nộp.",
                     n=result.counts["drafts_created"], period=result.counts["period"],
                     code=result.counts["regime_code"]))
