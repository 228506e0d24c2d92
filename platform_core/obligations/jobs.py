"""The core's obligation jobs, called by the scheduler with no arguments inside an app context. Both
are idempotent: a repeated or overlapping run changes nothing more."""
from platform_core.obligations import service


def generate_upcoming() -> int:
    """Create the obligations of the periods coming due (see :func:`service.generate`)."""
    return service.generate()


def mark_overdue() -> int:
    """Mark ``late`` the open obligations whose due day has ended."""
    return service.refresh_overdue()
