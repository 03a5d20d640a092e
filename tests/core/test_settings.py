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


# -- several machines (README "Several machines") ---------------------------------------------

SHOW = """
import json, newsdesk.settings as s
print(json.dumps({"storage": s.STORAGES["default"], "media_url": s.MEDIA_URL,
                  "img_src": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
                  "databases": sorted(s.DATABASES), "routers": getattr(s, "DATABASE_ROUTERS", []),
                  "serve_media": s.SERVE_MEDIA, "metrics": s.METRICS_PATH}))
"""


def settings_with(**env):
    import json

    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**clean, "SECRET_KEY": "x" * 40, "DEBUG": "false", **env},
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout) if result.returncode == 0 else result.stderr


def test_by_default_uploads_stay_on_the_local_disk_with_no_replicas_and_metrics_at_one_path():
    defaults = settings_with()
    assert defaults["storage"] == {"BACKEND": "newsdesk.core.storage.MediaStorage"}
    assert defaults["media_url"] == "/media/" and defaults["serve_media"] is True
    assert defaults["img_src"] == ["'self'", "data:"]
    assert defaults["databases"] == ["default"] and defaults["routers"] == []
    assert defaults["metrics"] == "metrics"


def test_object_storage_behind_a_cdn_links_pages_to_the_cdn_and_allows_only_it():
    chosen = settings_with(
        MEDIA_STORAGE_URL="s3://news-media/uploads?endpoint_url=https://storage.example",
        MEDIA_URL="https://media.news.example/",
    )
    options = chosen["storage"]["OPTIONS"]
    assert chosen["storage"]["BACKEND"] == "newsdesk.core.storage.ObjectMediaStorage"
    assert options["bucket_name"] == "news-media" and options["location"] == "uploads"
    assert options["custom_domain"] == "media.news.example" and options["url_protocol"] == "https:"
    assert options["querystring_auth"] is False and options["file_overwrite"] is False
    assert chosen["img_src"] == ["'self'", "data:", "https://media.news.example"]
    assert chosen["serve_media"] is False


def test_object_storage_without_a_public_address_is_refused_with_a_reason():
    refused = settings_with(MEDIA_STORAGE_URL="s3://news-media")
    assert "needs an endpoint_url" in refused
    assert "unknown option 'bucket'" in settings_with(MEDIA_STORAGE_URL="s3://x?bucket=y")


def test_replicas_need_postgresql():
    assert "DATABASE_REPLICA_URLS needs PostgreSQL" in settings_with(
        DATABASE_REPLICA_URLS="postgres://replica.example/newsdesk"
    )
    chosen = settings_with(
        DATABASE_URL="postgres://primary.example/newsdesk",
        DATABASE_REPLICA_URLS="postgres://r1.example/newsdesk, postgres://r2.example/newsdesk",
    )
    assert chosen["databases"] == ["default", "replica1", "replica2"]
    assert chosen["routers"] == ["newsdesk.core.replicas.ReplicaRouter"]


def test_object_storage_with_virtual_host_addresses_allows_the_buckets_own_host():
    chosen = settings_with(
        MEDIA_STORAGE_URL="s3://news-media?endpoint_url=https://storage.example"
        "&addressing_style=virtual"
    )
    assert chosen["img_src"] == ["'self'", "data:", "https://news-media.storage.example"]
