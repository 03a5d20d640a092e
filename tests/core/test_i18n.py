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
from tests.components import require

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


# Attributes a reader sees or hears (tooltips, screen-reader names, placeholders, alt text).
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class TextCollector(HTMLParser):
    """Visible text of a page, skipping scripts, styles and elements marked as another language."""

    def __init__(self, language):
        super().__init__()
        self.language = language
        self.stack = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in {"meta", "link", "img", "br", "input", "source", "hr"}:
            self.stack.append((tag, attributes.get("lang")))
        if self.in_own_language(attributes.get("lang")):
            self.texts += [
                value.strip()
                for name, value in attrs
                if name in SHOWN_ATTRIBUTES and value and value.strip()
            ]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position][0] == tag:
                del self.stack[position:]
                break

    def in_own_language(self, own_lang=None):
        langs = [lang for _tag, lang in self.stack if lang] + ([own_lang] if own_lang else [])
        return not langs or langs[-1] == self.language

    def handle_data(self, data):
        if any(tag in {"script", "style"} for tag, _ in self.stack):
            return
        if self.in_own_language() and data.strip():
            self.texts.append(data.strip())


def visible_text(html, language):
    collector = TextCollector(language)
    collector.feed(html)
    return " ".join(collector.texts)


def edition_addresses(language, article):
    tag = article.tags.first()
    return [
        f"/{language}/",
        f"/{language}/news/",
        f"/{language}/economy/",
        f"/{language}/news/tag/{tag.slug}/",
        article.get_url(),
        f"/{language}/about/",
        f"/{language}/no-such-page/",
        f"/{language}/news/?after=x",
        f"/{language}/rates/",
        f"/{language}/rates/USD/",
        f"/{language}/search/?q={'budget' if language == 'en' else 'бюджет'}",
    ]


def other_language_in(html, language):
    """What of the other language's interface shows on a page of this edition: Cyrillic on an
    English page (outside elements marked lang="ru"), Latin words on a Russian one."""
    text = visible_text(html, language)
    if language == "en":
        return re.findall(r"\S*[\u0400-\u04FF]+\S*", text)
    # ISO 4217 codes (USD, EUR) are international, not untranslated words.
    return sorted(
        {w for w in re.findall(r"[A-Za-z]{2,}", text) if not re.fullmatch(r"[A-Z]{3}", w)}
        - LATIN_ALLOWED
    )


@pytest.mark.django_db
@pytest.mark.parametrize("first", ["ru", "en"])
def test_no_edition_shows_the_other_languages_interface_whichever_is_rendered_first(
    client, both_editions, first
):
    """The chrome (menu, footer, ticker) is built once per edition and kept: built while a page
    of the other edition was being rendered, it must still be in its own language."""
    second = "en" if first == "ru" else "ru"
    for language in [first, second]:
        for url in edition_addresses(language, both_editions[language]):
            html = client.get(url).content.decode()
            leaked = other_language_in(html, language)
            assert not leaked, f"{url} (after the {first} edition): {leaked[:8]}"


@pytest.mark.django_db
def test_dates_are_written_the_way_each_edition_reads_them(client, make_article):
    import datetime

    moment = datetime.datetime(2025, 5, 27, 7, 15, tzinfo=datetime.UTC)  # 10:15 in Moscow
    ru = make_article(language="ru", published_at=moment)
    en = make_article(language="en", published_at=moment)
    assert "27 мая 2025, 10:15" in client.get(ru.get_url()).content.decode()
    assert "27 May 2025, 10:15" in client.get(en.get_url()).content.decode()
