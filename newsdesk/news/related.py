"""The "Related news" block under an article: the newest stories of the article's section.

Every article of a section shows the same list (less itself), so the block is rendered once per
section, edition and content version and kept in the cache (its teasers, one more than shown,
so that the newest stories can leave themselves out): after a publish (a new version) the first
article of each section renders it, the others reuse it.
"""

from django.core.cache import cache
from django.db.models import Prefetch
from django.template.loader import render_to_string
from wagtail.images import get_image_model

from newsdesk.core import content_version

RELATED_COUNT = 6
TEASER = "news/includes/teaser.html"
TEASER_OPTIONS = {"show_image": True, "show_date": True}
CACHE_SECONDS = 3600  # a new content version makes an entry unreachable long before this

# This process's copies for the current version (a few sections per edition): a page would
# otherwise fetch and unpickle the block from Redis on every render.
_memo: dict = {}


def forget() -> None:
    _memo.clear()


def related_queryset(article):
    from newsdesk.news.models import TEASER_RENDITION, Article

    # One walk down the (locale, section, published_at, id) index with the photos joined in;
    # their renditions in one more query.
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec=TEASER_RENDITION)
    )
    return (
        Article.objects.live()
        .for_locale(article.locale_id)
        .filter(section_id=article.section_id)
        .for_listing()
        .select_related("lead_image")
        .prefetch_related(Prefetch("lead_image__renditions", queryset=renditions))
        .newest_first()
    )


def related_html(article) -> str:
    if not article.section_id:
        return ""
    try:
        version = content_version.current(memo=True)
    except content_version.Unavailable:
        version = None  # rendered afresh; nothing kept
    key = f"newsdesk:related:{article.language_code}:{article.section_id}:{version}"
    if _memo.get("version") != version:
        _memo.clear()
        _memo["version"] = version
    entry = (_memo.get(key) or cache.get(key)) if version is not None else None
    if entry is None:
        # One more than shown: the block under one of these leaves that one out.
        newest = [
            (item.pk, render_to_string(TEASER, {"item": item, **TEASER_OPTIONS}))
            for item in related_queryset(article)[: RELATED_COUNT + 1]
        ]
        entry = (newest, aside([html for _pk, html in newest[:RELATED_COUNT]]))
        if version is not None:
            cache.set(key, entry, timeout=CACHE_SECONDS)
    if version is not None:
        _memo[key] = entry
    newest, html = entry
    if any(pk == article.pk for pk, _html in newest):
        return aside([html for pk, html in newest if pk != article.pk][:RELATED_COUNT])
    return html


def aside(teasers) -> str:
    if not teasers:
        return ""
    return render_to_string("news/includes/related.html", {"teasers": teasers})
