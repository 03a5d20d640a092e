"""Feeds per edition, section and tag, in RSS 2.0, Atom 1.0, JSON Feed 1.1 and Yandex/Dzen
full-text RSS: thin `django.contrib.syndication` Feeds over one shared definition."""

from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import translation
from django.utils.feedgenerator import Enclosure

from newsdesk.core.addresses import absolute, edition_path, home_path
from newsdesk.core.context_processors import get_chrome
from newsdesk.core.machine_time import to_second
from newsdesk.news.addresses import news_index_route
from newsdesk.news.models import Article, ArticleAuthor
from newsdesk.news.visibility import tag_shown_in
from newsdesk.syndication import content
from newsdesk.syndication.feedgenerators import JsonFeed, NewsAtomFeed, NewsRssFeed, YandexFeed

FEED_SIZE = 50


class Scope:
    """What a feed covers: an edition, optionally narrowed to a section or a tag."""

    def __init__(self, language, kind=None, slug=None):
        # The edition, its name and its sections come from the cached site chrome: no query.
        chrome = get_chrome(language)
        self.locale_id = chrome.locale_id
        if self.locale_id is None:
            raise Http404("no such edition")
        self.language = language
        self.site_name = chrome.site_name
        self.strapline = chrome.strapline
        self.all_news_url = chrome.all_news_url
        self.section = self.tag = None
        if kind == "section":
            self.section = chrome.section_with_slug(slug)
            if self.section is None:
                raise Http404("no such section")
        elif kind == "tag":
            self.tag = tag_shown_in(self.locale_id, slug)
            if self.tag is None:
                raise Http404("no such tag in this edition's published articles")
        self.kind, self.slug = kind, slug

    def articles(self):
        queryset = Article.objects.live().for_locale(self.locale_id)
        if self.section:
            queryset = queryset.in_section(self.section.pk, limit=FEED_SIZE)
        if self.tag:
            queryset = queryset.tagged(self.tag, limit=FEED_SIZE)
        articles = list(
            queryset.select_related("locale")
            .defer("body")  # most items' bodies come from the cache (content.attach_bodies)
            .with_extra_section_ids()
            .newest_first()[:FEED_SIZE]
        )
        names = defaultdict(list)
        bylines = ArticleAuthor.objects.filter(article__in=articles).order_by("sort_order")
        for article_id, name in bylines.values_list("article_id", "author__name"):
            names[article_id].append(name)
        content.prefetch_images(articles)
        content.attach_bodies(articles)
        for article in articles:
            # Worked out once here: several feed hooks below need them.
            article.feed_image = content.lead_image(article)
            article.author_names = names[article.pk]
        return articles

    @property
    def title(self):
        if self.section:
            return f"{self.site_name} — {self.section.title}"
        if self.tag:
            return f"{self.site_name} — {self.tag.name}"
        return self.site_name

    @property
    def page_url(self):
        if self.section:
            return self.section.url
        if self.tag:
            return news_index_route(self.all_news_url, "tag", self.tag.slug)
        return home_path(self.language)

    def feed_path(self, format_name):
        return feed_path(self.language, format_name, self.kind, self.slug)


class ArticleFeed(Feed):
    format_name = "rss"
    feed_type = NewsRssFeed

    def get_object(self, request, kind=None, slug=None):
        # The edition is the URL's language prefix (i18n_patterns has activated it).
        return Scope(translation.get_language(), kind, slug)

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return absolute(scope.page_url)

    def feed_url(self, scope):
        return absolute(scope.feed_path(self.format_name))

    def description(self, scope):
        return scope.strapline or scope.title

    def feed_extra_kwargs(self, scope):
        return {"hub_url": settings.WEBSUB_HUB_URL}

    def items(self, scope):
        return scope.articles()

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return article.lead

    def item_link(self, article):
        return absolute(article.get_url())

    def item_guid(self, article):
        # Stable for the article's life: survives slug and date changes (RFC 4151 tag URI).
        host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname
        return f"tag:{host},{article.published_at:%Y-%m-%d}:article:{article.pk}"

    item_guid_is_permalink = False

    # Feeds print these as RFC 3339 (Atom, JSON Feed) and RFC 2822 (RSS): to the second.
    def item_pubdate(self, article):
        return to_second(article.published_at)

    def item_updateddate(self, article):
        return to_second(article.updated_at or article.published_at)

    def item_author_name(self, article):
        return ", ".join(article.author_names) or None

    def item_categories(self, article):
        sections = [article.section_link, *article.extra_section_links]
        return [section.title for section in sections]

    def item_enclosures(self, article):
        if not article.feed_image:
            return []
        url, _width, _height, size = article.feed_image
        return [Enclosure(url, str(size), "image/jpeg")]

    def item_extra_kwargs(self, article):
        return {
            "content_html": content.body_html(article),
            "image": article.feed_image,
            "image_caption": article.lead_image_caption,
            "image_credit": article.lead_image_credit,
            "authors": article.author_names,
        }


class AtomArticleFeed(ArticleFeed):
    format_name = "atom"
    feed_type = NewsAtomFeed
    subtitle = ArticleFeed.description


class JsonArticleFeed(ArticleFeed):
    format_name = "json"
    feed_type = JsonFeed


class YandexArticleFeed(ArticleFeed):
    """Full-text RSS for Yandex News and Dzen (one per edition)."""

    format_name = "yandex"
    feed_type = YandexFeed

    def item_extra_kwargs(self, article):
        return {**super().item_extra_kwargs(article), "full_text": content.body_text(article)}


FEEDS = {
    feed.format_name: feed()
    for feed in (ArticleFeed, AtomArticleFeed, JsonArticleFeed, YandexArticleFeed)
}


def feed_path(language, format_name, kind=None, slug=None) -> str:
    """A feed's address, from the URL conf (`feed`, or `feed_scoped` for a section's or a tag's):
    pages, WebSub pings and the feeds themselves all come here."""
    if kind:
        return edition_path(language, "feed_scoped", kind, slug, format_name)
    return edition_path(language, "feed", format_name)


def feed_links(language, kind=None, slug=None):
    """<link rel="alternate"> entries for a page's head."""
    return [
        {"type": content_type, "title": title, "href": feed_path(language, fmt, kind, slug)}
        for fmt, content_type, title in (
            ("rss", "application/rss+xml", "RSS"),
            ("atom", "application/atom+xml", "Atom"),
            ("json", "application/feed+json", "JSON Feed"),
        )
    ]
