"""Addresses: paths from the URL conf (`reverse`), and absolute addresses for what is read away
from the site (feeds, sitemaps, page metadata): the site's public address (BASE_URL) joined with
a path."""

from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import uri_to_iri


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"


def absolute(url: str) -> str:
    return urljoin(base_url(), url)


def edition_path(language: str, name: str, *args, **kwargs) -> str:
    """The path the URL conf names `name`, in an edition (under its language prefix) whichever
    language is active. Unquoted like Wagtail's page addresses: a tag's feed is
    /ru/feeds/tag/бюджет/rss/, as its page is."""
    with translation.override(language):
        return uri_to_iri(reverse(name, args=args, kwargs=kwargs))


def home_path(language: str) -> str:
    """An edition's home page: the root of its page tree."""
    return edition_path(language, "serve_page", "")
