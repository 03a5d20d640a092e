"""The article page, routed by Django rather than through the page tree.

Articles live at /<lang>/news/YYYY/MM/DD/<slug>/, an address computed without a query. Resolving
it through Wagtail's tree would cost a site lookup, the page path and view restrictions before
the article is even read; here the edition comes from the cached site chrome, and the page
costs a fixed handful of queries whatever the archive's size (tests/news/test_query_counts.py).
"""

import functools

from django.db import models
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from wagtail.images import get_image_model

from newsdesk.core import dependencies, fragments
from newsdesk.core.context_processors import get_chrome
from newsdesk.news import references
from newsdesk.news.fragments import related_for
from newsdesk.news.metadata import LD_RENDITIONS, OG_RENDITION, article_metadata
from newsdesk.news.models import Article, article_context
from newsdesk.news.models.querysets import LINKED_ROW, lead_renditions, page_relations
from newsdesk.news.pagination import Cursor
from newsdesk.news.related import reading_inputs

ARTICLE_RENDITIONS = tuple(
    f"{size}|format-webp"
    for size in ("fill-480x270", "fill-960x540", "fill-1440x810", "width-480", "width-960")
)

PAGE_RENDITIONS = (*ARTICLE_RENDITIONS, OG_RENDITION, *LD_RENDITIONS)

# What the page shows of the article (the rest of its row is revision bookkeeping).
ARTICLE_FIELDS = (
    "id",
    "translation_key",
    "live",
    "live_revision_id",
    "slug",
    "headline",
    "lead",
    "dateline",
    "body",
    "section_id",
    "lead_image",
    "lead_image_caption",
    "lead_image_credit",
    "is_breaking",
    "is_featured",
    "published_at",
    "updated_at",
    "locale",
    "seo_title",
    "seo_description",
    "share_image",
)


@functools.cache
def article_rows():
    """What the page reads of an article, its bylines, tags and the articles it names: built once
    per process (putting together its subqueries cost as much as running them), never itself
    evaluated; each request filters a copy."""
    return (
        Article.objects.select_related("lead_image", "locale")
        .only(*ARTICLE_FIELDS)
        .with_extra_section_ids()
        .with_page_relations()
        .with_lead_renditions(PAGE_RENDITIONS)
    )


def article_page(request, year, month, day, slug):
    language = translation.get_language()
    chrome = get_chrome(language)
    locale_id = chrome.locale_id
    found = (
        article_rows().filter(live=True, locale_id=locale_id, slug=slug)[:1] if locale_id else []
    )
    article = next(iter(found), None)  # (locale, slug) is unique: no ORDER BY needed
    if article is None:
        raise Http404("no such article")
    canonical = article.get_url()
    if request.path != canonical:
        # The date in the address is not the article's: send readers and crawlers on, for good.
        return redirect(canonical, permanent=True)
    ids = references.referenced_ids(article.body.raw_data)
    # The page is built from this article (in every edition: its translation links) and from the
    # headlines of those its text cites; the rest of the edition is in pieces (core.fragments).
    dependencies.depends_on(
        dependencies.article(article.pk),
        dependencies.story(article.translation_key),
        *(dependencies.article(pk) for pk in ids),
    )
    # Bylines, tags, translations and cited articles came with the article's own row.
    authors, tags, translations, cited = page_relations(article)
    if not ids <= cited.keys():
        # An id the citation index does not hold (a deleted article finds nothing: shown as
        # gone); read as the page read them before there was an index.
        cited.update(
            (other.pk, other)
            for other in Article.objects.filter(pk__in=ids - cited.keys())
            .select_related("locale")
            .only(*LINKED_ROW)
        )
    with references.articles_known(ids, cited):
        context = article_context(article, translations=translations, authors=authors, tags=tags)
        prefetch_renditions(article, PAGE_RENDITIONS)
        # Kept under what it takes from this article (news.related), not under its version.
        context["related"] = fragments.placeholder(
            "related",
            f"{article.pk}.{reading_inputs(article, context['tags'], ids)}",
            build=lambda: related_for(article, context["tags"]),
        )
        context["extra_sections"] = article.extra_section_links
        # Only an article updated since publication can have a log (no query for the rest).
        context["changes"] = list(article.changes.all()) if article.updated_at else []
        context["meta"] = article_metadata(
            article,
            context["translations"],
            context["authors"],
            chrome.site_name,
            changes=context["changes"],
        )
        # Rendered here, inside the lookup's scope (a TemplateResponse would render later).
        return TemplateResponse(request, "news/article.html", context).render()


LATEST_COUNT = 50


def latest_stories(request):
    """`/<lang>/news/latest.json`: the cursors of the edition's newest stories, newest first.

    What an open "All news" page polls to say "3 new stories — show". One address per edition,
    the same for every reader, so the page cache answers it (a publish bumps the edition and the
    next poll sees the story, on every node sharing the cache); one walk down the
    (locale, published_at, id) index when it does render."""
    dependencies.depends_on(dependencies.edition(translation.get_language()))
    locale_id = get_chrome(translation.get_language()).locale_id
    if not locale_id:
        raise Http404("no such edition")
    rows = (
        Article.objects.live()
        .for_locale(locale_id)
        .newest_first()
        .values_list("published_at", "id")[:LATEST_COUNT]
    )
    response = JsonResponse({"latest": [Cursor(*row).encode() for row in rows]})
    response["Cache-Control"] = f"public, max-age={LATEST_MAX_AGE}"
    return response


LATEST_MAX_AGE = 15  # seconds a browser or CDN may keep it: well under the pages' poll interval


def prefetch_renditions(article, specs):
    """Every rendition the article shows: the lead photo's came with the article's row
    (`article_rows`); the photos in the text, in one query instead of one per photo."""
    if article.lead_image is not None:
        article.lead_image.prefetched_renditions = lead_renditions(article)
    images = [block.value["image"] for block in article.body if block.block_type == "image"]
    images = [image for image in images if image is not None]
    if not images:
        return
    rendition_model = get_image_model().get_rendition_model()
    renditions = rendition_model.objects.filter(filter_spec__in=specs)
    models.prefetch_related_objects(images, models.Prefetch("renditions", queryset=renditions))
