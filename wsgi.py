"""Entry point for gunicorn: ``gunicorn -w 4 wsgi:app``. Refuses to serve a database with pending migrations
when MIGRATION_CHECK is "refuse" (the production default)."""
from platform_core.app import create_app

app = create_app(serving=True)
