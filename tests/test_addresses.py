"""Every address the site spells comes from the URL conf: pages, feeds and sitemaps link where
Django routes."""

import datetime

import pytest
from django.conf import settings
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.encoding import uri_to_iri

from newsdesk.news.models import article_path
from newsdesk.syndication import views as syndication_views
from newsdesk.syndication.feeds import feed_links, feed_path

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_articles_address_is_the_one_the_url_conf_routes_to_the_article_page(language):
    day = datetime.date(2026, 1, 5)
    path = article_path(language, day, "bridge-reopens")
    with translation.override(language):
        expected = reverse(
            "article", kwargs={"year": "2026", "month": "01", "day": "05", "slug": "bridge-reopens"}
        )
        assert path == expected == f"/{language}/news/2026/01/05/bridge-reopens/"
        assert resolve(path).url_name == "article"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_feed_a_page_advertises_is_routed_to_the_feed_view_of_its_edition(language):
    with translation.override(language):
        for kind, slug in ((None, None), ("section", "economy"), ("tag", "бюджет")):
            for link in feed_links(language, kind, slug):
                match = resolve(link["href"])
                assert match.func is syndication_views.feed
                assert link["href"].startswith(f"/{language}/feeds/")
                assert match.kwargs.get("slug") == slug
        yandex = feed_path(language, "yandex")
        assert resolve(yandex).kwargs == {"fmt": "yandex"}
        # Unquoted, as Wagtail spells the tag's page.
        assert feed_path(language, "rss", "tag", "бюджет") == uri_to_iri(
            reverse("feed_scoped", args=["tag", "бюджет", "rss"])
        )
