"""The news app's addresses, from the URL conf (articles) and the news index's own routes (a
tag's page, a byline's page)."""

import functools

from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import uri_to_iri

from newsdesk.core.addresses import edition_path

# What the URL conf's `article` route is reversed with once per edition; the date and slug are
# then put in its place. reverse() costs about 15 µs, and a sitemap file spells up to 50,000
# article addresses.
_SAMPLE = {"year": "1970", "month": "01", "day": "02", "slug": "slug"}
_SAMPLE_TAIL = "1970/01/02/slug/"


@functools.cache
def article_path_format(language: str) -> str:
    """The edition's article address for str.format(day=…, slug=…)."""
    sample = edition_path(language, "article", **_SAMPLE)
    if not sample.endswith(_SAMPLE_TAIL):
        raise ImproperlyConfigured(
            f"the article route no longer ends in <y>/<m>/<d>/<slug>/: {sample}"
        )
    prefix = sample.removesuffix(_SAMPLE_TAIL).replace("{", "{{").replace("}", "}}")
    return prefix + "{day:%Y/%m/%d}/{slug}/"


def news_index_route(all_news_url: str, name: str, *args) -> str:
    """A page of the news index's routes (RoutablePageMixin: "tag", "author") under the edition's
    All news address (the chrome's `all_news_url`)."""
    from newsdesk.news.models import NewsIndexPage  # news.models imports this module

    return all_news_url + uri_to_iri(NewsIndexPage.get_resolver().reverse(name, *args))


def article_path(language: str, day, slug: str) -> str:
    """An article's address: its edition, its local publication date and its slug, as the URL
    conf's `article` route has it (pages, feeds and sitemaps all come here)."""
    return article_path_format(language).format(day=day, slug=slug)
