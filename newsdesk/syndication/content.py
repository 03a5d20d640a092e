"""An article's body as clean, self-contained HTML for feeds: every block rendered by its own
template, then sanitised with nh3 (an allow-list) and every link and image made absolute, since
feed readers show it away from the site."""

import logging

import nh3
from django.core.cache import cache
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from newsdesk.core import dependencies
from newsdesk.core.addresses import absolute
from newsdesk.news import references
from newsdesk.news.models import Article

logger = logging.getLogger(__name__)

FEED_TAGS = {
    "p",
    "a",
    "strong",
    "b",
    "em",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "cite",
    "br",
    "sup",
    "sub",
    "h2",
    "h3",
}
FEED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt", "width", "height"}}
FEED_IMAGE_RENDITION = "width-1200"


def _absolute_links(tag, attribute, value):
    if (tag, attribute) in {("a", "href"), ("img", "src")}:
        return absolute(value)
    return value


def attach_bodies(articles) -> None:
    """Each article's feed body (HTML and plain text), from the cache when this revision of it was
    rendered before and the articles its text cites (their headlines are in it) have not changed
    since (core.dependencies). Not tied to the edition: a publish elsewhere changes one item of a
    feed, not the other forty-nine, whose rendering is most of a feed's cost."""
    language = translation.get_language()
    keys = {
        article.pk: f"newsdesk:feed-body-v2:{language}:{article.pk}:{article.live_revision_id}"
        for article in articles
    }
    found = cache.get_many(list(keys.values()))
    try:
        now = dependencies.versions({name for entry in found.values() for name in entry[2]})
    except dependencies.Unavailable:
        now, found = {}, {}
    found = {
        key: entry
        for key, entry in found.items()
        if all(now[name] == version for name, version in entry[2].items())
    }
    load_bodies([article for article in articles if keys[article.pk] not in found])
    missing = {}
    for article in articles:
        cached = found.get(keys[article.pk])
        if cached is None:
            cited = references.referenced_ids(article.body.raw_data)
            try:
                # Read before rendering: a change meanwhile leaves this copy outdated.
                built_from = dependencies.versions(
                    [dependencies.article(pk) for pk in cited], memo=False
                )
            except dependencies.Unavailable:
                built_from = None
            cached = (render_body_html(article), render_body_text(article), built_from or {})
            if built_from is not None:
                missing[keys[article.pk]] = cached
        article.feed_body_html, article.feed_body_text = cached[:2]
        dependencies.depends_on(*cached[2])
    if missing:
        # Keyed by revision: an entry is never outdated by time, only unused (a week).
        cache.set_many(missing, 7 * 24 * 3600)


def load_bodies(articles) -> None:
    """Bodies for the articles whose feed body must be rendered, in one query, when the list
    was read without them (most items come from the cache; a body is the bulk of a row)."""
    deferred = [article for article in articles if "body" in article.get_deferred_fields()]
    if deferred:
        bodies = Article.objects.filter(pk__in=[article.pk for article in deferred]).only("body")
        loaded = {row.pk: row.body for row in bodies}
        for article in deferred:
            article.body = loaded[article.pk]


def body_html(article) -> str:
    if hasattr(article, "feed_body_html"):
        return article.feed_body_html
    return render_body_html(article)


def body_text(article) -> str:
    if hasattr(article, "feed_body_text"):
        return article.feed_body_text
    return render_body_text(article)


def render_body_html(article) -> str:
    rendered = "".join(str(block.render_as_block()) for block in article.body)
    return nh3.clean(
        rendered,
        tags=FEED_TAGS,
        attributes=FEED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_absolute_links,
        link_rel="noopener",
    )


def render_body_text(article) -> str:
    """Plain text of the body (Yandex's full-text element): paragraphs separated by blank lines."""
    parts = []
    for block in article.body:
        if block.block_type == "paragraph":
            parts.append(strip_tags(str(block.value)))
        elif block.block_type == "quote":
            parts.append(
                f"«{block.value['text']}»"
                + (f" — {block.value['speaker']}" if block.value["speaker"] else "")
            )
    return "\n\n".join(part.strip() for part in parts if part.strip())


def lead_image(article):
    """(absolute URL, width, height, bytes) of the lead photo's feed rendition, or None."""
    if not article.lead_image_id:
        return None
    image = article.lead_image
    try:
        rendition = image.get_rendition(FEED_IMAGE_RENDITION)
    except SourceImageIOError:
        # The original is gone from storage (a restore without media, a manual delete): the
        # feed goes out without this photo rather than not at all.
        logger.warning("photo %s of article %s: original file missing", image.pk, article.pk)
        return None
    try:
        size = rendition.file.size
    except OSError:
        size = 0
    return absolute(rendition.url), rendition.width, rendition.height, size


def prefetch_images(articles):
    """Lead photos with their feed renditions, two queries for the lot."""
    from django.db.models import Prefetch, prefetch_related_objects

    photos = get_image_model().objects.prefetch_renditions(FEED_IMAGE_RENDITION)
    prefetch_related_objects(articles, Prefetch("lead_image", queryset=photos))
