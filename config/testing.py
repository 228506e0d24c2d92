"""Settings for the test suite: fast hashing, no CSRF unless a test turns it on, no migration check."""

PLATFORM_ENV = "testing"
TESTING = True
SECRET_KEY = "testing-secret"
WTF_CSRF_ENABLED = False
MIGRATION_CHECK = "off"
ARGON2_TIME_COST = 1
ARGON2_MEMORY_COST = 8192
ARGON2_PARALLELISM = 1
MAIL_PORT = 0
