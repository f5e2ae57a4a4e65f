"""Configuration read from the environment, with defaults that are safe on a laptop.

Everything a deployment changes comes from environment variables, so the same code runs the
embedded default (SQLite file, jobs in a thread) and the scale-out shape (PostgreSQL, RQ on
Redis) without edits.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

VERSION = "0.1.0"


class ConfigError(RuntimeError):
    """The app cannot start safely with the configuration it was given."""


def _int_env(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


def _flag_env(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0, not {raw!r}")


def _secret_key(env: dict[str, str], instance_path: Path, production: bool) -> str:
    """Return SECRET_KEY, creating one under instance/ for development.

    A production app refuses to start without an explicit key: a generated key on a server
    would sign people out on every restart and differ between gunicorn workers.
    """
    if env.get("SECRET_KEY"):
        if production:
            _refuse_weak_production_key(env["SECRET_KEY"], instance_path / "secret_key")
        return env["SECRET_KEY"]
    if production:
        raise ConfigError(
            "SECRET_KEY is not set. In production (DISCOVERY_ENV=production) set SECRET_KEY to a "
            "long random value, for example: python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        make_private_dir(instance_path)
        fd = os.open(key_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    elif key_file.stat().st_mode & 0o077:
        key_file.chmod(0o600)
    return key_file.read_text().strip()


MIN_PRODUCTION_KEY_LENGTH = 32


def _refuse_weak_production_key(key: str, dev_key_file: Path) -> None:
    """A guessable key lets anyone forge a signed-in session: refuse short keys and the dev one."""
    if len(key) < MIN_PRODUCTION_KEY_LENGTH:
        raise ConfigError(
            f"SECRET_KEY is too short for production ({len(key)} characters): use at least "
            f"{MIN_PRODUCTION_KEY_LENGTH} random characters, for example: "
            "python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    if dev_key_file.is_file() and dev_key_file.read_text().strip() == key:
        raise ConfigError(
            "SECRET_KEY is the development key from instance/secret_key. In production set a new "
            "random key of its own: python -c 'import secrets; print(secrets.token_hex(32))'"
        )


def make_private_dir(path: Path) -> None:
    """Create ``path`` readable by its owner only (0700), or tighten it if it already exists.

    instance/ holds the SQLite database and the secret key: nobody else on the machine should
    be able to list it, let alone read them.
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way (postgres:// or postgresql://)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(instance_path: Path, env: dict[str, str] | None = None) -> dict[str, object]:
    """Build the Flask config mapping from environment variables."""
    env = dict(os.environ if env is None else env)
    production = env.get("DISCOVERY_ENV", "development") == "production"
    make_private_dir(instance_path)
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'discovery.sqlite'}"
    upload_mb = _int_env(env, "MAX_UPLOAD_MB", 10)
    return {
        "ENV_NAME": "production" if production else "development",
        "VERSION": VERSION,
        "SECRET_KEY": _secret_key(env, instance_path, production),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SQLITE_BUSY_TIMEOUT_MS": _int_env(env, "SQLITE_BUSY_TIMEOUT_MS", 5000),
        "REDIS_URL": env.get("REDIS_URL") or None,
        "RQ_QUEUE": env.get("RQ_QUEUE", "discovery"),
        "JOB_HEARTBEAT_SECONDS": _int_env(env, "JOB_HEARTBEAT_SECONDS", 10),
        "JOB_STALE_SECONDS": _int_env(env, "JOB_STALE_SECONDS", 60),
        "JOB_SWEEP_SECONDS": _int_env(env, "JOB_SWEEP_SECONDS", 30),
        "JOB_TIMEOUT_SECONDS": _int_env(env, "JOB_TIMEOUT_SECONDS", 3600),
        "JOB_TASK_MODULES": [m for m in env.get("JOB_TASK_MODULES", "").split(",") if m.strip()],
        # Compute each finding's vector in a background job when it is saved (off: a theme run
        # computes the missing ones itself, which makes the first run slower).
        "EMBED_FINDINGS_ON_SAVE": env.get("EMBED_FINDINGS_ON_SAVE", "1").lower() not in ("0", "false", "no"),
        # Research data is kept this many days after the discovery ends (after consent while
        # it has no end date); researchers are told RETENTION_NOTICE_DAYS before, and may choose
        # a date up to RETENTION_MAX_YEARS ahead.
        "RETENTION_DAYS": _int_env(env, "RETENTION_DAYS", 730),
        "RETENTION_NOTICE_DAYS": _int_env(env, "RETENTION_NOTICE_DAYS", 30),
        "RETENTION_MAX_YEARS": _int_env(env, "RETENTION_MAX_YEARS", 5),
        "MAX_CONTENT_LENGTH": upload_mb * 1024 * 1024,
        "MAX_UPLOAD_MB": upload_mb,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Served over HTTPS (the default in production): the session cookie is never sent over
        # plain HTTP. Behind a reverse proxy, TRUSTED_PROXY_COUNT says how many proxies to
        # believe about the client's address and scheme (X-Forwarded-For, X-Forwarded-Proto).
        "SESSION_COOKIE_SECURE": _flag_env(env, "HTTPS", production),
        "TRUSTED_PROXY_COUNT": _int_env(env, "TRUSTED_PROXY_COUNT", 0),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_int_env(env, "SESSION_HOURS", 8)),
        "SESSION_IDLE_MINUTES": _int_env(env, "SESSION_IDLE_MINUTES", 60),
        "SIGN_IN_MAX_FAILURES": _int_env(env, "SIGN_IN_MAX_FAILURES", 5),
        "SIGN_IN_LOCK_MINUTES": _int_env(env, "SIGN_IN_LOCK_MINUTES", 15),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session does
        # The accessibility statement: who runs the service (in English and Welsh), where to report
        # a problem, and the figures of the last page walk (default docs/accessibility.json).
        "SERVICE_ORGANISATION": env.get("SERVICE_ORGANISATION") or None,
        "SERVICE_ORGANISATION_CY": env.get("SERVICE_ORGANISATION_CY") or None,
        "ACCESSIBILITY_CONTACT_EMAIL": env.get("ACCESSIBILITY_CONTACT_EMAIL") or None,
        "ACCESSIBILITY_FIGURES": env.get("ACCESSIBILITY_FIGURES") or None,
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": ("en", "cy"),
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
    }
