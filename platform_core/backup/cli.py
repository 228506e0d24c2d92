"""``flask backup create|list|verify|restore|prune``. Output is Vietnamese; progress lines go to stderr so
that stdout carries only the results."""
import click
from flask.cli import with_appcontext

from platform_core.backup import service
from platform_core.backup.archive import BackupError
from platform_core.timeutil import format_datetime

CONFIRM_WORD = "khoi phuc"


class BackupFailed(click.ClickException):
    """Shown as "Lỗi: …" in red on stderr; exit status 1."""

    def show(self, file=None):
        click.secho(f"Lỗi: {self.format_message()}", err=True, fg="red")


def _step(message: str):
    click.echo(f"→ {message}", err=True)


def size_text(n: int) -> str:
    """Bytes for people: "512 B", "1,5 MB" (Vietnamese decimal comma)."""
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{n} B" if unit == "B" else f"{value:.1f} {unit}".replace(".", ",")
        value /= 1024
    return f"{n} B"


def _table(rows) -> str:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)


def _path(name: str):
    try:
        return service.resolve(name)
    except BackupError as exc:
        raise BackupFailed(str(exc)) from None


@click.group("backup")
def backup_group():
    """Sao lưu và khôi phục dữ liệu (cơ sở dữ liệu và tệp tải lên)."""


@backup_group.command("create")
@with_appcontext
def create_command():
    """Tạo một bản sao lưu mới trong BACKUP_DIR."""
    try:
        created = service.create(step=_step)
    except BackupError as exc:
        raise BackupFailed(str(exc)) from None
    except OSError as exc:
        raise BackupFailed(f"Không ghi được bản sao lưu vào {service.backup_dir()}: {exc}") from None
    manifest = created.manifest
    click.echo(f"Đã tạo bản sao lưu: {created.path}")
    click.echo(f"  Dung lượng tệp: {size_text(created.size)} (dữ liệu {size_text(manifest.dump_bytes)}, "
               f"{manifest.upload_files} tệp tải lên {size_text(manifest.upload_bytes)})")
    click.echo(f"  Cơ sở dữ liệu {service.KINDS[manifest.database]}: {len(manifest.tables)} bảng, "
               f"{manifest.total_rows} dòng")


@backup_group.command("list")
@with_appcontext
def list_command():
    """Liệt kê các bản sao lưu, mới nhất trước."""
    entries = service.list_backups()
    if not entries:
        click.echo(f"Chưa có bản sao lưu nào trong {service.backup_dir()}.")
        return
    rows = [("TỆP", "NGÀY TẠO", "CSDL", "DUNG LƯỢNG", "BẢNG/DÒNG")]
    for entry in entries:
        manifest = entry.manifest
        rows.append((entry.path.name, format_datetime(entry.created_at),
                     service.KINDS[manifest.database] if manifest else "(không đọc được)", size_text(entry.size),
                     f"{len(manifest.tables)}/{manifest.total_rows}" if manifest else "-"))
    click.echo(_table(rows))
    for entry in entries:
        if entry.problem:
            click.secho(f"{entry.path.name}: {entry.problem}", fg="yellow")


@backup_group.command("verify")
@click.argument("file")
@with_appcontext
def verify_command(file):
    """Khôi phục thử FILE vào cơ sở dữ liệu tạm và so số dòng từng bảng với bản kê khai."""
    path = _path(file)
    try:
        result = service.verify(path, step=_step)
    except BackupError as exc:
        raise BackupFailed(str(exc)) from None
    manifest = result.manifest
    if result.ok:
        click.echo(f"OK: {path.name} khôi phục được; {len(manifest.tables)} bảng, {manifest.total_rows} dòng và "
                   f"{manifest.upload_files} tệp tải lên khớp với bản kê khai.")
        return
    click.secho(f"KHÔNG KHỚP: {path.name} khác với bản kê khai của nó.", fg="red")
    for table, expected, found in result.differences:
        click.echo(f"  bảng {table}: bản kê khai {_count(expected)}, khôi phục được {_count(found)}")
    for problem in result.problems:
        click.echo(f"  {problem}")
    raise SystemExit(1)


def _count(value) -> str:
    return "không có bảng" if value is None else f"{value} dòng"


@backup_group.command("restore")
@click.argument("file")
@click.option("--yes", is_flag=True, help="Không hỏi xác nhận (dùng trong script).")
@with_appcontext
def restore_command(file, yes):
    """Thay toàn bộ dữ liệu hiện tại bằng dữ liệu của bản sao lưu FILE (hỏi xác nhận trước)."""
    from platform_core.extensions import db

    path = _path(file)
    try:
        contents = service.check_restorable(path)
    except BackupError as exc:
        raise BackupFailed(f"{exc} Không thay đổi gì.") from None
    manifest = contents.manifest
    click.echo(f"Bản sao lưu {path.name}, tạo lúc {format_datetime(manifest.created_at)}: "
               f"{len(manifest.tables)} bảng, {manifest.total_rows} dòng, {manifest.upload_files} tệp tải lên.")
    click.echo(f"Sẽ THAY THẾ dữ liệu của {db.engine.url.render_as_string(hide_password=True)}"
               + (f" và thư mục {service.upload_dir()}" if manifest.uploads_included else "") + ".")
    click.echo("Nên dừng các tiến trình web và bộ lập lịch (scheduler) trong lúc khôi phục.")
    if not yes:
        typed = click.prompt(f"Gõ '{CONFIRM_WORD}' để xác nhận (không thể hoàn tác)", default="",
                             show_default=False)
        if typed.strip().lower() != CONFIRM_WORD:
            raise BackupFailed("Chưa xác nhận: không thay đổi gì.")
    try:
        result = service.restore(path, step=_step)
    except BackupError as exc:
        raise BackupFailed(str(exc)) from None
    except OSError as exc:
        raise BackupFailed(f"Lỗi đọc/ghi tệp khi khôi phục: {exc}") from None
    files = "" if result.upload_files is None else f" và {result.upload_files} tệp tải lên"
    click.echo(f"Đã khôi phục {manifest.total_rows} dòng{files} từ {path.name}.")
    _warn_pending_migrations()
    if result.differences:
        click.secho("Số dòng sau khi khôi phục khác bản kê khai:", fg="red", err=True)
        for table, expected, found in result.differences:
            click.echo(f"  bảng {table}: bản kê khai {_count(expected)}, hiện có {_count(found)}", err=True)
        raise SystemExit(1)


def _warn_pending_migrations():
    from platform_core.migrations import pending

    behind = pending()
    if behind:
        click.secho(f"Cơ sở dữ liệu khôi phục chưa ở phiên bản mới nhất của mã ({', '.join(behind)}): "
                    "chạy `flask db upgrade`.", fg="yellow", err=True)


@backup_group.command("prune")
@with_appcontext
def prune_command():
    """Xoá các bản sao lưu cũ hơn BACKUP_KEEP_DAYS ngày (luôn giữ bản mới nhất)."""
    from flask import current_app

    keep_days = int(current_app.config.get("BACKUP_KEEP_DAYS") or 0)
    if keep_days <= 0:
        click.echo("BACKUP_KEEP_DAYS không dương: giữ mọi bản sao lưu, không xoá gì.")
        return
    removed = service.prune()
    for path in removed:
        click.echo(f"Đã xoá {path.name}")
    click.echo(f"Đã xoá {len(removed)} bản sao lưu cũ hơn {keep_days} ngày.")


def register(app):
    app.cli.add_command(backup_group)
