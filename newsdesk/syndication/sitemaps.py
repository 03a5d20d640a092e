"""Sitemaps (sitemaps.org) per edition: articles by month, pages; image and hreflang extensions;
the index of them all, and the Google News sitemap.

Pages and the news sitemap use django.contrib.sitemaps (its views, our templates). Articles are
listed by month, in files of MONTH_PAGE_URLS (`?p=2`, …), written from plain rows by
`month_sitemap_xml`: a file costs a few queries and no model instances or template, whatever
the archive's size. The index reads how many files each month has, and its last change, from
the month counts kept in ArchiveMonth on publish, never by counting the archive, and is written
as text too (`sitemap_index_xml`, the same XML as Django's index view).
"""

import datetime
import math
import re
from collections import defaultdict
from types import SimpleNamespace
from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.core.files.storage import default_storage
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from newsdesk.core.machine_time import machine_time
from newsdesk.news.models import ArchiveMonth, Article, article_path

MAX_URLS = 50_000  # sitemaps.org: at most 50,000 URLs a file
MONTH_PAGE_URLS = ArchiveMonth.FILE_SIZE  # article sitemaps are cut into files of this many URLs
CHUNK = 5_000  # rows per IN (...) lookup: well under SQLite's parameter limit


class AlternatesMixin:
    """xhtml:link hreflang alternates between translations, looked up in chunks."""

    model = None

    def translations_of(self, items):
        keys = [item.translation_key for item in items]
        found = defaultdict(list)
        for start in range(0, len(keys), CHUNK):
            for other in self.translation_queryset(keys[start : start + CHUNK]):
                found[other.translation_key].append(other)
        return found

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        items = [url["item"] for url in urls]
        translations = self.translations_of(items)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            item = url["item"]
            versions = [item] + [
                other for other in translations.get(item.translation_key, []) if other.pk != item.pk
            ]
            if len(versions) > 1:
                url["alternates"] = [
                    {
                        "lang_code": version.locale.language_code,
                        "location": origin + self.location(version),
                    }
                    for version in versions
                ]
        return urls

    def get_latest_lastmod(self):
        # Django's default walks every item for the index; one aggregate does the same.
        return self.items().aggregate(latest=self.latest_expression)["latest"]


class IndexedSitemap(Sitemap):
    """A sitemap as the index lists it: its last change and the number of files it is cut into.
    Django's index view asks every sitemap for both (`get_latest_lastmod`, `paginator`), which
    would count and date the items; here they are known beforehand."""

    def __init__(self, latest_lastmod, files: int = 1):
        self.latest_lastmod, self.files = latest_lastmod, files

    def items(self):
        return []

    def get_latest_lastmod(self):
        return self.latest_lastmod

    @property
    def paginator(self):
        return SimpleNamespace(num_pages=self.files)  # all the index view reads of it


def index_sections() -> dict[str, IndexedSitemap]:
    """Every sitemap file set by its section name: the pages of each edition, then each month of
    articles (newest first) in files of MONTH_PAGE_URLS, from the month counts kept in
    ArchiveMonth (counting the archive here took 0.7 s at a million articles)."""
    sections = {}
    for locale in Locale.objects.order_by("id"):
        lastmod = PageSitemap(locale).get_latest_lastmod()
        sections[f"{locale.language_code}-pages"] = IndexedSitemap(lastmod)
    months = ArchiveMonth.objects.select_related("locale").order_by(
        "locale__language_code", "-month"
    )
    for month in months:
        files = math.ceil(month.article_count / MONTH_PAGE_URLS)
        if files:
            name = f"{month.locale.language_code}-articles-{month.month:%Y-%m}"
            sections[name] = IndexedSitemap(month.latest_change, files)
    return sections


def sitemap_index_xml(sections: dict[str, IndexedSitemap], origin: str) -> str:
    """The index of `sections` as Django's index view writes it (`syndication/sitemap_index.xml`),
    the address reversed once and each file a line of text: the view reversed an address and
    rendered a template row per file, 32 ms for the 2,200 files of a million articles."""
    marker = "xx-section-name"
    pattern = reverse("sitemap_section", kwargs={"section": marker})
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for name, sitemap in sections.items():
        location = escape(origin + pattern.replace(marker, name))
        lastmod = sitemap.get_latest_lastmod()
        end = (
            f"<lastmod>{machine_time(lastmod)}</lastmod></sitemap>\n" if lastmod else "</sitemap>\n"
        )
        out.append(f"<sitemap><loc>{location}</loc>{end}")
        out.extend(
            f"<sitemap><loc>{location}?p={page}</loc>{end}"
            for page in range(2, sitemap.paginator.num_pages + 1)
        )
    out.append("</sitemapindex>\n")
    return "".join(out)


class ArticleMonthSitemap:
    """One edition's articles of one month, in files of `limit` URLs (month_sitemap_xml)."""

    # Small files: a crawler re-reads only the file that changed, and each is built in
    # milliseconds from plain rows, so none needs caching to be fast.
    limit = MONTH_PAGE_URLS

    def __init__(self, locale, year, month, other_locale_ids=()):
        self.locale, self.year, self.month = locale, year, month
        self.other_locale_ids = list(other_locale_ids)  # the other editions (hreflang)

    def items(self):
        start = timezone.make_aware(datetime.datetime(self.year, self.month, 1))
        end = timezone.make_aware(
            datetime.datetime(self.year + self.month // 12, self.month % 12 + 1, 1)
        )
        return (
            Article.objects.live()
            .for_locale(self.locale)
            .filter(published_at__gte=start, published_at__lt=end)
            .order_by("published_at", "id")
        )

    def file(self, number: int):
        """The articles of file `number` (1, 2, …), or None past the end. Files after the first
        start where ArchiveMonth says (keyset): an OFFSET read every article before the file."""
        items = self.items()
        if number > 1:
            month = ArchiveMonth.objects.filter(
                locale=self.locale, month=datetime.date(self.year, self.month, 1)
            ).first()
            start = month.file_start(number) if month else False
            if not start:
                return None
            published_at, pk = start
            items = items.filter(
                Q(published_at__gt=published_at) | Q(published_at=published_at, id__gte=pk),
                published_at__gte=published_at,  # a plain range for the index (SQLite)
            )
        return items[: self.limit]


class PageSitemap(AlternatesMixin, Sitemap):
    """Home, sections, All news and information pages of one edition."""

    def __init__(self, locale):
        self.locale = locale

    def items(self):
        return Page.objects.live().public().filter(locale=self.locale, depth__gt=1).order_by("path")

    def translation_queryset(self, keys):
        return (
            Page.objects.live().public().filter(translation_key__in=keys).select_related("locale")
        )

    latest_expression = Max("last_published_at")

    def location(self, page):
        return page.url

    def lastmod(self, page):
        return page.last_published_at


SECTION_NAME = re.compile(
    r"(?P<language>[a-z-]+?)-(?:pages|articles-(?P<year>\d{4})-(?P<month>\d{2}))"
)


def sitemap_for_section(name: str):
    """The sitemap a file name in the index stands for ("ru-pages", "ru-articles-2026-11"),
    read from the name itself rather than by listing every edition's months; None when the
    name is not one (an empty month answers 404 from month_sitemap_xml)."""
    match = SECTION_NAME.fullmatch(name)
    locales = list(Locale.objects.all()) if match else []  # a handful: every edition at once
    locale = next((each for each in locales if each.language_code == match["language"]), None)
    if not locale:
        return None
    if match["year"] is None:
        return PageSitemap(locale)
    year, month = int(match["year"]), int(match["month"])
    if not (1 <= month <= 12 and 1 <= year <= 9998):
        return None
    others = [each.pk for each in locales if each.pk != locale.pk]
    return ArticleMonthSitemap(locale, year, month, others)


XML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
    'sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml" '
    'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
)


def month_sitemap_xml(sitemap: ArticleMonthSitemap, page: int, origin: str) -> str | None:
    """One file of a month's article sitemap, written from rows rather than model instances and
    a template: the same XML as `syndication/sitemap.xml` at a tenth of the cost. None when the
    page is past the end."""
    this_file = sitemap.file(page)
    if this_file is None:
        return None
    rows = list(
        this_file.values_list(
            "id", "slug", "translation_key", "published_at", "updated_at", "lead_image_id"
        )
    )
    if not rows:
        return None  # past the end, or a month without articles (the index lists none such)
    language = sitemap.locale.language_code
    zone = timezone.get_default_timezone()  # addresses and dates in the site's zone
    others = defaultdict(list)
    # The other editions' versions of this file's articles: the database matches the keys (a
    # subquery, not five hundred parameters for the driver to splice in), and the editions too,
    # so that the (translation_key, locale) index skips this edition's own rows.
    for key, code, slug, published_at in (
        Article.objects.live()
        .filter(
            translation_key__in=this_file.values("translation_key"),
            locale__in=sitemap.other_locale_ids,
        )
        .values_list("translation_key", "locale__language_code", "slug", "published_at")
    ):
        others[key].append((code, article_path(code, published_at.astimezone(zone), slug)))
    photo_ids = sorted({row[5] for row in rows if row[5]})
    photos = {}  # id -> the <image:image> element, built once per photo
    for start in range(0, len(photo_ids), CHUNK):
        for pk, name in (
            get_image_model()
            .objects.filter(pk__in=photo_ids[start : start + CHUNK])
            .values_list("pk", "file")
        ):
            location = escape(origin + default_storage.url(name))
            photos[pk] = f"<image:image><image:loc>{location}</image:loc></image:image>"
    out = [XML_HEAD]
    for _pk, slug, key, published_at, updated_at, photo_id in rows:
        local = published_at.astimezone(zone)
        own = article_path(language, local, slug)
        lastmod = updated_at.astimezone(zone) if updated_at else local
        out.append(f"<url><loc>{origin}{own}</loc><lastmod>{machine_time(lastmod)}</lastmod>")
        if key in others:
            for code, path in [(language, own), *others[key]]:
                out.append(f'<xhtml:link rel="alternate" hreflang="{code}" href="{origin}{path}"/>')
        if photo_id in photos:
            out.append(photos[photo_id])
        out.append("</url>\n")
    out.append("</urlset>\n")
    return "".join(out)


NEWS_SITEMAP_HOURS = 48  # Google News sitemap: articles of the last two days
NEWS_SITEMAP_LIMIT = 1000  # … and at most 1,000 of them


class NewsSitemap(Sitemap):
    """The Google News sitemap of one edition: its articles of the last NEWS_SITEMAP_HOURS,
    newest first, at most NEWS_SITEMAP_LIMIT (template `syndication/news_sitemap.xml`, which
    names the publication once per story, as Google asks)."""

    limit = NEWS_SITEMAP_LIMIT

    def __init__(self, language: str, locale_id: int, publication: str):
        self.language, self.locale_id, self.publication = language, locale_id, publication
        self.stories = None

    def items(self) -> list[dict]:
        """{slug, headline, published_at (in the outlet's zone, as the address's date)} per
        story: read as rows, not model instances, and dicts because the template then finds
        each field with one lookup (a thousand stories, rebuilt after every publish)."""
        if self.stories is None:  # read once: the view also asks when the oldest leaves the file
            since = timezone.now() - datetime.timedelta(hours=NEWS_SITEMAP_HOURS)
            zone = timezone.get_default_timezone()
            rows = (
                Article.objects.live()
                .for_locale(self.locale_id)
                .filter(published_at__gte=since)
                .newest_first()
                .values_list("slug", "headline", "published_at")[: self.limit]
            )
            self.stories = [
                {"slug": slug, "headline": headline, "published_at": published_at.astimezone(zone)}
                for slug, headline, published_at in rows
            ]
        return self.stories

    def location(self, story: dict) -> str:
        return article_path(self.language, story["published_at"], story["slug"])

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["publication"], url["language"] = self.publication, self.language
        return urls

    def expires_at(self) -> datetime.datetime | None:
        """When the oldest story leaves the file (it turns NEWS_SITEMAP_HOURS old)."""
        stories = self.items()
        if not stories:
            return None
        return stories[-1]["published_at"] + datetime.timedelta(hours=NEWS_SITEMAP_HOURS)
