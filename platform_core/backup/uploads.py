"""Putting the uploaded files of a backup back in place of the current ones."""
import shutil
import tempfile
from pathlib import Path

from platform_core.backup import archive


def replace(upload_dir: Path, backup_file: Path) -> int:
    """Make ``upload_dir`` hold exactly the backup's uploads; returns how many files.

    The files are extracted next to the folder first and swapped in by renaming, so a failure while
    extracting leaves the current files as they were."""
    upload_dir.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=f".{upload_dir.name}-restore-", dir=upload_dir.parent))
    try:
        count = archive.extract_uploads(backup_file, incoming)
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise
    incoming.chmod(upload_dir.stat().st_mode & 0o7777 if upload_dir.exists() else 0o755)
    outgoing = None
    if upload_dir.exists():
        outgoing = Path(tempfile.mkdtemp(prefix=f".{upload_dir.name}-old-", dir=upload_dir.parent))
        outgoing.rmdir()
        upload_dir.rename(outgoing)
    incoming.rename(upload_dir)
    if outgoing is not None:
        shutil.rmtree(outgoing, ignore_errors=True)
    return count
