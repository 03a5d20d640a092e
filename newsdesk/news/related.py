"""Reading around an article: "Related" (the story thread, then similar stories) and "See also"
(later articles that cite it).

- The story thread: the articles this one links to (its "see also" blocks and inline links).
- Similar stories: the edition's articles whose indexed words share the most with this one's
  headline and tags (Wagtail's search over the reader's stemmed index, which holds tags,
  sections and authors too), with a bonus for the same section. Working that out costs a few queries, so the ids are kept in the
  cache per article for SIMILAR_SECONDS; the teasers are read afresh (one query and one for their
  photos), so an unpublished story never lingers and a new citation shows at once.
- See also: articles citing this one (ArticleCitation, kept in step with each live body).

The editor's cross-link suggestions (news.forms) use the same similarity.
"""

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from newsdesk.news import references
from newsdesk.search import text

RELATED_COUNT = 6
SEE_ALSO_COUNT = 5
SIMILAR_CANDIDATES = 40
SIMILAR_SECONDS = 600
TEASER = "news/includes/teaser.html"
TEASER_OPTIONS = {"show_image": True, "show_date": True}
SAME_SECTION_BONUS = 0.5


def similar_ids(article, limit: int, *, tags=None, exclude=(), earlier_only=False) -> list[int]:
    """The `limit` published articles of the edition most like `article`, best first (only those
    published before it with `earlier_only`). `tags`: the article's tags, when already read.

    One search: the stems of the headline and tag names, any of them, over the edition's index
    (where tags, sections and authors are indexed with the text, so a shared tag counts there),
    plus a bonus for the same section."""
    from newsdesk.news.models import Article

    if tags is None:
        tags = list(article.tags.all()) if article.pk else []
    words = [
        stem
        for stem in dict.fromkeys(
            text.stems(
                " ".join([article.headline, *(tag.name for tag in tags)]), article.language_code
            )
        )
        if len(stem) > 2  # "в", "of", "на": everywhere, and no sign of a shared subject
    ]
    if not words:
        return []
    pool = Article.objects.live().for_locale(article.locale_id).only("id", "section_id")
    if earlier_only:
        pool = pool.filter(published_at__lt=article.published_at or timezone.now())
    candidates = (
        get_search_backend()
        .search(PlainText(" ".join(words), operator="or"), pool, order_by_relevance=True)
        .annotate_score("text_score")[:SIMILAR_CANDIDATES]
    )
    leave_out = {article.pk, *exclude}
    scored = sorted(
        (found for found in candidates if found.pk not in leave_out),
        key=lambda found: (
            -(
                abs(found.text_score or 0)  # SQLite's bm25 is negative (search.views)
                + SAME_SECTION_BONUS * (found.section_id == article.section_id)
            ),
            -found.pk,
        ),
    )
    return [found.pk for found in scored[:limit]]


def cached_similar_ids(article, tags=None) -> list[int]:
    key = f"newsdesk:similar:{article.pk}"
    found = cache.get(key)
    if found is None:
        found = similar_ids(article, RELATED_COUNT, tags=tags)
        cache.set(key, found, timeout=SIMILAR_SECONDS)
    return found


def reading_around(article, tags=None, *, preview=False) -> tuple[list, list]:
    """(related, see_also) articles for the teasers under `article`, in two queries (and the
    similarity search when it is not cached)."""
    from newsdesk.news.models import TEASER_RENDITION, Article, ArticleCitation

    cited = references.referenced_ids(article.body.raw_data) - {article.pk}
    if preview:  # the draft's own headline and tags; not kept for the published page
        similar = similar_ids(article, RELATED_COUNT, tags=tags)
    else:
        similar = cached_similar_ids(article, tags) if article.pk else []
    citing = ArticleCitation.objects.filter(target_id=article.pk)
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec=TEASER_RENDITION)
    )
    found = list(
        Article.objects.live()
        .for_locale(article.locale_id)
        .filter(Q(pk__in=cited | set(similar)) | Q(pk__in=citing.values("source_id")))
        .exclude(pk=article.pk)
        .annotate(cites_this=Exists(citing.filter(source_id=OuterRef("pk"))))
        .for_listing()
        .select_related("lead_image")
        .prefetch_related(Prefetch("lead_image__renditions", queryset=renditions))
        .newest_first()
    )
    see_also = [item for item in found if item.cites_this][:SEE_ALSO_COUNT]
    shown = {item.pk for item in see_also}
    thread = [item for item in found if item.pk in cited and item.pk not in shown]
    shown.update(item.pk for item in thread)
    alike = [item for item in found if item.pk in similar and item.pk not in shown]
    return (thread + alike)[:RELATED_COUNT], see_also


def related_html(article, tags=None, *, preview=False) -> str:
    related, see_also = reading_around(article, tags, preview=preview)
    html = SafeString("")
    for items, block_id in ((see_also, "see-also"), (related, "related")):
        if items:
            html += render_to_string(
                "news/includes/related.html",
                {"teasers": teasers(items), "block_id": block_id, "see_also": items is see_also},
            )
    return html


def teasers(items) -> list[str]:
    return [render_to_string(TEASER, {"item": item, **TEASER_OPTIONS}) for item in items]
