"""The scheduled backup (core job ``core.backup.create``; frequency ``BACKUP_SCHEDULE``, retention
``BACKUP_KEEP_DAYS``)."""
import logging

from platform_core.backup import service

log = logging.getLogger(__name__)


def scheduled_backup() -> str:
    """Create a backup, then prune old ones. A failure raises, so the scheduler records the run as failed;
    pruning runs only after a new backup exists."""
    created = service.create(step=lambda message: log.debug("%s", message))
    removed = service.prune()
    summary = (f"Đã sao lưu {created.path.name} ({created.size} byte, {len(created.manifest.tables)} bảng, "
               f"{created.manifest.total_rows} dòng, {created.manifest.upload_files} tệp tải lên); "
               f"xoá {len(removed)} bản sao lưu cũ.")
    log.info(summary)
    return summary
