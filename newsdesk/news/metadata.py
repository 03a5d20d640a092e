"""What search engines and social networks read in a page's head: canonical and hreflang links,
OpenGraph, Twitter cards and schema.org JSON-LD (NewsArticle, BreadcrumbList, WebSite)."""

import json
import logging

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError

from newsdesk.core.addresses import absolute, edition_path, home_path
from newsdesk.core.context_processors import get_chrome
from newsdesk.core.locales import language_code_for
from newsdesk.core.machine_time import machine_time
from newsdesk.core.translations import translated_urls
from newsdesk.news.addresses import news_index_route

logger = logging.getLogger(__name__)

OG_RENDITION = "fill-1200x630"
# Google's article guidelines: images at least 1200 px wide in 16:9, 4:3 and 1:1.
LD_RENDITIONS = ("fill-1920x1080", "fill-1600x1200", "fill-1200x1200")
HEADLINE_LIMIT = 110
# og:locale is language_TERRITORY: where each edition's language is written for (a third
# edition's language without one here gets the bare language code).
OG_LOCALES = {"ru": "ru_RU", "en": "en_GB", "de": "de_DE"}
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def ld_json(data) -> str:
    """A <script type="application/ld+json"> block, safe against `</script>` in any text."""
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    # mark_safe: every "<", ">" and "&" is escaped above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def publisher(site_name: str, language: str) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": site_name,
        "url": absolute(home_path(language)),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static("newsdesk/logo.png")),
            "width": 512,
            "height": 512,
        },
    }


def alternates(versions: dict[str, str]) -> list[dict]:
    """hreflang links: every language version, plus x-default (the default edition's version,
    or this page's when that edition has none)."""
    links = [{"hreflang": code, "href": absolute(url)} for code, url in versions.items()]
    default = versions.get(settings.LANGUAGE_CODE) or next(iter(versions.values()))
    return links + [{"hreflang": "x-default", "href": absolute(default)}]


def article_metadata(article, translations, authors, site_name: str, changes=()) -> dict:
    language = article.locale.language_code
    canonical = absolute(article.get_url())
    all_news_url = get_chrome(language).all_news_url

    def byline_path(pk):
        return news_index_route(all_news_url, "author", pk)

    versions = {language: article.get_url()}
    versions.update({other.locale.language_code: other.get_url() for other in translations})
    authors = [
        {
            "@type": "Person",
            "name": author.name,
            "url": absolute(byline_path(author.pk)),
        }
        for author in authors
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:HEADLINE_LIMIT],
        "description": article.lead,
        "inLanguage": language,
        "mainEntityOfPage": canonical,
        "url": canonical,
        "datePublished": machine_time(article.published_at),
        "dateModified": machine_time(article.updated_at or article.published_at),
        "articleSection": article.section_link.title,
        "author": authors,
        "publisher": publisher(site_name, language),
    }
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": change.note,
            "datePublished": machine_time(change.published_at),
        }
        for change in changes
        if change.kind == "correction"
    ]
    if corrections:
        data["correction"] = corrections
    og_image = None
    # The editor's share image when set (issue 16), else the lead photo.
    photo = article.share_image if getattr(article, "share_image_id", None) else None
    photo_alt = article.headline if photo else article.lead_image_caption
    photo = photo or (article.lead_image if article.lead_image_id else None)
    try:
        renditions = photo.get_renditions(OG_RENDITION, *LD_RENDITIONS) if photo else None
    except SourceImageIOError:
        logger.warning("photo of article %s: original file missing", article.pk)
        renditions = None
    if renditions:
        data["image"] = [absolute(renditions[spec].url) for spec in LD_RENDITIONS]
        og = renditions[OG_RENDITION]
        og_image = {
            "url": absolute(og.url),
            "width": og.width,
            "height": og.height,
            "alt": photo_alt,
        }
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": 1,
                "name": site_name,
                "item": absolute(home_path(language)),
            },
            {
                "@type": "ListItem",
                "position": 2,
                "name": article.section_link.title,
                "item": absolute(article.section_link.url),
            },
            {"@type": "ListItem", "position": 3, "name": article.headline, "item": canonical},
        ],
    }
    return {
        "canonical": canonical,
        "og_locale": OG_LOCALES.get(language, language),
        "alternates": alternates(versions),
        "og_image": og_image,
        "json_ld": ld_json(data) + ld_json(breadcrumbs),
    }


def page_metadata(page, site_name: str) -> dict:
    """Canonical and alternates of a tree page (home, section, All news, information)."""
    language = language_code_for(page.locale_id)
    versions = {language: page.url}
    versions.update(translated_urls(page))
    metadata = {"canonical": absolute(page.url), "alternates": alternates(versions)}
    if page.depth == 2:  # a home page: the site and the organisation
        website = {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": site_name,
            "url": absolute(page.url),
            "inLanguage": language,
            # Search engines may offer a search box for the site that lands on our search page.
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": absolute(edition_path(language, "search"))
                    + "?q={search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        }
        metadata["json_ld"] = ld_json(website) + ld_json(
            {"@context": "https://schema.org", **publisher(site_name, language)}
        )
    return metadata
