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


def deployment_checklist(tmp_path, **settings) -> subprocess.CompletedProcess:
    """`newsdesk check --deploy` with the settings of a site behind HTTPS (and `settings`)."""
    newsdesk = os.path.join(os.path.dirname(sys.executable), "newsdesk")
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [newsdesk, "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "DEBUG": "false",
            "SECRET_KEY": "a-production-like-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "news.example",
            "BEHIND_HTTPS": "true",
            "NEWSDESK_VAR_DIR": str(tmp_path),
            **settings,
        },
        capture_output=True,
        text=True,
    )


def test_the_deployment_checklist_is_clean_in_production_settings(tmp_path):
    result = deployment_checklist(
        tmp_path, EMAIL_URL="smtp://newsdesk:secret@mail.example:587/?tls=True"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checklist_warns_when_no_mail_server_is_configured(tmp_path):
    result = deployment_checklist(tmp_path, EMAIL_URL="")
    assert result.returncode != 0
    assert "newsdesk.W001" in result.stderr and "EMAIL_URL" in result.stderr


def test_mail_is_configured_from_one_smtp_address(tmp_path):
    script = (
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT,"
        " s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL,"
        " s.EMAIL_TIMEOUT, s.WAGTAIL_PASSWORD_RESET_ENABLED)"
    )
    newsdesk = os.path.join(os.path.dirname(sys.executable), "newsdesk")

    def configured(url: str) -> list[str]:
        result = subprocess.run(
            [newsdesk, "shell", "-v0", "-c", script],
            env={**os.environ, "EMAIL_URL": url, "NEWSDESK_VAR_DIR": str(tmp_path)},
            capture_output=True,
            text=True,
        )
        return result.stdout.split()

    assert configured("smtp://desk:p%40ss@mail.example:587/?tls=True") == [
        "django.core.mail.backends.smtp.EmailBackend", "mail.example", "587", "desk", "p@ss",
        "True", "False", "10", "True",
    ]  # fmt: skip
    assert configured("smtp://desk:secret@mail.example:465/?ssl=True&timeout=5")[5:8] == [
        "False", "True", "5",
    ]  # fmt: skip
    # Without a mail server, no password reset is offered (its e-mail would reach nobody).
    assert configured("")[0] == "django.core.mail.backends.console.EmailBackend"
    assert configured("")[-1] == "False"
