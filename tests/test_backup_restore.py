"""Restoring a backup (CORE-17) replaces the database: every test here gets a database of its own (a new
SQLite file, or a new PostgreSQL database) instead of the session's shared one."""
import io
import json
import tarfile

import pytest
import sqlalchemy as sa

from platform_core import audit
from platform_core.accounts.models import User
from platform_core.audit.models import AuditEvent
from platform_core.backup import archive, service
from platform_core.testing.pytest_plugin import _build_schema
from platform_core.timeutil import utcnow
from platform_core.units.models import Unit

pytestmark = pytest.mark.req("CORE-17")
UNIT_NAME = "Sở Thông tin và Truyền thông tỉnh Thừa Thiên Huế"
FULL_NAME = "Nguyễn Thị Hồng Nhung"
UPLOAD_TEXT = "Quyết định số 12/QĐ-UBND về việc phê duyệt dự án ứng dụng CNTT"


@pytest.fixture
def database_url(empty_database_url):
    _build_schema(empty_database_url)
    return empty_database_url


@pytest.fixture
def app_overrides(tmp_path):
    return {"BACKUP_DIR": str(tmp_path / "sao-luu"), "UPLOAD_DIR": str(tmp_path / "tai-len")}


@pytest.fixture
def upload():
    path = service.upload_dir() / "quyết định" / "QĐ 12.txt"
    path.parent.mkdir(parents=True)
    path.write_text(UPLOAD_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def backed_up(db, make_unit, make_user, upload):
    """Data, then a backup of it; returns the backup's path."""
    province = make_unit("TTH", "Ủy ban nhân dân tỉnh Thừa Thiên Huế", type_code="province")
    department = make_unit("TTH-STTTT", UNIT_NAME, parent=province)
    make_user("nhungnth", full_name=FULL_NAME, unit=department)
    audit.record("test.note", summary="Đã kiểm tra số liệu quý 1")
    db.session.commit()
    return service.create().path


def counts(db):
    with db.engine.connect() as conn:
        return service.row_counts(conn)


def destroy(db, backend):
    """Lose the data. The audit log is append-only by trigger, so rows cannot simply be deleted."""
    db.session.remove()
    if backend == "postgresql":
        with db.engine.begin() as conn:
            tables = sa.inspect(conn).get_table_names()
            conn.exec_driver_sql("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
    else:
        db.drop_all()
    db.engine.dispose()


def test_restore_brings_back_destroyed_data_and_files(runner, db, backend, backed_up, upload):
    before = counts(db)
    destroy(db, backend)
    upload.write_text("nội dung bị ghi đè", encoding="utf-8")
    stray = service.upload_dir() / "tệp lạ.txt"
    stray.write_text("không có trong bản sao lưu", encoding="utf-8")

    result = runner.invoke(args=["backup", "restore", str(backed_up), "--yes"])
    assert result.exit_code == 0, result.output

    db.session.remove()
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == "TTH-STTTT"))
    assert unit is not None and unit.name == UNIT_NAME
    user = db.session.scalar(sa.select(User).where(User.username == "nhungnth"))
    assert user.full_name == FULL_NAME and user.unit_id == unit.id
    note = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "test.note"))
    assert note.summary == "Đã kiểm tra số liệu quý 1"
    restored_event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "backup.restore"))
    assert restored_event.object_id == backed_up.name
    after = counts(db)
    assert after == {**before, "audit_events": before["audit_events"] + 1}
    assert upload.read_text(encoding="utf-8") == UPLOAD_TEXT
    assert not stray.exists()


def test_restored_database_still_refuses_changes_to_the_audit_log(runner, db, backed_up):
    result = runner.invoke(args=["backup", "restore", str(backed_up), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    with pytest.raises(sa.exc.DatabaseError), db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_events")


def test_restore_with_the_typed_word_replaces_the_data(runner, db, make_unit, backed_up):
    make_unit("MOI", "Đơn vị mới sau sao lưu")
    db.session.remove()

    result = runner.invoke(args=["backup", "restore", str(backed_up)], input="khoi phuc\n")
    assert result.exit_code == 0, result.output
    assert "Gõ 'khoi phuc'" in result.output
    db.session.remove()
    assert db.session.scalar(sa.select(Unit).where(Unit.code == "MOI")) is None


@pytest.mark.parametrize("typed", ["\n", "yes\n", "khoi\n", "co\n"])
def test_restore_without_confirmation_changes_nothing(runner, db, make_unit, backed_up, upload, typed):
    make_unit("MOI", "Đơn vị mới sau sao lưu")
    upload.write_text("bản mới hơn", encoding="utf-8")
    before = counts(db)
    db.session.remove()

    result = runner.invoke(args=["backup", "restore", str(backed_up)], input=typed)
    assert result.exit_code == 1
    assert "Chưa xác nhận: không thay đổi gì." in result.output
    assert counts(db) == before
    assert db.session.scalar(sa.select(Unit).where(Unit.code == "MOI")) is not None
    assert upload.read_text(encoding="utf-8") == "bản mới hơn"


def _tar(path, members: dict[str, bytes]):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _other_kind_backup(path, backend, tmp_path):
    """A well-formed backup of the other database kind."""
    kind = "sqlite" if backend == "postgresql" else "postgresql"
    dump = tmp_path / archive.DUMP_NAMES[kind]
    dump.write_bytes(b"dump")
    manifest = archive.Manifest(created_at=utcnow(), database=kind, dump_name=dump.name, dump_bytes=4,
                                dump_sha256=archive.sha256_of(dump), tables={"units": 0})
    return archive.write(path, manifest, dump, None, [])


NOT_BACKUPS = {
    "random bytes": (lambda p, backend, tmp: p.write_bytes(bytes(range(256)) * 20), "không phải bản sao lưu"),
    "tar without manifest": (lambda p, backend, tmp: _tar(p, {"database.sqlite3": b"x"}), "không có tệp kê khai"),
    "another format": (lambda p, backend, tmp: _tar(p, {"manifest.json": json.dumps(
        {"format": "other-app-backup", "version": 1}).encode()}), "không thuộc định dạng sao lưu"),
    "manifest not json": (lambda p, backend, tmp: _tar(p, {"manifest.json": b"\xff{"}), "không phải JSON"),
    "another database kind": (_other_kind_backup, "không khôi phục được"),
}


@pytest.mark.parametrize("case", sorted(NOT_BACKUPS))
def test_restore_of_a_file_that_is_not_a_backup_says_so_and_changes_nothing(
        runner, db, backend, backed_up, upload, tmp_path, case):
    make, message = NOT_BACKUPS[case]
    bad = tmp_path / "backup-20260101-000000.tar.gz"
    make(bad, backend, tmp_path)
    before = counts(db)
    db.session.remove()

    result = runner.invoke(args=["backup", "restore", str(bad), "--yes"])
    assert result.exit_code == 1
    assert message in result.output
    assert "Không thay đổi gì" in result.output
    assert counts(db) == before
    assert upload.read_text(encoding="utf-8") == UPLOAD_TEXT
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "backup.restore")) is None


def test_restore_refuses_an_archive_with_paths_outside_its_folders(runner, db, backed_up, tmp_path):
    with tarfile.open(backed_up) as src:
        members = [(m, src.extractfile(m).read()) for m in src.getmembers() if m.isfile()]
    bad = tmp_path / "backup-20260101-000001.tar.gz"
    _tar(bad, {**{m.name: data for m, data in members}, "uploads/../../ngoai.txt": b"x"})

    result = runner.invoke(args=["backup", "restore", str(bad), "--yes"])
    assert result.exit_code == 1
    assert "mục không hợp lệ" in result.output
    assert not (tmp_path / "ngoai.txt").exists()


def test_restore_of_a_backup_whose_dump_was_changed_changes_nothing(runner, db, make_unit, backed_up, tmp_path):
    with tarfile.open(backed_up) as src:
        members = {m.name: src.extractfile(m).read() for m in src.getmembers() if m.isfile()}
    manifest = json.loads(members[archive.MANIFEST])
    dump_name = manifest["dump"]["name"]
    members[dump_name] = members[dump_name][:-100] + b"\0" * 100
    changed = _tar(tmp_path / "backup-20260101-000002.tar.gz", members)
    make_unit("MOI", "Đơn vị mới sau sao lưu")
    before = counts(db)
    db.session.remove()

    result = runner.invoke(args=["backup", "restore", str(changed), "--yes"])
    assert result.exit_code == 1
    assert "SHA-256" in result.output and "không thay đổi" in result.output
    assert counts(db) == before
