"""The backup file: a tar.gz holding ``manifest.json`` (first, so listing is cheap), the database dump and
the uploaded files under ``uploads/``.

Everything read from a file is checked before it is trusted: a file that is not a tar, a tar without a
manifest, a manifest of another format or with unsafe member names is refused with :class:`NotABackup`.
"""
import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

FORMAT = "platform-core-backup"
VERSION = 1
MANIFEST = "manifest.json"
UPLOADS = "uploads"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
NAME_PATTERN = re.compile(r"^backup-(\d{8})-(\d{6})(?:-\d+)?\.tar(?:\.gz)?$")
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
_UNREADABLE = (tarfile.TarError, OSError, EOFError, zlib.error, UnicodeDecodeError)


class BackupError(Exception):
    """A backup operation that cannot go on; the message is Vietnamese, for the operator."""


class NotABackup(BackupError):
    """The file is not a backup this platform can read; nothing was changed."""


@dataclass
class Manifest:
    created_at: datetime
    database: str
    dump_name: str
    dump_bytes: int
    dump_sha256: str
    tables: dict[str, int]
    migrations: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    uploads_included: bool = False
    upload_files: int = 0
    upload_bytes: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.tables.values())

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT, "version": VERSION, "created_at": self.created_at.isoformat(),
            "database": self.database,
            "dump": {"name": self.dump_name, "bytes": self.dump_bytes, "sha256": self.dump_sha256},
            "migrations": self.migrations, "tables": self.tables,
            "uploads": {"included": self.uploads_included, "files": self.upload_files, "bytes": self.upload_bytes},
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> "Manifest":
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise NotABackup("Tệp kê khai manifest.json không phải JSON hợp lệ.") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise NotABackup("Tệp kê khai không thuộc định dạng sao lưu của hệ thống này.")
        if data.get("version") != VERSION:
            raise NotABackup(f"Bản sao lưu có phiên bản định dạng {data.get('version')!r}; "
                             f"hệ thống chỉ đọc được phiên bản {VERSION}.")
        try:
            return cls._fields_from(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise NotABackup(f"Tệp kê khai hỏng hoặc thiếu thông tin ({exc.__class__.__name__}: {exc}).") from None

    @classmethod
    def _fields_from(cls, data: dict) -> "Manifest":
        created_at = datetime.fromisoformat(data["created_at"])
        if created_at.tzinfo is None:
            raise ValueError("created_at không có múi giờ")
        database = data["database"]
        if database not in DUMP_NAMES:
            raise ValueError(f"loại cơ sở dữ liệu không rõ: {database!r}")
        dump = data["dump"]
        if dump["name"] != DUMP_NAMES[database]:
            raise ValueError(f"tên tệp dữ liệu không đúng: {dump['name']!r}")
        tables = data["tables"]
        if not all(isinstance(k, str) and type(v) is int and v >= 0 for k, v in tables.items()):
            raise ValueError("số dòng của các bảng không hợp lệ")
        uploads = data.get("uploads") or {}
        return cls(created_at=created_at, database=database, dump_name=dump["name"], dump_bytes=int(dump["bytes"]),
                   dump_sha256=str(dump["sha256"]), tables=dict(tables), migrations=dict(data.get("migrations") or {}),
                   uploads_included=bool(uploads.get("included")), upload_files=int(uploads.get("files", 0)),
                   upload_bytes=int(uploads.get("bytes", 0)))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def upload_files(upload_dir: Path | None, skip: Path | None = None) -> list[Path]:
    """Regular files under ``upload_dir`` (symbolic links are not followed), sorted; none when the
    folder does not exist. ``skip`` excludes a folder inside it (the backups themselves)."""
    if upload_dir is None or not upload_dir.is_dir():
        return []
    found = []
    for root, dirs, files in os.walk(upload_dir):
        dirs[:] = [d for d in dirs if not (skip and Path(root, d).resolve() == skip.resolve())]
        found.extend(Path(root, name) for name in files if Path(root, name).is_file()
                     and not Path(root, name).is_symlink())
    return sorted(found)


def write(target: Path, manifest: Manifest, dump: Path, upload_dir: Path | None, uploads: list[Path]) -> Path:
    """Write the archive next to ``target`` under a temporary name, then rename it: a crash never leaves
    a half-written file that looks like a backup."""
    fd, temp_name = tempfile.mkstemp(prefix=".writing-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        with tarfile.open(temp_name, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
            _add_bytes(tar, MANIFEST, manifest.to_json(), manifest.created_at.timestamp())
            tar.add(dump, arcname=manifest.dump_name, recursive=False)
            if upload_dir is not None and upload_dir.is_dir():
                tar.add(upload_dir, arcname=UPLOADS, recursive=False)
                for path in uploads:
                    tar.add(path, arcname=f"{UPLOADS}/{path.relative_to(upload_dir).as_posix()}", recursive=False)
        with open(temp_name, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def _add_bytes(tar, name, data: bytes, mtime: float):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def _open(path: Path):
    try:
        return tarfile.open(path, "r:*")
    except _UNREADABLE:
        raise NotABackup(f"Tệp {path.name} không phải bản sao lưu (không đọc được dạng tar/tar.gz).") from None


def read_manifest(path: Path) -> Manifest:
    """The manifest of ``path``; :class:`NotABackup` for anything else."""
    with _open(path) as tar:
        return _manifest_of(tar, path)


def _manifest_of(tar, path: Path) -> Manifest:
    """The manifest is the first member of every backup: reading it never decompresses the rest."""
    try:
        member = tar.next()
    except _UNREADABLE:
        raise NotABackup(f"Tệp {path.name} không phải bản sao lưu (tệp tar hỏng).") from None
    if member is None or member.name != MANIFEST:
        raise NotABackup(f"Tệp {path.name} không phải bản sao lưu: không có tệp kê khai {MANIFEST}.")
    if not member.isfile() or member.size > MAX_MANIFEST_BYTES:
        raise NotABackup(f"Tệp {path.name} không phải bản sao lưu: {MANIFEST} không hợp lệ.")
    try:
        raw = tar.extractfile(member).read()
    except _UNREADABLE:
        raise NotABackup(f"Tệp {path.name} hỏng: không đọc được {MANIFEST}.") from None
    return Manifest.from_json(raw)


@dataclass
class Contents:
    """What an archive holds besides its manifest, as found by :func:`inspect`."""

    manifest: Manifest
    dump_size: int
    upload_files: int
    upload_bytes: int


def inspect(path: Path) -> Contents:
    """Read the whole archive once: the manifest, the dump member and the uploads. Refuses members that
    are not expected (other names, links, devices, absolute or ``..`` paths)."""
    with _open(path) as tar:
        manifest = _manifest_of(tar, path)
        dump_size, files, size = None, 0, 0
        try:
            members = tar.getmembers()
        except _UNREADABLE:
            raise NotABackup(f"Tệp {path.name} hỏng: không đọc hết được nội dung.") from None
        for member in members:
            name = member.name
            if name == MANIFEST:
                continue
            if name == manifest.dump_name and member.isfile():
                dump_size = member.size
            elif _is_upload(name) and member.isfile():
                files, size = files + 1, size + member.size
            elif not (member.isdir() and (name == UPLOADS or _is_upload(name))):
                raise NotABackup(f"Tệp {path.name} chứa mục không hợp lệ: {name!r}.")
        if dump_size is None:
            raise NotABackup(f"Tệp {path.name} không có dữ liệu cơ sở dữ liệu ({manifest.dump_name}).")
    return Contents(manifest, dump_size, files, size)


def _is_upload(name: str) -> bool:
    parts = name.split("/")
    return (len(parts) > 1 and parts[0] == UPLOADS and not name.startswith("/")
            and all(p not in ("", ".", "..") for p in parts[1:]))


def extract_dump(path: Path, manifest: Manifest, dest: Path) -> Path:
    """Extract the database dump into ``dest`` and check it against the manifest's checksum."""
    with _open(path) as tar:
        try:
            tar.extract(manifest.dump_name, dest, filter="data")
        except (KeyError, *_UNREADABLE, tarfile.FilterError) as exc:
            raise NotABackup(f"Không giải nén được dữ liệu từ {path.name}: {exc}") from None
    dump = dest / manifest.dump_name
    if sha256_of(dump) != manifest.dump_sha256:
        raise BackupError(f"Dữ liệu trong {path.name} không khớp mã kiểm tra (SHA-256) của tệp kê khai: "
                          "tệp đã bị thay đổi hoặc hỏng.")
    return dump


def extract_uploads(path: Path, dest: Path) -> int:
    """Extract the files under ``uploads/`` into ``dest`` (without the prefix); returns how many."""
    count = 0
    with _open(path) as tar:
        for member in tar:
            if _is_upload(member.name) and (member.isfile() or member.isdir()):
                member = member.replace(name=member.name[len(UPLOADS) + 1:], deep=False)
                tar.extract(member, dest, filter="data")
                count += member.isfile()
    return count
