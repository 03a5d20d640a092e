"""Absolute addresses, for what is read away from the site (feeds, sitemaps, page metadata):
the site's public address (BASE_URL) joined with a path."""

from urllib.parse import urljoin

from django.conf import settings


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"


def absolute(url: str) -> str:
    return urljoin(base_url(), url)
