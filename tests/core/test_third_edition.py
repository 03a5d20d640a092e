"""A third edition: `LANGUAGES=ru,en,de` and `newsdesk setup_site` give a German edition with its
own interface, menu, feeds, sitemaps and search (German stems), served by the real server."""

import json
from pathlib import Path

import feedparser
from babel.messages.pofile import read_po
from django.conf import settings
from lxml import etree, html

from newsdesk.core.management.commands.compile_translations import problems
from tests.databases import database_of_its_own, site_env
from tests.editions import cyrillic_words, html_strings
from tests.processes import Server, newsdesk

LOCALE_DIR = Path(settings.BASE_DIR) / "newsdesk" / "locale"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

# What an editor does in the back office, as its code does it: a Russian section translated into
# German (Wagtail's "Translate" of a page), a Russian story translated into German with
# wagtail-localize and published.
NEWSROOM = """
import datetime, json, uuid
from django.utils import timezone
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from newsdesk.news.models import Article, HomePage, SectionPage

ru, de = Locale.objects.get(language_code="ru"), Locale.objects.get(language_code="de")
home = HomePage.objects.get(locale=ru)
politics = home.add_child(instance=SectionPage(
    title="Политика", slug="politics", locale=ru, show_in_menus=True))
politics.save_revision().publish()
politik = politics.copy_for_translation(de)
politik.title = "Politik"
politik.save_revision().publish()

now = timezone.now() - datetime.timedelta(minutes=30)
story = Article(
    locale=ru, headline="Дома у реки снесут", lead="Жильцов переселят до весны.",
    section=politics, live=True, published_at=now, first_published_at=now,
    last_published_at=now, translation_key=uuid.uuid4(),
)
story.save()
source, _ = TranslationSource.get_or_create_from_instance(story)
translation = Translation.objects.create(source=source, target_locale=de)
translation.save_target(publish=False)
for original, german in {{
    "Дома у реки снесут": "Häuser am Fluss werden abgerissen",
    "Жильцов переселят до весны.": "Die Bewohner ziehen bis zum Frühjahr um.",
}}.items():
    segment = StringSegment.objects.get(source=source, string__data=original)
    StringTranslation.objects.create(
        translation_of=segment.string, locale=de, context=segment.context, data=german)
translation.save_target(publish=True)
german = Article.objects.get(locale=de, translation_key=story.translation_key)
print(json.dumps({{"url": german.get_url(), "live": german.live}}))
"""


def catalogue(language):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        return read_po(po_file, locale=language)


def test_the_german_interface_translates_every_string_and_none_is_fuzzy():
    german = catalogue("de")
    assert problems(german) == []
    assert {m.id for m in german if m.id} == {m.id for m in catalogue("ru") if m.id}


def text_of(page: str) -> str:
    return " ".join(html.fromstring(page).text_content().split())


def test_a_third_edition_has_its_own_menu_feeds_sitemaps_and_german_search(tmp_path, request):
    env = site_env(tmp_path, database_of_its_own(tmp_path, request, "third"), LANGUAGES="ru,en,de")
    newsdesk(env, "collectstatic", "--no-input", "-v0")
    assert "de" in newsdesk(env, "setup_site").stdout
    made = newsdesk(env, "shell", "-v0", "-c", NEWSROOM.format(), check=False)
    assert made.returncode == 0, made.stderr[-3000:]
    story = json.loads(made.stdout.splitlines()[-1])
    assert story["live"] and story["url"].startswith("/de/news/")
    assert story["url"].endswith("/hauser-am-fluss-werden-abgerissen/")  # its own headline

    server = Server(env, tmp_path / "server.log").start()
    try:
        home = server.get("/de/")
        assert home.status == 200
        page = html.fromstring(home.text)
        assert page.get("lang") == "de"
        menu = [link.text_content().strip() for link in page.xpath('//*[@id="site-menu"]//a')]
        assert menu == ["Politik"]
        assert "Menü" in text_of(home.text) and "Alle Nachrichten" in text_of(home.text)
        assert "Häuser am Fluss werden abgerissen" in home.text

        all_news = server.get("/de/news/")
        assert all_news.status == 200 and "Häuser am Fluss" in all_news.text
        assert server.get("/de/politics/").status == 200
        article = server.get(story["url"])
        assert article.status == 200
        assert "Die Bewohner ziehen bis zum Frühjahr um." in article.text
        assert '<meta property="og:locale" content="de_DE">' in article.text
        # Nothing of the Russian edition but its language's name in the switcher and the
        # link to the Russian version, both marked lang="ru".
        assert cyrillic_words(html_strings(article.text, "de", everything=True)) == []

        assert feedparser.parse(server.get("/de/feeds/rss/").text).feed.language == "de"
        for fmt in ("rss", "atom"):
            feed = feedparser.parse(server.get(f"/de/feeds/{fmt}/").text)
            assert [entry.title for entry in feed.entries] == [
                "Häuser am Fluss werden abgerissen"
            ], fmt
        json_feed = json.loads(server.get("/de/feeds/json/").text)
        assert json_feed["language"] == "de"
        assert [item["title"] for item in json_feed["items"]] == [
            "Häuser am Fluss werden abgerissen"
        ]
        yandex = etree.fromstring(server.get("/de/feeds/yandex/").text.encode())
        assert yandex.findtext("channel/language") == "de"

        index = etree.fromstring(server.get("/sitemap.xml").text.encode())
        sitemaps = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP)]
        german_sitemaps = [url for url in sitemaps if "/sitemaps/de-" in url]
        assert len(german_sitemaps) == 2, sitemaps  # its pages, its month of articles
        listed = []
        for url in german_sitemaps:
            sitemap = etree.fromstring(server.get(url.replace(server.url, "")).text.encode())
            listed += [loc.text for loc in sitemap.findall("s:url/s:loc", SITEMAP)]
        assert server.url + story["url"] in listed
        news_sitemap = server.get("/sitemaps/news-de.xml")
        assert news_sitemap.status == 200 and "Häuser am Fluss" in news_sitemap.text

        # German stems: "Haus" finds "Häuser", and the German search page says so in German.
        search = server.get("/de/search/?q=Haus")
        assert search.status == 200
        assert "Häuser am Fluss werden abgerissen" in text_of(search.text)
        assert "<mark>Häuser</mark>" in search.text
        assert "Suche" in text_of(search.text)
        assert "404" not in server.get("/de/news/latest.json").text
    finally:
        server.stop()
    assert " 500 " not in server.log()
