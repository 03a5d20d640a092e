"""Every interface string exists in every enabled language, and no template text leaks across."""

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from newsdesk.core.management.commands.compile_translations import problems
from tests.conftest import require

LOCALE_DIR = Path(settings.BASE_DIR) / "newsdesk" / "locale"
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Latin words allowed on a Russian page: brands and proper names the outlet does not translate.
LATIN_ALLOWED = {"Newsdesk", "Google", "News", "X", "CSV", "JSON", "RSS", "Atom", "Feed"}


def catalogue(language):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        return read_po(po_file, locale=language)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_interface_string_is_translated_and_none_is_fuzzy(language):
    found = problems(catalogue(language))
    assert found == [], f"{language}: {found}"


def test_every_enabled_language_has_the_same_strings():
    ids = {code: {m.id for m in catalogue(code) if m.id} for code, _name in settings.LANGUAGES}
    first = next(iter(ids.values()))
    for code, messages in ids.items():
        assert messages == first, f"{code} differs: {sorted(messages ^ first)[:10]}"


def test_catalogues_hold_every_string_the_code_and_templates_use(tmp_path):
    """Re-extract the strings (as `make messages` does) and compare: a new {% translate %} that
    nobody added to the catalogues fails here."""
    require(
        "GNU gettext (xgettext)", shutil.which("xgettext") is not None, "apt-get install gettext"
    )
    work = tmp_path / "project"
    shutil.copytree(
        Path(settings.BASE_DIR) / "newsdesk",
        work / "newsdesk",
        ignore=shutil.ignore_patterns("*.mo", "__pycache__"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "ru",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=work / "newsdesk",
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "newsdesk.settings",
            "PYTHONPATH": str(work),
            "SECRET_KEY": "x" * 40,
        },
    )
    with (work / "newsdesk" / "locale" / "ru" / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        extracted = {m.id for m in read_po(po_file) if m.id}
    committed = {m.id for m in catalogue("ru") if m.id}
    assert extracted - committed == set(), "run `make messages` and translate the new strings"


class TextCollector(HTMLParser):
    """Visible text of a page, skipping scripts, styles and elements marked as another language."""

    def __init__(self, language):
        super().__init__()
        self.language = language
        self.stack = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in {"meta", "link", "img", "br", "input", "source", "hr"}:
            return
        lang = dict(attrs).get("lang")
        self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _lang = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if any(tag in {"script", "style"} for tag, _ in self.stack):
            return
        langs = [lang for _tag, lang in self.stack if lang]
        if langs and langs[-1] != self.language:
            return
        if data.strip():
            self.texts.append(data.strip())


def visible_text(html, language):
    collector = TextCollector(language)
    collector.feed(html)
    return " ".join(collector.texts)


@pytest.fixture
def both_editions(make_article, settings):
    from newsdesk.rates import pipeline

    # With the ticker too: its names, markers and "as of" must follow the page's language.
    pipeline.ingest(
        (Path(__file__).parent.parent / "data" / "rates" / "cbr-daily-2025-05-27.xml").read_bytes()
    )
    article = make_article(
        language="en",
        headline="Council passes the budget",
        lead="Spending rises.",
        section="economy",
    )
    article.tags.add("budget")
    article.save()
    russian = make_article(
        language="ru", headline="Дума приняла бюджет", lead="Расходы растут.", section="economy"
    )
    russian.tags.add("бюджет")
    russian.save()
    return article, russian


@pytest.mark.django_db
def test_no_cyrillic_reaches_english_pages_from_templates(client, both_editions):
    english, _ = both_editions
    tag = english.tags.first()
    for url in [
        "/en/",
        "/en/news/",
        "/en/economy/",
        f"/en/news/tag/{tag.slug}/",
        english.get_url(),
        "/en/about/",
        "/en/no-such-page/",
        "/en/news/?after=x",
        "/en/rates/",
        "/en/rates/USD/",
    ]:
        response = client.get(url)
        text = visible_text(response.content.decode(), "en")
        assert not CYRILLIC.search(text), f"{url}: {CYRILLIC.findall(text)[:5]} in {text[:300]}"


@pytest.mark.django_db
def test_no_untranslated_english_reaches_russian_pages(client, both_editions):
    _, russian = both_editions
    tag = russian.tags.first()
    for url in [
        "/ru/",
        "/ru/news/",
        "/ru/economy/",
        f"/ru/news/tag/{tag.slug}/",
        russian.get_url(),
        "/ru/about/",
        "/ru/no-such-page/",
        "/ru/news/?after=x",
        "/ru/rates/",
        "/ru/rates/USD/",
    ]:
        response = client.get(url)
        text = visible_text(response.content.decode(), "ru")
        # ISO 4217 codes (USD, EUR) are international, not untranslated words.
        latin = {
            w for w in re.findall(r"[A-Za-z]{2,}", text) if not re.fullmatch(r"[A-Z]{3}", w)
        } - LATIN_ALLOWED
        assert not latin, f"{url}: untranslated {sorted(latin)}"


@pytest.mark.django_db
def test_dates_are_written_the_way_each_edition_reads_them(client, make_article):
    import datetime

    moment = datetime.datetime(2025, 5, 27, 7, 15, tzinfo=datetime.UTC)  # 10:15 in Moscow
    ru = make_article(language="ru", published_at=moment)
    en = make_article(language="en", published_at=moment)
    assert "27 мая 2025, 10:15" in client.get(ru.get_url()).content.decode()
    assert "27 May 2025, 10:15" in client.get(en.get_url()).content.decode()
