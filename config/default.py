"""Settings every deployment starts from. Environment variables of the same name override them."""

PLATFORM_ENV = "development"
SECRET_KEY = "dev-insecure-secret-change-me"

# Empty means the embedded default: a SQLite file under instance/.
SQLALCHEMY_DATABASE_URI = ""
SQLALCHEMY_TRACK_MODIFICATIONS = False

# "all" loads every installed plugin; otherwise a comma-separated list of keys.
PLATFORM_PLUGINS = "all"
# Stop start-up when a configured plugin fails to load (default: log it and carry on without it).
PLUGINS_STRICT = False
# What to do when the database is behind the code: "refuse", "warn" or "off".
MIGRATION_CHECK = "warn"

BABEL_DEFAULT_LOCALE = "vi"
BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
LANGUAGES = ["vi", "en"]

LOGIN_MAX_FAILURES = 5
LOGIN_LOCKOUT_MINUTES = 15
# argon2id parameters (argon2-cffi defaults: RFC 9106 low-memory profile).
ARGON2_TIME_COST = 3
ARGON2_MEMORY_COST = 65536
ARGON2_PARALLELISM = 4

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
PERMANENT_SESSION_LIFETIME = 8 * 3600
WTF_CSRF_TIME_LIMIT = 8 * 3600
MAX_CONTENT_LENGTH = 32 * 1024 * 1024

MAIL_SERVER = "127.0.0.1"
MAIL_PORT = 25
MAIL_USE_TLS = False
MAIL_USE_SSL = False
MAIL_USERNAME = ""
MAIL_PASSWORD = ""
MAIL_DEFAULT_SENDER = "he-thong-bao-cao@localhost"
MAIL_TIMEOUT = 10

PAGE_SIZE = 50
PLUGIN_MODULES = ""

# Scheduler: cron fields of the backup job (default twice a week), and how long backups are kept.
BACKUP_SCHEDULE = {"day_of_week": "mon,thu", "hour": 2, "minute": 0}
BACKUP_KEEP_DAYS = 365
BACKUP_DIR = ""  # empty: instance/backups
UPLOAD_DIR = ""  # empty: instance/uploads
# Days before the due date on which reminders go out (0 = on the due day); administrators may set
# other offsets per regime.
REMINDER_OFFSETS = [7, 3, 1, 0]
# Run the scheduler inside the web process (single-machine installs; `make run` turns it on); production runs
# `flask scheduler run` as its own process.
SCHEDULER_EMBEDDED = False
# Which declared jobs this scheduler process runs: "all", or keys / key prefixes ("core.,it_reporting.").
SCHEDULER_JOBS = "all"
# Standby schedulers try to become leader this often; a SQLite lease lasts this long unless renewed.
SCHEDULER_LEADER_RETRY_SECONDS = 5
SCHEDULER_LEASE_SECONDS = 30
REGISTRATION_REVIEW_UNIT = ""  # code of the unit that reviews account registrations; empty: the first top-level unit

# Official documents: the place name on the date line ("Hà Nội, ngày …"; empty prints dots), how many
# table rows make an export run in the background, how long a render may take, how long exports are kept.
DOCUMENT_PLACE = ""
DOCUMENT_BACKGROUND_ROWS = 300
DOCUMENT_MAX_RENDER_SECONDS = 600
DOCUMENT_EXPORT_KEEP_HOURS = 24

# Digital signatures: the key that encrypts uploaded certificates (production must set it, ≥ 32
# characters; development derives one from SECRET_KEY), and PEM files of the certificate authorities
# whose signatures count as trusted.
SIGNING_KEY = ""
SIGNING_TRUST_ROOTS = []

# it_reporting (QĐ 1676/QĐ-BTNMT): the code of the IT department that receives and consolidates reports.
IT_DEPARTMENT_UNIT = "BTNMT-CNTT"
