"""Example production settings. Copy to instance/production.py (or point PLATFORM_CONFIG at a copy)
and keep secrets in environment variables; the app refuses to start with the default SECRET_KEY."""

PLATFORM_ENV = "production"
# SECRET_KEY comes from the environment: export SECRET_KEY=$(python -c 'import secrets;print(secrets.token_hex(32))')
# SQLALCHEMY_DATABASE_URI comes from DATABASE_URL, e.g. postgresql+psycopg://report:***@db.internal/report
MIGRATION_CHECK = "refuse"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-session"
PLATFORM_PLUGINS = "all"
MAIL_SERVER = "mail.example.gov.vn"
MAIL_PORT = 587
MAIL_USE_TLS = True
MAIL_DEFAULT_SENDER = "he-thong-bao-cao@example.gov.vn"
# Number of reverse proxies in front of gunicorn (for ProxyFix).
PROXY_COUNT = 1
# SIGNING_KEY (≥ 32 characters) encrypts uploaded signing certificates; set it in the environment and keep
# it: changing it makes stored certificates unreadable.
# SIGNING_TRUST_ROOTS lists PEM files of trusted certificate authorities (e.g. the national root CA).
SIGNING_TRUST_ROOTS = []
