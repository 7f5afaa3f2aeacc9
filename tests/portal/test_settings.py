"""Configuration errors stop the start with one message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import database_from_env
from portal.settings.search import search_backends

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    # A clean environment: nothing set by other tests (e.g. the e2e suite's
    # DJANGO_ALLOW_ASYNC_UNSAFE) may leak into the checked process.
    dropped = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "ALLOWED_HOSTS"}
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="portal.settings.production", ALLOWED_HOSTS="example.org"
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "is required" in result.stderr


def test_production_deploy_check_is_clean(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="x" * 64 + "-a-long-random-production-key",
        ALLOWED_HOSTS="clauses.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


@pytest.mark.parametrize("url", ["mysql//nope", "ftp://host/db", "postgres://user@host:notaport/db"])
def test_malformed_database_url_names_the_variable(monkeypatch, tmp_path, url):
    monkeypatch.setenv("DATABASE_URL", url)

    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_env(tmp_path / "db.sqlite3")


def test_default_database_is_sqlite_under_var(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    config = database_from_env(tmp_path / "var" / "db.sqlite3")

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert str(config["NAME"]).endswith("var/db.sqlite3")


def test_postgres_url_is_parsed(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clauses")

    config = database_from_env(tmp_path / "db.sqlite3")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "clauses"


def test_search_uses_database_backend_without_elasticsearch():
    # Wagtail's database backend, with the portal's French glue (search/backends/).
    assert search_backends("")["default"]["BACKEND"] == "search.backends.database"


def test_search_uses_elasticsearch9_with_a_french_analyzer_and_prefix():
    config = search_backends("http://es.internal:9200", "clauses_")["default"]

    assert config["BACKEND"] == "wagtail.search.backends.elasticsearch9"
    assert config["URLS"] == ["http://es.internal:9200"]
    assert config["INDEX_PREFIX"] == "clauses_"
    analyzer = config["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"]
    assert "asciifolding" in analyzer["filter"]
    assert "french_stemmer" in analyzer["filter"]


def test_french_language_and_paris_time(settings):
    assert settings.LANGUAGE_CODE == "fr-fr"
    assert settings.TIME_ZONE == "Europe/Paris"


def test_the_login_and_reset_limits_come_from_the_environment(tmp_path):
    names = ["TRUSTED_PROXIES", "AXES_FAILURE_LIMIT", "LOGIN_FAILURE_LIMIT_PER_ACCOUNT",
             "LOGIN_FAILURE_LIMIT_PER_ADDRESS", "AXES_COOLOFF_TIME",
             "PASSWORD_RESET_LIMIT_PER_ADDRESS", "PASSWORD_RESET_LIMIT_PER_EMAIL",
             "PASSWORD_RESET_WINDOW_MINUTES"]
    script = "from django.conf import settings\n" + "".join(
        f"print(repr(settings.{name}))\n" for name in names
    )
    result = run_manage(
        "shell", "-c", script, DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        TRUSTED_PROXIES="10.0.0.2, 172.16.0.0/12", AXES_FAILURE_LIMIT="4",
        LOGIN_FAILURE_LIMIT_PER_ACCOUNT="12", LOGIN_FAILURE_LIMIT_PER_ADDRESS="40",
        LOGIN_LOCKOUT_MINUTES="30", PASSWORD_RESET_LIMIT_PER_ADDRESS="6",
        PASSWORD_RESET_LIMIT_PER_EMAIL="2", PASSWORD_RESET_WINDOW_MINUTES="90",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-len(names) - 1:-1] == [
        "['10.0.0.2', '172.16.0.0/12']", "4", "12", "40", "datetime.timedelta(seconds=1800)",
        "6", "2", "90",
    ]


def test_a_malformed_trusted_proxy_stops_the_start():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="portal.settings.dev",
                        TRUSTED_PROXIES="10.0.0.2,nginx")

    assert result.returncode != 0
    assert "TRUSTED_PROXIES must list IP addresses or networks" in result.stderr
IMPORT_LIMITS = "from django.conf import settings; print(settings.IMPORT_MAX_ROWS, " \
                "settings.IMPORT_MAX_SECONDS)"


def test_import_limits_have_defaults_and_come_from_the_environment():
    default = run_manage("shell", "-c", IMPORT_LIMITS,
                         DJANGO_SETTINGS_MODULE="portal.settings.test")
    given = run_manage("shell", "-c", IMPORT_LIMITS, IMPORT_MAX_ROWS="1234",
                       IMPORT_MAX_SECONDS="7", DJANGO_SETTINGS_MODULE="portal.settings.test")

    # The last line: Django's shell may first say what it imported.
    assert default.stdout.splitlines()[-1].split() == ["50000", "25"], default.stderr
    assert given.stdout.splitlines()[-1].split() == ["1234", "7"], given.stderr


def test_a_wrong_import_limit_names_the_variable():
    result = run_manage("check", IMPORT_MAX_ROWS="beaucoup",
                        DJANGO_SETTINGS_MODULE="portal.settings.test")

    assert result.returncode != 0
    assert "IMPORT_MAX_ROWS must be an integer" in result.stderr


CONNECTIONS = ("from django.conf import settings; d = settings.DATABASES['default']; "
               "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])")


def test_production_keeps_its_database_connections(tmp_path):
    """A new PostgreSQL connection per request cost more than the page: production keeps
    them, checked before reuse; the environment may say otherwise."""
    production = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production", "ALLOWED_HOSTS": "example.org",
        "SECRET_KEY": "x" * 64, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    kept = run_manage("shell", "-c", CONNECTIONS, **production)
    closed = run_manage("shell", "-c", CONNECTIONS, DATABASE_CONN_MAX_AGE="0", **production)
    development = run_manage("shell", "-c", CONNECTIONS,
                             DJANGO_SETTINGS_MODULE="portal.settings.dev",
                             DATABASE_URL=f"sqlite:///{tmp_path / 'dev.sqlite3'}")

    assert kept.stdout.splitlines()[-1] == "600 True", kept.stderr
    assert closed.stdout.splitlines()[-1] == "0 True", closed.stderr
    assert development.stdout.splitlines()[-1] == "0 True", development.stderr


def test_eligibility_validity_defaults_to_two_years(settings):
    assert settings.ELIGIBILITY_VALIDITY_MONTHS == 24


def test_an_eligibility_validity_under_a_month_stops_the_start():
    result = run_manage("check", ELIGIBILITY_VALIDITY_MONTHS="0",
                        DJANGO_SETTINGS_MODULE="portal.settings.test")

    assert result.returncode != 0
    assert "ELIGIBILITY_VALIDITY_MONTHS must be at least 1" in result.stderr
