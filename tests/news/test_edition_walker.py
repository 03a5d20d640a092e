"""The walker: after a story is translated, corrected and synced in the back office, every public
surface of each edition is walked (pages, feeds, JSON-LD, OpenGraph, search, sitemaps,
latest.json, following their links the way a reader or a crawler would) and none shows the
other edition's language: no Cyrillic in the English edition outside elements marked
`lang="ru"`, no Latin interface words in the Russian one (tests/editions.py reads each surface)."""

import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import TestCase
from wagtail_localize.models import StringSegment, TranslationSource

from newsdesk.news.models import ArticleAuthor
from newsdesk.news.tags import Tag
from tests.editions import cyrillic_words, latin_words, surface_strings
from tests.news.translating import (
    correct,
    crosslink,
    paragraph,
    publish_translation,
    sync,
    translate,
    type_in,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent.parent / "data"
# Latin a Russian page may show: the outlet's brand, feed formats and services' own names.
LATIN_ALLOWED = {"Newsdesk", "Google", "News", "X", "CSV", "JSON", "RSS", "Atom", "Feed"}
WALK_LIMIT = 400


def english_for(source, language, translations: dict) -> None:
    """Type in the translation of every piece of the source's text; fails on a piece the test
    does not know (so that none is left in the source's language)."""
    found = TranslationSource.objects.get(object_id=source.translation_key, locale=source.locale)
    pieces = set(StringSegment.objects.filter(source=found).values_list("string__data", flat=True))
    assert pieces <= set(translations), sorted(pieces - set(translations))
    type_in(source, language, {piece: translations[piece] for piece in pieces})


LINKS = (
    '<p>Склад сгорел (<a linktype="article" id="{background}">подробнее о пожаре</a>), '
    'а <a linktype="article" id="{bridge}">новый мост</a> уже открыт.</p>'
)
ENGLISH = {
    "Склад в Казани восстановят за год": "The Kazan warehouse will be rebuilt within a year",
    "Власти выделят деньги на новый склад.": "The authorities will fund a new warehouse.",
    "Казань": "Kazan",
    "Сгоревший склад": "The burnt-out warehouse",
    "Денис Котов / Ньюсдеск": "Denis Kotov / Newsdesk",
    'Склад сгорел (<a id="a1">подробнее о пожаре</a>), а <a id="a2">новый мост</a> уже '
    "открыт.": 'The warehouse burnt down (<a id="a1">more on the fire</a>), and the '
    '<a id="a2">new bridge</a> is open already.',
    "Восстановление обойдётся в 300 миллионов рублей.": "Rebuilding will cost 300 million roubles.",
    "Мы начнём весной.": "We will start in spring.",
    "Анна Морозова": "Anna Morozova",
    "мэр": "mayor",
    "Стройплощадка": "The building site",
    "Ньюсдеск": "Newsdesk",
    # The correction, then synced:
    "Восстановление обойдётся в 350 миллионов рублей.": "Rebuilding will cost 350 million roubles.",
    "Уточнена сумма: 350, а не 300 миллионов рублей.": (
        "The sum is corrected: 350, not 300 million roubles."
    ),
}


@pytest.fixture
def editions_in_step(client, desk_editor, publish, site, photo):
    """A Russian story translated, corrected and synced in the back office, with everything a
    page shows: photo, quotation, inline photo, inline links and "See also" to a story with and
    one without an English version, tags (one linked to its English tag, one with none), a
    byline, a second section, the breaking flag, the ticker's rates."""
    from newsdesk.rates import pipeline

    pipeline.ingest((DATA / "rates" / "cbr-daily-2025-05-27.xml").read_bytes())
    ru, en = site["ru"], site["en"]
    background = publish(
        headline="Пожар на складе в Казани", lead="Огонь потушили к утру.", section="regions"
    )
    background.tags.add("Казань")
    background.save()
    kazan = Tag.objects.get(name="Казань", locale=ru.locale)
    Tag.objects.create(name="Kazan", locale=en.locale, translation_key=kazan.translation_key)
    bridge = publish(headline="Мэр открыл мост через Казанку", section="society")
    publish(
        language="en",
        headline="Mayor opens a bridge over the Kazanka",
        lead="The new bridge links two districts.",
        section="society",
        translation_key=bridge.translation_key,
    )

    def body(cost):
        return [
            paragraph(LINKS.format(background=background.pk, bridge=bridge.pk)),
            paragraph(f"<p>Восстановление обойдётся в {cost} миллионов рублей.</p>"),
            {
                "type": "quote",
                "value": {"text": "Мы начнём весной.", "speaker": "Анна Морозова", "source": "мэр"},
            },
            {
                "type": "image",
                "value": {"image": photo.pk, "caption": "Стройплощадка", "credit": "Ньюсдеск"},
            },
            crosslink(background),
            crosslink(bridge),
        ]

    story = publish(
        headline="Склад в Казани восстановят за год",
        lead="Власти выделят деньги на новый склад.",
        dateline="Казань",
        section="economy",
        lead_image=photo,
        lead_image_caption="Сгоревший склад",
        lead_image_credit="Денис Котов / Ньюсдеск",
        is_breaking=True,
        body=body(300),
    )
    with TestCase.captureOnCommitCallbacks(execute=True):  # the search index
        story.tags.add("Казань", "МЧС")
        story.also_in.add(ru.sections["regions"])
        story.article_authors.add(ArticleAuthor(author=ru.authors[0]))
        story.save()

    english = translate(client, story)
    english_for(story, "en", ENGLISH)
    publish_translation(client, english)
    with TestCase.captureOnCommitCallbacks(execute=True):
        correct(
            story,
            body=body(350),
            change_note="Уточнена сумма: 350, а не 300 миллионов рублей.",
        )
    sync(client, story)
    english_for(story, "en", ENGLISH)
    publish_translation(client, english)
    assert english.live and english.headline == ENGLISH[story.headline]
    client.logout()  # the walk is a reader's
    return {"ru": story, "en": english}


def local(url: str, language: str) -> str | None:
    """The address to follow, when it is one of this edition's public surfaces."""
    parts = urlsplit(url)
    if parts.netloc and parts.netloc not in {"127.0.0.1:8000", "testserver"}:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    edition = path.startswith(f"/{language}/")
    edition_sitemap = path.startswith((f"/sitemaps/{language}-", f"/sitemaps/news-{language}."))
    if not (edition or edition_sitemap or path in {"/sitemap.xml", "/robots.txt"}):
        return None
    return path


def followed_links(kind: str, body: bytes) -> list[str]:
    from lxml import etree, html

    if kind == "html":
        document = html.document_fromstring(body.decode())
        return document.xpath("//a/@href | //link/@href")
    if kind == "xml":
        document = etree.fromstring(body)
        return document.xpath(
            "//*[local-name()='loc' or local-name()='link']/text() | //*[local-name()='link']/@href"
        )
    if kind == "text":  # robots.txt names the sitemaps
        return re.findall(r"^Sitemap: (\S+)", body.decode(), re.M)
    return []


def walk(client, language: str, start: list[str], *, everything: bool):
    """Every surface of the edition reachable from `start`: ({address: strings}, {address of a
    link that does not answer 200: its status})."""
    seen, queue, found, broken = set(start), deque(start), {}, {}
    while queue and len(found) < WALK_LIMIT:
        address = queue.popleft()
        response = client.get(address, follow=True)
        if response.status_code != 200:
            broken[address] = response.status_code
            continue
        kind, strings = surface_strings(
            response["Content-Type"], response.content, language, everything=everything
        )
        found[address] = strings
        for link in followed_links(kind, response.content):
            target = local(link, language)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    assert len(found) < WALK_LIMIT, "the walk did not end: a loop of addresses?"
    return found, broken


def starts(language, query):
    return [
        f"/{language}/",
        f"/{language}/news/latest.json",
        f"/{language}/feeds/yandex/",  # given to Yandex and Dzen, linked from no page
        f"/{language}/search/?q={query}",
        f"/{language}/search/?q={query}&sort=date",
        "/sitemap.xml",
        "/robots.txt",
    ]


def test_no_english_surface_shows_cyrillic_outside_text_marked_russian(client, editions_in_step):
    english = editions_in_step["en"]
    surfaces, broken = walk(client, "en", starts("en", "warehouse"), everything=True)

    leaks = {
        address: cyrillic_words(strings)[:6]
        for address, strings in surfaces.items()
        if cyrillic_words(strings)
    }
    leaks.update({address: "links here" for address in broken if re.search(r"[а-яё]", address)})
    assert leaks == {}

    # The walk reached every kind of surface of the English story.
    article = english.get_url()
    expected = {
        article,
        "/en/news/tag/kazan/",
        "/en/feeds/rss/",
        "/en/feeds/atom/",
        "/en/feeds/json/",
        "/en/feeds/yandex/",
        "/en/feeds/tag/kazan/rss/",
        "/en/feeds/section/economy/rss/",
        "/sitemaps/news-en.xml",
        "/en/rates/",
    }
    assert expected <= set(surfaces), sorted(expected - set(surfaces))
    assert any(address.startswith("/sitemaps/en-articles-") for address in surfaces)
    assert any(address.startswith("/en/news/author/") for address in surfaces)
    page = " ".join(surfaces[article])
    assert "Kazan" in page and "Rebuilding will cost 350 million roubles." in page
    assert "The sum is corrected: 350, not 300 million roubles." in page
    assert "Mayor opens a bridge over the Kazanka" in page  # its See also, in English
    assert broken == {}


def test_no_russian_surface_shows_latin_interface_words(client, editions_in_step):
    story = editions_in_step["ru"]
    surfaces, broken = walk(client, "ru", starts("ru", "склад"), everything=False)
    assert {story.get_url(), "/ru/feeds/rss/", "/sitemaps/news-ru.xml"} <= set(surfaces)
    assert "Уточнена сумма" in " ".join(surfaces[story.get_url()])

    leaks = {
        address: latin_words(strings, LATIN_ALLOWED)[:6]
        for address, strings in surfaces.items()
        if latin_words(strings, LATIN_ALLOWED)
    }
    assert leaks == {}
    assert broken == {}


def test_the_walk_sees_cyrillic_where_an_english_page_shows_it(client, editions_in_step):
    """The walker's own check: Russian text an English page does show is caught, while the
    link to the Russian version (marked lang="ru") is not."""
    from newsdesk.core import dependencies
    from newsdesk.news.models import Article

    english = editions_in_step["en"]
    Article.objects.filter(pk=english.pk).update(lead="Власти выделят деньги на новый склад.")
    dependencies.bump(dependencies.EPOCH)
    surfaces, _broken = walk(client, "en", [english.get_url()], everything=True)
    found = cyrillic_words(surfaces[english.get_url()])
    assert "Власти" in found
    assert "Читать" not in found and "русском" not in found
