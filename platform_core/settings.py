"""Loading configuration: config/default.py, then a named file, then PLATFORM_CONFIG, then the environment."""
import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = ROOT / "config"
DEFAULT_SECRET = "dev-insecure-secret-change-me"
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def _coerce(name: str, text: str, current):
    """The environment's text as the type of the value it replaces; a value that does not fit stops
    start-up naming the variable, rather than silently becoming False or a string."""
    if isinstance(current, bool):
        word = text.strip().lower()
        if word not in TRUE_WORDS | FALSE_WORDS:
            raise ValueError(f"environment variable {name}={text!r} is not a yes/no value (true/false, 1/0)")
        return word in TRUE_WORDS
    if isinstance(current, (int, float)):
        try:
            return type(current)(text.strip())
        except ValueError:
            raise ValueError(f"environment variable {name}={text!r} is not a number") from None
    if isinstance(current, dict):
        return json.loads(text)
    if isinstance(current, list):
        if text.strip().startswith("["):
            return json.loads(text)
        return [p.strip() for p in text.split(",") if p.strip()]
    return text


def load(app, config_name=None, overrides=None):
    app.config.from_pyfile(str(CONFIG_DIR / "default.py"))
    if config_name:
        app.config.from_pyfile(str(CONFIG_DIR / f"{config_name}.py"))
    extra = os.environ.get("PLATFORM_CONFIG")
    if extra:
        app.config.from_pyfile(str(Path(extra).resolve()))
    elif os.environ.get("PLATFORM_ENV") == "production" and (Path(app.instance_path) / "production.py").exists():
        app.config.from_pyfile(str(Path(app.instance_path) / "production.py"))
    for key, value in list(app.config.items()):
        if key.isupper() and key in os.environ and not (config_name == "testing" and key == "SQLALCHEMY_DATABASE_URI"):
            app.config[key] = _coerce(key, os.environ[key], value)
    if os.environ.get("DATABASE_URL") and config_name != "testing":
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if overrides:
        app.config.update(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app)


def database_url(app) -> str:
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or ""
    if not url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{Path(app.instance_path) / 'platform.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def check_production(app):
    """CORE-01: production never runs on the shipped secret."""
    if app.config.get("PLATFORM_ENV") == "production":
        secret = app.config.get("SECRET_KEY") or ""
        if secret == DEFAULT_SECRET or len(secret) < 16:
            raise RuntimeError(
                "Refusing to start in production with the default or a short SECRET_KEY; "
                "set SECRET_KEY in the environment (at least 16 characters)."
            )
