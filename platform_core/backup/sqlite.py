"""SQLite through its online backup API: a consistent copy of a database in use, page by page, without
copying the live file (which may be mid-write, with recent commits still in its ``-wal`` file)."""
import sqlite3
from contextlib import closing
from pathlib import Path

from platform_core.backup.archive import BackupError


def copy(source: Path, target: Path):
    """Copy the database ``source`` into ``target`` (replacing what ``target`` held) with the backup API.
    Waits while another connection holds a write lock."""
    with closing(sqlite3.connect(source, timeout=30)) as src, closing(sqlite3.connect(target, timeout=30)) as dst:
        src.backup(dst)


def standalone(path: Path):
    """Switch a copy to rollback-journal mode: one self-contained file, no ``-wal`` beside it. (Every
    connection the platform's engines open turns WAL on.)"""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")


def check(path: Path):
    """Refuse a file that SQLite does not read as a sound database."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Dữ liệu SQLite trong bản sao lưu không đọc được: {exc}") from None
    if result != "ok":
        raise BackupError(f"Dữ liệu SQLite trong bản sao lưu bị hỏng: {result}")
