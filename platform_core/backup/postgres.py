"""PostgreSQL through pg_dump / pg_restore (custom format).

The app's SQLAlchemy URL becomes a libpq URL ("+psycopg" removed); its password travels in ``PGPASSWORD``
rather than on the command line, where any user of the machine could read it.
"""
import os
import shutil
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from platform_core.backup.archive import BackupError


def libpq(url) -> tuple[str, dict]:
    """``(dsn, environment)`` for the client programs."""
    url = make_url(url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return dsn, env


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Không tìm thấy chương trình {name} (gói postgresql-client, cùng phiên bản với máy chủ).")
    return path


def _run(args: list[str], env: dict, what: str):
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise BackupError(f"{what} thất bại (mã {result.returncode}): {detail}")


@contextmanager
def snapshot(engine):
    """A read-only repeatable-read transaction and its exported snapshot id: row counts read on the
    connection and the pg_dump run with ``--snapshot`` see exactly the same data."""
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            yield conn, conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()


def dump(url, target: Path, snapshot_id: str | None = None):
    dsn, env = libpq(url)
    args = [_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"]
    if snapshot_id:
        args.append(f"--snapshot={snapshot_id}")
    _run([*args, f"--dbname={dsn}"], env, "pg_dump")


def check(dump_path: Path):
    """Refuse a dump that pg_restore cannot read (``--list`` reads its table of contents, changing nothing)."""
    _run([_program("pg_restore"), "--list", str(dump_path)], dict(os.environ), "Đọc tệp pg_dump")


def restore(url, dump_path: Path, clean: bool):
    """Load ``dump_path`` into the database at ``url`` in one transaction: on any error nothing changes.
    ``clean`` drops the objects of the dump first (replacing the database's content)."""
    dsn, env = libpq(url)
    args = [_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if clean:
        args += ["--clean", "--if-exists"]
    _run([*args, f"--dbname={dsn}", str(dump_path)], env, "pg_restore")


@contextmanager
def scratch_database(url):
    """A new, empty database on the same server, dropped afterwards; yields its SQLAlchemy URL."""
    url = make_url(url)
    name = f"backup_verify_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    except sa.exc.DBAPIError as exc:
        admin.dispose()
        raise BackupError(f"Không tạo được cơ sở dữ liệu tạm để kiểm tra (cần quyền CREATEDB): {exc.orig}") from None
    try:
        yield url.set(database=name)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
