import os
import subprocess
import sys

import pytest


def load_settings(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import newsdesk.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = load_settings(DEBUG="false", SECRET_KEY="short")
    assert result.returncode != 0
    assert "too short" in result.stderr


def test_development_mode_starts_without_a_secret_key():
    assert load_settings(DEBUG="true").returncode == 0


def test_a_misspelt_boolean_is_an_error_not_a_silent_default():
    result = load_settings(DEBUG="ture")
    assert result.returncode != 0
    assert "not a boolean" in result.stderr


def test_an_unknown_language_is_refused():
    result = load_settings(DEBUG="true", LANGUAGES="ru,xx")
    assert result.returncode != 0
    assert "xx" in result.stderr


@pytest.mark.parametrize(
    ("url", "engine"),
    [("", "sqlite3"), ("postgres://u@127.0.0.1:5432/news", "postgresql")],
)
def test_database_comes_from_database_url(url, engine):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from newsdesk import settings; print(settings.DATABASES['default']['ENGINE'])",
        ],
        env={**os.environ, "DEBUG": "true", "DATABASE_URL": url},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().endswith(engine)


def test_the_deployment_checklist_is_clean_in_production_settings(tmp_path):
    """`newsdesk check --deploy` with the settings of a site behind HTTPS: no warnings."""
    newsdesk = os.path.join(os.path.dirname(sys.executable), "newsdesk")
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [newsdesk, "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "DEBUG": "false",
            "SECRET_KEY": "a-production-like-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "news.example",
            "BEHIND_HTTPS": "true",
            "NEWSDESK_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
