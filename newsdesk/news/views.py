"""The article page, routed by Django rather than through the page tree.

Articles live at /<lang>/news/YYYY/MM/DD/<slug>/, an address computed without a query. Resolving
it through Wagtail's tree would cost a site lookup, the page path and view restrictions before
the article is even read; here the edition comes from the cached site chrome, and the page
costs a fixed handful of queries whatever the archive's size (tests/news/test_query_counts.py).
"""

from django.db import models
from django.db.models import Aggregate, CharField, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from wagtail.images import get_image_model

from newsdesk.core.context_processors import get_chrome
from newsdesk.news import references
from newsdesk.news.models import Article, article_context
from newsdesk.news.related import related_html

ARTICLE_RENDITIONS = tuple(
    f"{size}|format-webp"
    for size in ("fill-480x270", "fill-960x540", "fill-1440x810", "width-480", "width-960")
)

# What a "see also" block or an inline link shows of the article it names.
CITED_FIELDS = (
    "id",
    "translation_key",
    "slug",
    "headline",
    "published_at",
    "live",
    "locale_id",
    "locale__language_code",
)


def article_page(request, year, month, day, slug):
    language = translation.get_language()
    chrome = get_chrome(language)
    locale_id = chrome.get("locale_id")
    article = (
        Article.objects.live()
        .filter(locale_id=locale_id, slug=slug)
        .select_related("lead_image", "locale")
        .annotate(extra_section_ids=extra_section_ids())
        .first()
        if locale_id
        else None
    )
    if article is None:
        raise Http404("no such article")
    canonical = article.get_url()
    if request.path != canonical:
        # The date in the address is not the article's: send readers and crawlers on, for good.
        return redirect(canonical, permanent=True)
    from newsdesk.syndication.metadata import LD_RENDITIONS, OG_RENDITION, article_metadata

    ids = references.referenced_ids(article.body.raw_data)
    cited = (
        Article.objects.filter(pk__in=ids).select_related("locale").only(*CITED_FIELDS).in_bulk()
        if ids
        else {}
    )
    with references.articles_known(ids, cited):
        context = article_context(article)
        prefetch_renditions(article, (*ARTICLE_RENDITIONS, OG_RENDITION, *LD_RENDITIONS))
        context["related"] = related_html(article, request)
        sections = chrome.get("sections", {})
        context["extra_sections"] = [
            sections[int(pk)]
            for pk in (article.extra_section_ids or "").split(",")
            if pk.isdigit() and int(pk) in sections
        ]
        context["meta"] = article_metadata(
            article, context["translations"], context["authors"], chrome.get("site_name")
        )
        # Rendered here, inside the lookup's scope (a TemplateResponse would render later).
        return TemplateResponse(request, "news/article.html", context).render()


def prefetch_renditions(article, specs):
    """Every rendition the article shows (lead photo, photos in the text) in one query, instead
    of one per photo."""
    images = [article.lead_image] if article.lead_image_id else []
    images += [block.value["image"] for block in article.body if block.block_type == "image"]
    images = [image for image in images if image is not None]
    if not images:
        return
    rendition_model = get_image_model().get_rendition_model()
    renditions = rendition_model.objects.filter(filter_spec__in=specs)
    models.prefetch_related_objects(images, models.Prefetch("renditions", queryset=renditions))


class IdList(Aggregate):
    """Comma-separated ids of a group: GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, ',')",
            **extra_context,
        )


def extra_section_ids():
    """The article's "also in" sections as one column of its own row, not a query of their
    own; the chrome has every section's title and address."""
    through = Article.also_in.through.objects.filter(article=OuterRef("pk"))
    return Subquery(
        through.values("article").annotate(ids=IdList("sectionpage_id")).values("ids")[:1]
    )
