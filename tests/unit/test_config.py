"""Configuration comes from the environment and refuses unsafe production settings."""

from __future__ import annotations

import pytest

from discovery.config import ConfigError, load_config, normalise_database_url


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_config(tmp_path, {"DISCOVERY_ENV": "production"})


def test_development_generates_a_secret_key_once_and_keeps_it_out_of_the_repository(tmp_path):
    first = load_config(tmp_path, {})["SECRET_KEY"]
    second = load_config(tmp_path, {})["SECRET_KEY"]
    assert first == second and len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_defaults_are_an_sqlite_file_in_instance_and_in_process_jobs(tmp_path):
    config = load_config(tmp_path, {"SECRET_KEY": "s"})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'discovery.sqlite'}"
    assert config["REDIS_URL"] is None
    assert config["MAX_CONTENT_LENGTH"] == 10 * 1024 * 1024


def test_postgres_urls_use_psycopg_3(tmp_path):
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_a_bad_number_in_the_environment_is_named(tmp_path):
    with pytest.raises(ConfigError, match="MAX_UPLOAD_MB must be a whole number"):
        load_config(tmp_path, {"SECRET_KEY": "s", "MAX_UPLOAD_MB": "lots"})


def test_production_cookies_are_secure(tmp_path):
    config = load_config(tmp_path, {"DISCOVERY_ENV": "production", "SECRET_KEY": "s" * 64})
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
