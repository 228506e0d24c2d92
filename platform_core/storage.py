"""Where files live: uploaded documents and backups. Both settings may be absolute, or relative to the
instance folder; empty means ``instance/uploads`` and ``instance/backups``. One place decides, so that
what a plugin stores is what a backup saves."""
from pathlib import Path

from flask import current_app


def _folder(setting: str, default: str) -> Path:
    return Path(current_app.instance_path) / (current_app.config.get(setting) or default)


def upload_dir() -> Path:
    return _folder("UPLOAD_DIR", "uploads")


def backup_dir() -> Path:
    return _folder("BACKUP_DIR", "backups")
