"""Reading around an article: "Related" (the story thread, then similar stories) and "See also"
(later articles that cite it).

- The story thread: the articles this one links to (its "see also" blocks and inline links).
- Similar stories: the most alike of the NEIGHBOURHOOD newest stories published before it in its
  section (one walk down the section's (section, published_at, id) index), scored by the tags
  they share (TAG_WEIGHT each) and the stems their headlines share with its own. No full-text
  search over the archive: with the search index built, that one cost 123 ms at 35,000 articles
  and grew with the archive (issue 20). The ids are kept in the cache under what they are worked
  out from (`reading_inputs`): later stories cannot join an earlier-only neighbourhood, so they
  change only with the article's headline, tags, section, time or the stories its text names
  (a story backdated into the neighbourhood joins at the next such change). The teasers are read
  afresh, so an unpublished story never lingers and a new citation shows at once.

The piece as a whole is kept under the same inputs, not under the article's version: an edit of
the text, the lead or the photo, the usual correction, leaves it current (an edited article's
first view renders the page only: bench/results/2026-12-03-million.md).
- See also: articles citing this one (ArticleCitation, kept in step with each live body).

The teasers come from one query whose articles are looked up by primary key: the ids named above
and, through the citation index, the articles citing this one (a UNION ALL inside `IN`), so the
database reads those rows and no others, whatever the edition's size (tests/news/
test_query_plans.py).

The editor's cross-link suggestions (news.forms) search the whole edition's index instead
(`similar_ids`): the back office can afford it, and an editor wants older coverage too.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from wagtail.images import get_image_model
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from newsdesk.core import dependencies
from newsdesk.news import references
from newsdesk.news import search_text as text
from newsdesk.news.tags import ArticleTag

RELATED_COUNT = 6
SEE_ALSO_COUNT = 5
SIMILAR_CANDIDATES = 40
KEEP_SECONDS = 7 * 24 * 3600  # storage, not freshness: an id list nobody reads for a week goes
NEIGHBOURHOOD = 40  # earlier stories of the section weighed for "Related"
TAG_WEIGHT = 2  # a shared tag counts as much as two shared headline stems
TEASER = "news/includes/teaser.html"
TEASER_OPTIONS = {"show_image": True, "show_date": True}
SAME_SECTION_BONUS = 0.5


def subject_stems(headline: str, language: str) -> set[str]:
    # "в", "of", "на": everywhere, and no sign of a shared subject.
    return {stem for stem in text.stems(headline, language) if len(stem) > 2}


def neighbours_like(article, limit: int, tags=None) -> list[int]:
    """The `limit` stories most like `article` among the NEIGHBOURHOOD newest published before it
    in its section: shared tags count TAG_WEIGHT each, shared headline stems one each; the newer
    first among equals. One query, over an index range of the section."""
    from newsdesk.news.models import Article

    if not article.section_id:
        return []
    if tags is None:
        tags = list(article.tags.all()) if article.pk else []
    tag_ids = [tag.pk for tag in tags]
    shared_tags = (
        ArticleTag.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
        .values("content_object_id")
        .annotate(shared=Count("*"))
        .values("shared")
    )
    neighbours = (
        Article.objects.live()
        .for_locale(article.locale_id)
        .filter(
            section_id=article.section_id,
            published_at__lt=article.published_at or timezone.now(),
        )
        .exclude(pk=article.pk)
        .newest_first()
        .only("id", "headline")
        .annotate(shared_tags=Coalesce(Subquery(shared_tags), 0) if tag_ids else Value(0))
    )[:NEIGHBOURHOOD]
    own = subject_stems(article.headline, article.language_code)
    scored = []
    for position, other in enumerate(neighbours):
        shared_words = len(own & subject_stems(other.headline, article.language_code))
        score = TAG_WEIGHT * other.shared_tags + shared_words
        if score:
            scored.append((-score, position, other.pk))
    return [pk for _score, _position, pk in sorted(scored)[:limit]]


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


def reading_inputs(article, tags, named: set[int] | None = None) -> str:
    """A digest of what the related reading takes from the article itself: its edition, section,
    time, headline and tags (the similar stories) and the stories its text names (the thread;
    `named`: references.referenced_ids of its body, when the caller has them)."""
    if named is None:
        named = references.referenced_ids(article.body.raw_data)
    inputs = (
        article.pk,
        article.locale_id,
        article.section_id,
        article.published_at.isoformat() if article.published_at else None,
        article.headline,
        sorted(tag.pk for tag in tags),
        sorted(named),
    )
    return hashlib.blake2b(repr(inputs).encode(), digest_size=8).hexdigest()


def cached_similar_ids(article, tags, named: set[int]) -> list[int]:
    key = f"newsdesk:similar:{article.pk}:{reading_inputs(article, tags, named)}"
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - worked out again from the database
        found = None
    if found is None:
        found = neighbours_like(article, RELATED_COUNT, tags=tags)
        try:
            cache.set(key, found, timeout=KEEP_SECONDS)
        except Exception:  # noqa: BLE001 - worked out again next time
            pass
    return found


def reading_around(article, tags=None, *, preview=False) -> tuple[list, list]:
    """(related, see_also) articles for the teasers under `article`, in two queries (the
    teasers, their photos), and one more for the similar stories when they are not cached."""
    from newsdesk.news.models import TEASER_RENDITION, Article, ArticleCitation

    named = references.referenced_ids(article.body.raw_data)
    cited = named - {article.pk}
    if tags is None:
        tags = list(article.tags.all()) if article.pk else []
    if preview:  # the draft's own headline and tags; not kept for the published page
        similar = neighbours_like(article, RELATED_COUNT, tags=tags)
    else:
        similar = cached_similar_ids(article, tags, named) if article.pk else []
    # Current while the stories it names or shows (live or not yet) and the set of articles
    # citing it are; what it takes from the article itself is in its key (reading_inputs). A
    # publish elsewhere in the edition, or an edit of the article's text, leaves it alone.
    dependencies.depends_on(
        dependencies.cited(article.pk),
        *(dependencies.article(pk) for pk in cited | set(similar)),
    )
    citing = ArticleCitation.objects.filter(target_id=article.pk)
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec=TEASER_RENDITION)
    )
    # Primary-key lookups only: the ids named, then (UNION ALL) the citing ones from the
    # citation index. An OR of the two made PostgreSQL read every article of the edition.
    named = Article.objects.filter(pk__in=cited | set(similar)).values("pk")
    wanted = named.union(citing.values("source_id"), all=True)
    found = list(
        Article.objects.live()
        .for_locale(article.locale_id)
        .filter(pk__in=wanted)
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
