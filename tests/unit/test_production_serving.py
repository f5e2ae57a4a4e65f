"""Production refuses unsafe keys before it starts, and gunicorn's settings keep personal data out of logs."""

from __future__ import annotations

import runpy

import pytest

from discovery.config import ConfigError, load_config
from discovery.ops import serve

STRONG_KEY = "k" * 64


def test_production_refuses_a_short_secret_key(tmp_path):
    with pytest.raises(ConfigError, match=r"SECRET_KEY is too short for production \(6 characters\)"):
        load_config(tmp_path, {"DISCOVERY_ENV": "production", "SECRET_KEY": "secret"})


def test_production_refuses_the_development_key_from_instance(tmp_path):
    development_key = load_config(tmp_path, {})["SECRET_KEY"]
    with pytest.raises(ConfigError, match="SECRET_KEY is the development key from instance/secret_key"):
        load_config(tmp_path, {"DISCOVERY_ENV": "production", "SECRET_KEY": development_key})


def test_development_accepts_any_key_and_production_a_long_random_one(tmp_path):
    assert load_config(tmp_path, {"SECRET_KEY": "s"})["SECRET_KEY"] == "s"
    assert load_config(tmp_path, {"DISCOVERY_ENV": "production", "SECRET_KEY": STRONG_KEY})["SECRET_KEY"]


def test_serve_prod_refuses_to_start_outside_production_or_without_a_key():
    with pytest.raises(ConfigError, match="Set DISCOVERY_ENV=production"):
        serve.check_configuration({"SECRET_KEY": STRONG_KEY})
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        serve.check_configuration({"DISCOVERY_ENV": "production"})


def test_serve_prod_starts_rq_workers_only_when_redis_is_configured():
    migrate, running = serve.commands({})
    assert migrate[-2:] == ["db", "upgrade"]
    assert list(running) == ["gunicorn"]
    _, running = serve.commands({"REDIS_URL": "redis://127.0.0.1:6379/0", "RQ_WORKERS": "2"})
    assert list(running) == ["gunicorn", "RQ worker 1", "RQ worker 2"]
    assert running["RQ worker 2"][-1] == "worker"


def _gunicorn_settings(monkeypatch, **env) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_BIND", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(serve.GUNICORN_CONF))


def test_gunicorn_listens_on_loopback_and_logs_no_query_strings_or_referrers(monkeypatch):
    settings = _gunicorn_settings(monkeypatch)
    assert settings["bind"] == ["127.0.0.1:8000"]
    assert 2 <= settings["workers"] <= 9
    assert settings["forwarded_allow_ips"] == "127.0.0.1,::1"
    log_format = settings["access_log_format"]
    assert "%(U)s" in log_format
    for leaks in ("%(q)s", "%(r)s", "%(f)s", "{referer}i"):
        assert leaks not in log_format


def test_gunicorn_takes_its_workers_and_address_from_the_environment(monkeypatch):
    settings = _gunicorn_settings(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_BIND="10.0.0.5:8080")
    assert settings["workers"] == 3
    assert settings["bind"] == ["10.0.0.5:8080"]
