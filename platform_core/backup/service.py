"""Creating, listing, verifying, restoring and pruning backups (CORE-17). Every function runs inside an
app context and works on the app's database, ``BACKUP_DIR`` and ``UPLOAD_DIR``.

``BACKUP_DIR`` and ``UPLOAD_DIR`` may be relative to the instance folder; empty means ``instance/backups``
and ``instance/uploads``. ``step`` arguments receive one Vietnamese line per stage, for the command line
to show progress.
"""
import getpass
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.pool import NullPool

from platform_core import audit, migrations
from platform_core.backup import archive, postgres, sqlite, uploads
from platform_core.backup.archive import BackupError, Manifest, NotABackup
from platform_core.extensions import db
from platform_core.storage import backup_dir, upload_dir
from platform_core.timeutil import LOCAL_TZ, format_datetime, utcnow

KINDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _silent(message: str):
    pass


def database_kind() -> str:
    kind = db.engine.dialect.name
    if kind not in KINDS:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {kind}.")
    return kind


def _sqlite_path() -> Path:
    name = db.engine.url.database
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        raise BackupError("Cơ sở dữ liệu SQLite nằm trong bộ nhớ, không có tệp để sao lưu hay khôi phục.")
    return Path(name)


def row_counts(connection) -> dict[str, int]:
    names = sa.inspect(connection).get_table_names()
    return {name: connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name)))
            for name in sorted(names)}


def _counts_at(url) -> dict[str, int]:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return row_counts(conn)
    finally:
        engine.dispose()


def migration_state(connection) -> dict:
    """Per branch, the code's heads and the revisions the database is at."""
    return {branch: {"heads": sorted(migrations.heads(branch)),
                     "current": sorted(migrations.current(branch, connection))}
            for branch in migrations.branches()}


@contextmanager
def _staging(prefix: str):
    """A scratch folder beside the backups (dumps can be large; /tmp is often a small tmpfs)."""
    folder = backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=prefix, dir=folder) as name:
        yield Path(name)


def _target_name(folder: Path, created_at: datetime) -> Path:
    """``backup-YYYYMMDD-HHMMSS.tar.gz`` in Viet Nam's time (the manifest keeps the UTC instant)."""
    stem = f"backup-{created_at.astimezone(LOCAL_TZ):%Y%m%d-%H%M%S}"
    target, n = folder / f"{stem}.tar.gz", 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}.tar.gz"
    return target


@dataclass
class Created:
    path: Path
    manifest: Manifest
    size: int


def create(step: Callable[[str], None] = _silent) -> Created:
    """Write a new backup into ``BACKUP_DIR``: manifest, database dump, uploaded files."""
    kind = database_kind()
    folder = backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    created_at = utcnow()
    with _staging(".creating-") as staging:
        dump = staging / archive.DUMP_NAMES[kind]
        step(f"Sao lưu cơ sở dữ liệu {KINDS[kind]}…")
        tables, state = _dump_sqlite(dump) if kind == "sqlite" else _dump_postgres(dump)
        source = upload_dir()
        files = archive.upload_files(source, skip=folder)
        manifest = Manifest(
            created_at=created_at, database=kind, dump_name=dump.name, dump_bytes=dump.stat().st_size,
            dump_sha256=archive.sha256_of(dump), tables=tables, migrations=state,
            uploads_included=source.is_dir(), upload_files=len(files),
            upload_bytes=sum(path.stat().st_size for path in files))
        target = _target_name(folder, created_at)
        step(f"Đóng gói {len(files)} tệp tải lên và ghi {target.name}…")
        archive.write(target, manifest, dump, source if source.is_dir() else None, files)
    return Created(target, manifest, target.stat().st_size)


def _dump_sqlite(dump: Path):
    sqlite.copy(_sqlite_path(), dump)
    engine = sa.create_engine(f"sqlite:///{dump}", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            counted = row_counts(conn), migration_state(conn)
    finally:
        engine.dispose()
    sqlite.standalone(dump)
    return counted


def _dump_postgres(dump: Path):
    with postgres.snapshot(db.engine) as (conn, snapshot_id):
        counted = row_counts(conn), migration_state(conn)
        postgres.dump(db.engine.url, dump, snapshot_id)
    return counted


@dataclass
class Entry:
    """A file in ``BACKUP_DIR`` named like a backup; ``manifest`` is None when it cannot be read."""

    path: Path
    size: int
    manifest: Manifest | None
    problem: str | None = None

    @property
    def created_at(self) -> datetime:
        if self.manifest is not None:
            return self.manifest.created_at
        match = archive.NAME_PATTERN.match(self.path.name)
        return datetime.strptime("".join(match.groups()), "%Y%m%d%H%M%S").replace(tzinfo=LOCAL_TZ)


def list_backups() -> list[Entry]:
    """Backups in ``BACKUP_DIR``, newest first."""
    folder = backup_dir()
    if not folder.is_dir():
        return []
    entries = []
    for path in folder.iterdir():
        if not path.is_file() or not archive.NAME_PATTERN.match(path.name):
            continue
        try:
            entries.append(Entry(path, path.stat().st_size, archive.read_manifest(path)))
        except NotABackup as exc:
            entries.append(Entry(path, path.stat().st_size, None, str(exc)))
    return sorted(entries, key=lambda e: (e.created_at, e.path.name), reverse=True)


def resolve(name: str) -> Path:
    """``name`` as given, or a file of that name in ``BACKUP_DIR``."""
    for candidate in (Path(name), backup_dir() / name):
        if candidate.is_file():
            return candidate
    raise BackupError(f"Không tìm thấy tệp sao lưu {name}.")


@dataclass
class Verification:
    manifest: Manifest
    found: dict[str, int]
    differences: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences and not self.problems


def _differences(expected: dict[str, int], found: dict[str, int]):
    return [(table, expected.get(table), found.get(table)) for table in sorted(set(expected) | set(found))
            if expected.get(table) != found.get(table)]


def verify(path: Path, step: Callable[[str], None] = _silent) -> Verification:
    """Restore the backup into a scratch database and compare its row counts with the manifest; also
    check the dump's checksum and the uploaded files against the manifest. The app's data is untouched."""
    contents = archive.inspect(path)
    manifest = contents.manifest
    with _staging(".verifying-") as staging:
        step("Giải nén và kiểm tra mã SHA-256 của dữ liệu…")
        dump = archive.extract_dump(path, manifest, staging)
        step(f"Khôi phục thử vào cơ sở dữ liệu {KINDS[manifest.database]} tạm…")
        if manifest.database == "sqlite":
            sqlite.check(dump)
            scratch = staging / "scratch.sqlite3"
            sqlite.copy(dump, scratch)
            found = _counts_at(f"sqlite:///{scratch}")
        else:
            if database_kind() != "postgresql":
                raise BackupError("Bản sao lưu PostgreSQL chỉ kiểm tra được khi hệ thống dùng máy chủ PostgreSQL.")
            with postgres.scratch_database(db.engine.url) as url:
                postgres.restore(url, dump, clean=False)
                found = _counts_at(url)
    result = Verification(manifest, found, _differences(manifest.tables, found))
    if (contents.upload_files, contents.upload_bytes) != (manifest.upload_files, manifest.upload_bytes):
        result.problems.append(
            f"Tệp tải lên: bản kê khai ghi {manifest.upload_files} tệp ({manifest.upload_bytes} byte), "
            f"trong bản sao lưu có {contents.upload_files} tệp ({contents.upload_bytes} byte).")
    return result


def check_restorable(path: Path) -> archive.Contents:
    """Everything that can be known without changing anything: a readable archive of this platform's
    format, holding a dump for the database kind the app uses."""
    contents = archive.inspect(path)
    kind, theirs = database_kind(), contents.manifest.database
    if theirs != kind:
        raise NotABackup(f"Tệp {path.name} là bản sao lưu cơ sở dữ liệu {KINDS[theirs]}, hệ thống đang dùng "
                         f"{KINDS[kind]}: không khôi phục được.")
    return contents


@dataclass
class Restored:
    manifest: Manifest
    upload_files: int | None
    differences: list[tuple[str, int | None, int | None]]


def restore(path: Path, step: Callable[[str], None] = _silent) -> Restored:
    """Replace the database's content and the uploaded files with the backup's, then record
    ``backup.restore`` (in the restored database, so the event survives).

    Nothing changes until the archive, its checksum and its dump have been checked. On PostgreSQL,
    ``pg_restore --clean`` runs in one transaction; tables that are not in the backup are left alone."""
    manifest = check_restorable(path).manifest
    try:
        _restore_database(path, manifest, step)
    except BackupError as exc:
        raise BackupError(f"{exc} Dữ liệu hiện tại không thay đổi.") from None
    restored_files = None
    if manifest.uploads_included:
        step("Khôi phục tệp tải lên…")
        restored_files = uploads.replace(upload_dir(), path)
    with db.engine.connect() as conn:
        found = row_counts(conn)
    differences = [(t, n, found.get(t)) for t, n in sorted(manifest.tables.items()) if found.get(t) != n]
    audit.record("backup.restore", object_type="backup", object_id=path.name,
                 summary=f"Khôi phục dữ liệu từ bản sao lưu {path.name} "
                         f"(tạo lúc {format_datetime(manifest.created_at)})",
                 changes={"file": path.name, "created_at": manifest.created_at.isoformat(),
                          "database": manifest.database, "rows": manifest.total_rows,
                          "upload_files": restored_files, "os_user": _os_user()})
    db.session.commit()
    return Restored(manifest, restored_files, differences)


def _restore_database(path: Path, manifest: Manifest, step):
    """All or nothing: the SQLite backup API writes the whole copy in one transaction, pg_restore runs
    with ``--single-transaction``."""
    with _staging(".restoring-") as staging:
        step("Giải nén và kiểm tra dữ liệu…")
        dump = archive.extract_dump(path, manifest, staging)
        if manifest.database == "sqlite":
            sqlite.check(dump)
        else:
            postgres.check(dump)
        step("Khôi phục cơ sở dữ liệu…")
        db.session.remove()
        db.engine.dispose()
        if manifest.database == "sqlite":
            sqlite.copy(dump, _sqlite_path())
        else:
            postgres.restore(db.engine.url, dump, clean=True)
        db.engine.dispose()


def _os_user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def prune(now: datetime | None = None) -> list[Path]:
    """Delete backups created more than ``BACKUP_KEEP_DAYS`` days ago (0 or less: keep everything).

    Only files named like a backup whose manifest can be read are considered, and the newest of them is
    always kept, so a scheduler that stopped making backups never ends up with none."""
    keep_days = int(current_app.config.get("BACKUP_KEEP_DAYS") or 0)
    if keep_days <= 0:
        return []
    cutoff = (now or utcnow()) - timedelta(days=keep_days)
    readable = [entry for entry in list_backups() if entry.manifest is not None]
    removed = []
    for entry in readable[1:]:
        if entry.manifest.created_at < cutoff:
            entry.path.unlink()
            removed.append(entry.path)
    return removed
