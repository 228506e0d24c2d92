"""Backups (CORE-17): create, verify, list, prune and the scheduled job, on SQLite and PostgreSQL.

Restoring, which replaces a database, is in ``test_backup_restore.py`` (each test on its own database)."""
import io
import json
import re
import tarfile
from datetime import timedelta

import pytest

from platform_core.backup import archive, jobs, service
from platform_core.timeutil import utcnow

pytestmark = pytest.mark.req("CORE-17")
KIND_LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@pytest.fixture
def app_overrides(tmp_path):
    return {"BACKUP_DIR": str(tmp_path / "sao-luu"), "UPLOAD_DIR": str(tmp_path / "tai-len")}


@pytest.fixture
def some_data(app, make_unit, make_user):
    """Two units, a user with a Vietnamese name, an uploaded file."""
    province = make_unit("UBND-HN", "Ủy ban nhân dân thành phố Hà Nội", type_code="province")
    department = make_unit("SO-TTTT", "Sở Thông tin và Truyền thông", parent=province)
    make_user("nguyenvana", full_name="Nguyễn Văn Ánh", unit=department)
    upload = service.upload_dir() / "bao-cao" / "Báo cáo quý 1.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text("Số liệu ứng dụng CNTT quý 1", encoding="utf-8")


def rewrite_manifest(path, change):
    """Rewrite the archive at ``path`` with its manifest passed through ``change(dict)``: a tampered file."""
    with tarfile.open(path) as src:
        members = [(m, src.extractfile(m).read() if m.isfile() else None) for m in src.getmembers()]
    with tarfile.open(path, "w:gz") as out:
        for member, data in members:
            if member.name == archive.MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data) if data is not None else None)


def set_created_at(path, instant):
    rewrite_manifest(path, lambda m: m.update(created_at=instant.isoformat()))


def test_create_then_verify_passes(runner, backend, some_data):
    created = runner.invoke(args=["backup", "create"])
    assert created.exit_code == 0, created.output
    files = list(service.backup_dir().iterdir())
    assert len(files) == 1 and re.fullmatch(r"backup-\d{8}-\d{6}\.tar\.gz", files[0].name)
    assert str(files[0]) in created.output

    manifest = archive.read_manifest(files[0])
    assert manifest.database == backend
    assert manifest.tables["units"] == 2 and manifest.tables["users"] == 1
    assert manifest.tables["audit_events"] > 0
    assert manifest.upload_files == 1
    assert "core" in manifest.migrations

    verified = runner.invoke(args=["backup", "verify", str(files[0])])
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.startswith("OK")


def test_verify_accepts_a_name_in_the_backup_folder(runner, some_data):
    path = service.create().path
    result = runner.invoke(args=["backup", "verify", path.name])
    assert result.exit_code == 0, result.output


def test_verify_names_the_table_whose_count_was_tampered(runner, some_data):
    path = service.create().path
    rewrite_manifest(path, lambda m: m["tables"].update(units=m["tables"]["units"] + 1))

    result = runner.invoke(args=["backup", "verify", str(path)])
    assert result.exit_code == 1
    assert "KHÔNG KHỚP" in result.output
    assert "bảng units: bản kê khai 3 dòng, khôi phục được 2 dòng" in result.output
    assert "users" not in result.output


def test_verify_detects_a_changed_dump(runner, some_data):
    path = service.create().path
    rewrite_manifest(path, lambda m: m["dump"].update(sha256="0" * 64))

    result = runner.invoke(args=["backup", "verify", str(path)])
    assert result.exit_code == 1
    assert "SHA-256" in result.output


def test_verify_detects_missing_uploads(runner, some_data):
    path = service.create().path
    rewrite_manifest(path, lambda m: m["uploads"].update(files=2))

    result = runner.invoke(args=["backup", "verify", str(path)])
    assert result.exit_code == 1
    assert "Tệp tải lên" in result.output


def test_verify_refuses_a_file_that_is_not_a_backup(runner, tmp_path):
    junk = tmp_path / "backup-20250101-000000.tar.gz"
    junk.write_bytes(b"\x00\xffkhong phai sao luu" * 50)
    result = runner.invoke(args=["backup", "verify", str(junk)])
    assert result.exit_code == 1
    assert "không phải bản sao lưu" in result.output


def test_list_shows_newest_first_with_vietnamese_dates(runner, backend, some_data):
    older = service.create().path
    set_created_at(older, utcnow().replace(year=2025, month=3, day=4, hour=20, minute=30))
    newer = service.create().path

    result = runner.invoke(args=["backup", "list"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["TỆP", "NGÀY"]
    assert lines[1].startswith(newer.name) and lines[2].startswith(older.name)
    assert "05/03/2025 03:30" in lines[2]
    assert re.search(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b", lines[1])
    assert KIND_LABEL[backend] in lines[1]


def test_list_with_no_backups(runner):
    result = runner.invoke(args=["backup", "list"])
    assert result.exit_code == 0
    assert "Chưa có bản sao lưu nào" in result.output


def test_prune_removes_only_old_backups(runner, app, some_data):
    app.config["BACKUP_KEEP_DAYS"] = 365
    now = utcnow()
    fresh, recent, old, very_old = (service.create().path for _ in range(4))
    set_created_at(recent, now - timedelta(days=300))
    set_created_at(old, now - timedelta(days=366))
    set_created_at(very_old, now - timedelta(days=800))
    unreadable = service.backup_dir() / "backup-20200101-000000.tar.gz"
    unreadable.write_bytes(b"not a tar")
    other = service.backup_dir() / "ghi-chu-2019.tar.gz"
    other.write_bytes(b"someone else's file")

    result = runner.invoke(args=["backup", "prune"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in service.backup_dir().iterdir()) == sorted(
        p.name for p in (fresh, recent, unreadable, other))
    assert "Đã xoá 2 bản sao lưu" in result.output


def test_prune_keeps_the_newest_backup_however_old(app, some_data):
    app.config["BACKUP_KEEP_DAYS"] = 30
    first, second = service.create().path, service.create().path
    set_created_at(first, utcnow() - timedelta(days=90))
    set_created_at(second, utcnow() - timedelta(days=60))

    assert service.prune() == [first]
    assert second.exists()


def test_scheduled_backup_creates_one_and_prunes_old_ones(app, some_data):
    app.config["BACKUP_KEEP_DAYS"] = 365
    old = service.create().path
    set_created_at(old, utcnow() - timedelta(days=400))

    summary = jobs.scheduled_backup()

    remaining = [entry.path for entry in service.list_backups()]
    assert old not in remaining and len(remaining) == 1
    assert remaining[0].name in summary
    assert archive.read_manifest(remaining[0]).tables["units"] == 2


def test_archive_is_written_under_a_temporary_name_then_renamed(app, some_data, monkeypatch):
    """A failure while writing leaves no file that looks like a backup, and no temporary file either."""
    def broken_add(self, *args, **kwargs):
        raise OSError("đĩa đầy")

    monkeypatch.setattr(tarfile.TarFile, "add", broken_add)
    with pytest.raises(OSError):
        service.create()
    assert list(service.backup_dir().iterdir()) == []
