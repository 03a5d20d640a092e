"""How articles are read: publication state, the listings' walks down ordered indexes, and the
prefetching each listing needs (not in views)."""

from __future__ import annotations

import datetime

from django.db import connection, models
from django.db.models import (
    Aggregate,
    CharField,
    ExpressionWrapper,
    F,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, JSONArray
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from newsdesk.news import pagination
from newsdesk.news.models.records import ExtraSectionEntry
from newsdesk.news.tags import ArticleTag
from newsdesk.news.translation import with_update_state

BREAKING_HOURS = 6  # how long a breaking-news banner shows when no end time is set


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


class JSONList(Aggregate):
    """A group's values as one JSON array: json_group_array on SQLite, jsonb_agg on PostgreSQL."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def json_rows(queryset, *fields):
    """The rows of a correlated subquery as one column of the outer row: a JSON array of
    [field, …] arrays (NULL when there are none). Grouped by a constant, so every row the
    subquery finds goes into one array."""
    rows = queryset.order_by().values(group=Value(1)).annotate(rows=JSONList(JSONArray(*fields)))
    return Subquery(rows.values("rows"), output_field=JSONField())


# What an article page shows of the articles it names (its translations, the stories its text
# cites: a translation link, a "see also" block), read as JSON with the article itself
# (`with_page_relations`).
LINKED_ROW = (
    "id",
    "translation_key",
    "slug",
    "headline",
    "published_at",
    "live",
    "locale_id",
    "locale__language_code",
)


RENDITION_ROW = ("id", "image_id", "filter_spec", "file", "width", "height", "focal_point_key")


class ArticleQuerySet(models.QuerySet):
    """Publication state and the prefetching each listing needs live here, not in views."""

    def live(self):
        return self.filter(live=True)

    def breaking(self, ends_after=None, ends_by=None):
        """Live articles flagged as breaking, with `breaking_end`: when their banner ends (their
        own end time, or BREAKING_HOURS after publication); those ending in (ends_after, ends_by]
        when given. The bounds are also written on the two columns, which the partial indexes
        on live breaking stories answer: a condition on `breaking_end` alone read the whole
        edition (PostgreSQL cannot index the expression, which is not immutable)."""
        default_end = ExpressionWrapper(
            F("published_at") + datetime.timedelta(hours=BREAKING_HOURS),
            output_field=models.DateTimeField(),
        )
        found = self.filter(live=True, is_breaking=True).annotate(
            breaking_end=Coalesce("breaking_until", default_end)
        )
        if ends_after is None:
            return found
        own, default = (
            Q(breaking_until__gt=ends_after),
            Q(
                breaking_until__isnull=True,
                published_at__gt=ends_after - datetime.timedelta(hours=BREAKING_HOURS),
            ),
        )
        if ends_by is not None:
            own &= Q(breaking_until__lte=ends_by)
            default &= Q(published_at__lte=ends_by - datetime.timedelta(hours=BREAKING_HOURS))
        found = found.filter(own | default, breaking_end__gt=ends_after)
        return found if ends_by is None else found.filter(breaking_end__lte=ends_by)

    def for_locale(self, locale):
        return self.filter(locale=locale)

    def in_section(self, section, cursor=None, limit=50):
        """The newest `limit` (+1) articles after `cursor` whose section this is, or which are
        listed here too ("also in"): the ids come from two walks down ordered indexes, on the
        article table and on ExtraSectionEntry, so the cost does not grow with the archive (an
        OR over the through table made the database hash every extra entry of the section)."""
        primary = pagination.batch_queryset(self.filter(section=section), cursor, limit)
        extra = ExtraSectionEntry.objects.filter(section=section, live=True)
        if cursor is not None:
            extra = extra.filter(pagination.after(cursor, "published_at", "article_id"))
        extra = extra.order_by("-published_at", "-article_id").values_list("article_id", flat=True)
        primary, extra = primary.values_list("id", flat=True), extra[: limit + 1]
        if connection.features.supports_slicing_ordering_in_compound:
            ids = set(primary.union(extra, all=True))  # one round trip (PostgreSQL)
        else:
            ids = {*primary, *extra}
        return self.filter(pk__in=ids)

    def tagged(self, tag, cursor=None, limit=50):
        """The newest `limit` (+1) articles after `cursor` carrying `tag`: their ids from one
        walk down the tag's entries (ArticleTag keeps each article's time and state)."""
        entries = ArticleTag.objects.filter(tag=tag, live=True)
        if cursor is not None:
            entries = entries.filter(pagination.after(cursor, "published_at", "content_object_id"))
        entries = entries.order_by("-published_at", "-content_object_id")
        return self.filter(pk__in=entries.values("content_object_id")[: limit + 1])

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def with_update_state(self):
        """`needs_update` on each: a translation behind a correction of its source."""
        return with_update_state(self)

    def with_extra_section_ids(self):
        """Each article's "also in" sections as a column of its own row ("3,7"), not a query of
        their own; `Article.extra_section_links` names them from the cached chrome."""
        through = self.model.also_in.through.objects.filter(article=OuterRef("pk"))
        return self.annotate(
            extra_section_ids=Subquery(
                through.values("article").annotate(ids=IdList("sectionpage_id")).values("ids")[:1]
            )
        )

    def with_page_relations(self):
        """What the article page shows besides the article, as columns of its own row instead of
        a query each (`page_relations` turns them into objects): its bylines, its tags, and the
        articles it names: its live translations and the stories its text cites (by the citation
        index, kept with the live body). Each is a walk down an index from this article."""
        from newsdesk.news.models.authors import ArticleAuthor
        from newsdesk.news.models.records import ArticleCitation

        # Two walks, not one OR: PostgreSQL reads the whole table for "this key OR these ids".
        translations = self.model.objects.filter(
            live=True, translation_key=OuterRef("translation_key")
        )
        cited = ArticleCitation.objects.filter(source=OuterRef("pk"))
        return self.annotate(
            byline_rows=json_rows(
                ArticleAuthor.objects.filter(article=OuterRef("pk")),
                "sort_order",
                "author_id",
                "author__name",
                "author__locale_id",
                "author__translation_key",
            ),
            tag_rows=json_rows(
                ArticleTag.objects.filter(content_object=OuterRef("pk")),
                "tag_id",
                "tag__name",
                "tag__slug",
            ),
            translation_rows=json_rows(translations, *LINKED_ROW),
            cited_rows=json_rows(cited, *(f"target__{field}" for field in LINKED_ROW)),
        )

    def with_lead_renditions(self, specs):
        """The lead photo's renditions of these specs as a column (`lead_renditions` reads it)."""
        from wagtail.images import get_image_model

        renditions = get_image_model().get_rendition_model().objects
        return self.annotate(
            lead_rendition_rows=json_rows(
                renditions.filter(image_id=OuterRef("lead_image_id"), filter_spec__in=specs),
                *RENDITION_ROW,
            )
        )

    def for_listing(self, *more_fields):
        """What a teaser needs: headline, date, section, in one query (photos: with_photos). The
        section's name and address come from the cached chrome (`Article.section_link`)."""
        return self.select_related("locale").only(
            "id",
            "locale__id",
            "locale__language_code",
            "translation_key",
            "headline",
            "slug",
            "lead",
            "published_at",
            "is_breaking",
            "is_featured",
            "section_id",
            "lead_image_id",
            "lead_image_caption",
            *more_fields,
        )

    def with_photos(self):
        """Lead photos and their teaser renditions in two queries for the whole list."""
        return self.prefetch_related(photo_prefetch())


def from_row(model, database, names, values):
    """An instance with only these fields loaded, from a JSON row (`json_rows`): values as JSON
    carries them (ids as text, SQLite's times without a zone, which are UTC) made the fields'
    own, and in field order, as Model.from_db takes them."""
    given = dict(zip(names, values, strict=True))
    fields = [field for field in model._meta.concrete_fields if field.attname in given]
    return model.from_db(
        database,
        [field.attname for field in fields],
        [json_value(field, given[field.attname]) for field in fields],
    )


def json_value(field, value):
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)
    return field.to_python(value)


def page_relations(article) -> tuple[list, list, list, dict]:
    """What an article read `with_page_relations` carries: its bylines (authors, in their
    order), tags (by name), live translations and the stories its text cites ({id: article}),
    the named articles with their locale attached."""
    from newsdesk.news.models.authors import Author
    from newsdesk.news.tags import Tag

    database = article._state.db
    bylines = sorted(article.byline_rows or [], key=lambda row: row[0] if row[0] is not None else 0)
    authors = [
        from_row(Author, database, ["id", "name", "locale_id", "translation_key"], row[1:])
        for row in bylines
    ]
    tags = sorted(
        (from_row(Tag, database, ["id", "name", "slug"], row) for row in article.tag_rows or []),
        key=lambda tag: tag.name,
    )
    translations = [
        other for other in named_articles(article, article.translation_rows) if other != article
    ]
    cited = {other.pk: other for other in named_articles(article, article.cited_rows)}
    return authors, tags, translations, cited


def named_articles(article, rows) -> list:
    from wagtail.models import Locale

    named = []
    for *values, language_code in rows or []:
        other = from_row(type(article), article._state.db, LINKED_ROW[:-1], values)
        other.locale = Locale(id=other.locale_id, language_code=language_code)
        named.append(other)
    return named


def lead_renditions(article) -> list:
    """The lead photo's renditions an article read `with_lead_renditions` carries, as Wagtail
    takes them instead of a lookup of its own (`Image.prefetched_renditions`)."""
    from wagtail.images import get_image_model

    model = get_image_model().get_rendition_model()
    renditions = []
    for row in article.lead_rendition_rows or []:
        rendition = from_row(model, article._state.db, RENDITION_ROW, row)
        rendition.image = article.lead_image  # its alt text and focal point come from the photo
        renditions.append(rendition)
    return renditions


TEASER_RENDITION = "fill-480x270|format-webp"


def photo_prefetch():
    from wagtail.images import get_image_model

    photos = get_image_model().objects.prefetch_renditions(TEASER_RENDITION)
    return models.Prefetch("lead_image", queryset=photos)


def breaking_news(locale_id) -> dict | None:
    """The edition's current breaking story for the banner: the newest live one flagged as
    breaking whose banner time has not run out."""
    from newsdesk.news.models import Article

    article = (
        Article.objects.breaking(ends_after=timezone.now())
        .filter(locale_id=locale_id)
        .only("id", "headline", "slug", "published_at", "locale_id")
        .order_by("-published_at", "-id")
        .first()
    )
    if article is None:
        return None
    return {"headline": article.headline, "url": article.url, "until": article.breaking_end}
