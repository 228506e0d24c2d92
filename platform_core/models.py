"""Imports every core model so that the metadata is complete (for create_all and Alembic).

Each core package keeps its tables in its own ``models.py``; a package listed here without one is
skipped, so a new part only has to add its module.
"""
import importlib
import importlib.util

PACKAGES = ("units", "accounts", "access", "audit", "plugins", "obligations", "scheduler", "notifications",
            "maintenance", "backup", "workflow", "documents", "signatures", "dashboard", "api", "search")

for _package in PACKAGES:
    _name = f"platform_core.{_package}.models"
    if importlib.util.find_spec(_name) is not None:
        importlib.import_module(_name)
