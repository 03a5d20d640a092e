"""News: articles (a flat snippet, not tree pages) and the pages that list them.

Articles live in one indexed table so that an archive of millions imports in bulk and every
listing is an index range scan (see DESIGN.md, "Data model"). The page tree holds only the
site's structure: a home page per edition, section pages and the "All news" index, which routes
`/<lang>/news/<yyyy>/<mm>/<dd>/<slug>/` to articles.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import defaultdict

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import (
    Aggregate,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index
from wagtail_localize.fields import BaseTranslatableField

from newsdesk.core import dependencies
from newsdesk.core.context_processors import get_chrome
from newsdesk.core.edition import Section
from newsdesk.core.locales import language_code_for
from newsdesk.core.machine_time import machine_time
from newsdesk.core.wagtail_internals.indexing import once_per_pass
from newsdesk.core.wagtail_internals.site_paths import SiteRootPathsMixin
from newsdesk.news import pagination, references, search_text
from newsdesk.news.addresses import article_path_format
from newsdesk.news.blocks import ArticleBodyBlock
from newsdesk.news.forms import ArticleAdminForm
from newsdesk.news.related import related_html
from newsdesk.news.tags import ArticleTag, EditionTaggableManager
from newsdesk.news.translation import prepare_for_save, with_update_state


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
        through = Article.also_in.through.objects.filter(article=OuterRef("pk"))
        return self.annotate(
            extra_section_ids=Subquery(
                through.values("article").annotate(ids=IdList("sectionpage_id")).values("ids")[:1]
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


TEASER_RENDITION = "fill-480x270|format-webp"


def photo_prefetch():
    from wagtail.images import get_image_model

    photos = get_image_model().objects.prefetch_renditions(TEASER_RENDITION)
    return models.Prefetch("lead_image", queryset=photos)


# Invisible characters a paste from elsewhere can carry: they cannot appear in XML (feeds,
# sitemaps) and mean nothing to a reader. Tab and line breaks are text.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ESCAPED_CONTROL_CHARACTER = re.compile(r"\\u00(0[0-8bcef]|1[0-9a-f]|7f)", re.IGNORECASE)  # in JSON
CONTROL_CHARACTER_MESSAGE = _("Remove the invisible control characters from this text.")


def control_character_errors(instance, field_names) -> dict:
    return {
        name: CONTROL_CHARACTER_MESSAGE
        for name in field_names
        if CONTROL_CHARACTER.search(getattr(instance, name) or "")
    }


class Author(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(
        _("role"), max_length=120, blank=True, help_text=_("e.g. correspondent")
    )
    # The writer this byline belongs to: their new articles are signed with it (news.writing).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("back-office account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("New articles this person writes are signed with this byline."),
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("user")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = control_character_errors(self, ["name", "role"])
        if errors:
            raise ValidationError(errors)


class PhotoDetails(models.Model):
    """A photo's own caption and credit (issue 16): the last ones an article was saved with, filled
    into the next article that uses the photo (news.photos), where they stay editable."""

    image = models.OneToOneField(
        "wagtailimages.Image", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("photo caption and credit")
        verbose_name_plural = _("photo captions and credits")

    def __str__(self):
        return f"photo {self.image_id}: {self.credit}"


class ExtraSectionEntry(models.Model):
    """An article listed in a section besides its own ("also in"), with the article's publication
    time and state copied in, so that a section's listing walks an index ordered by time
    (Article.sync_extra_sections keeps it in step with the article)."""

    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey("news.SectionPage", on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField(null=True)
    live = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "section"], name="news_extra_section_once")
        ]
        indexes = [
            models.Index(
                fields=["section", "published_at", "article"], name="news_extra_section_idx"
            )
        ]

    def __str__(self):
        return f"article {self.article_id} in section {self.section_id}"


class ChangeKind(models.TextChoices):
    UPDATE = "update", _("Update: new information (readers see the “Updated” time)")
    CORRECTION = "correction", _("Correction: fixes a mistake (logged for readers)")
    MINOR = "minor", _("Minor: a typo or formatting (no “Updated” time)")


class ArticleCitation(models.Model):
    """An article whose live text links to another (a "see also" block or an inline link): the
    story thread "Related" starts from, and the "See also" backlinks of the cited article. Kept in
    step with the live body by Article.save; filled in bulk by the demo loader."""

    source = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="news_citation_once")
        ]
        indexes = [models.Index(fields=["target", "source"], name="news_citation_target_idx")]

    def __str__(self):
        return f"article {self.source_id} cites article {self.target_id}"

    @classmethod
    def sync(cls, article) -> None:
        cited = references.referenced_ids(article.body.raw_data) - {article.pk}
        stored = set(cls.objects.filter(source=article).values_list("target_id", flat=True))
        if cited == stored:
            return
        existing = set(Article.objects.filter(pk__in=cited).values_list("pk", flat=True))
        cls.objects.filter(source=article).exclude(target_id__in=existing).delete()
        cls.objects.bulk_create(
            [cls(source=article, target_id=pk) for pk in existing - stored], ignore_conflicts=True
        )
        # Their "See also" lists gain or lose this article.
        dependencies.bump(*(dependencies.cited(pk) for pk in existing ^ stored))


class ArticleChange(models.Model):
    """One entry of an article's public log of corrections and updates, written when an edit is
    published with a note (Article.publication_change). Not part of the article's revisions:
    reverting the text never erases the record that it was corrected."""

    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=[(ChangeKind.UPDATE, _("Update")), (ChangeKind.CORRECTION, _("Correction"))],
    )
    note = models.TextField(_("note"))
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["article", "published_at"], name="news_article_change_idx")]

    def __str__(self):
        return f"{self.kind} of article {self.article_id} at {self.published_at:%Y-%m-%d %H:%M}"


def month_bounds(moment):
    """(first instant, first instant of the next month) of the site-zone month holding `moment`."""
    zone = timezone.get_default_timezone()
    local = moment.astimezone(zone)
    start = datetime.datetime(local.year, local.month, 1, tzinfo=zone)
    following = datetime.datetime(
        local.year + local.month // 12, local.month % 12 + 1, 1, tzinfo=zone
    )
    return start, following


class ArchiveMonth(models.Model):
    """How many live articles an edition published in a month, and its latest change: what the
    sitemap index lists, without counting the archive on every request. Kept in step by
    `Article.save` and deletion (one month recounted down its index), and rebuilt whole after a
    bulk load (`refresh_all`)."""

    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the month's first day, in the site's zone
    article_count = models.PositiveIntegerField()
    latest_change = models.DateTimeField()
    # [published_at (ISO), id] of the first article of each sitemap file after the first: file
    # N of the month starts there (keyset), where an OFFSET read every row before it.
    file_starts = models.JSONField(default=list, blank=True)

    FILE_SIZE = 500  # articles per sitemap file (syndication.sitemaps)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["locale", "month"], name="news_archive_month_once")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.article_count} articles"

    @classmethod
    def refresh(cls, locale_id, moment) -> None:
        start, following = month_bounds(moment)
        totals = Article.objects.filter(
            live=True, locale_id=locale_id, published_at__gte=start, published_at__lt=following
        ).aggregate(count=Count("id"), latest=Max(Coalesce("updated_at", "published_at")))
        if totals["count"]:
            cls.objects.update_or_create(
                locale_id=locale_id,
                month=start.date(),
                defaults={
                    "article_count": totals["count"],
                    "latest_change": totals["latest"],
                    "file_starts": cls.starts_of_files(locale_id, start, following),
                },
            )
        else:
            cls.objects.filter(locale_id=locale_id, month=start.date()).delete()

    @classmethod
    def refresh_all(cls) -> None:
        rows = (
            Article.objects.filter(live=True)
            .annotate(month=TruncMonth("published_at", tzinfo=timezone.get_default_timezone()))
            .values("locale_id", "month")
            .annotate(count=Count("id"), latest=Max(Coalesce("updated_at", "published_at")))
        )
        with transaction.atomic():
            cls.objects.all().delete()
            cls.objects.bulk_create(
                cls(
                    locale_id=row["locale_id"],
                    month=row["month"].date(),
                    article_count=row["count"],
                    latest_change=row["latest"],
                    file_starts=cls.starts_of_files(row["locale_id"], *month_bounds(row["month"]))
                    if row["count"] > cls.FILE_SIZE
                    else [],
                )
                for row in rows
            )

    @classmethod
    def starts_of_files(cls, locale_id, start, following) -> list:
        """Where each sitemap file of the month after the first begins: one walk down the
        month's range of the (locale, published_at, id) index, when the month changes."""
        keys = (
            Article.objects.filter(
                live=True, locale_id=locale_id, published_at__gte=start, published_at__lt=following
            )
            .order_by("published_at", "id")
            .values_list("published_at", "id")
        )
        return [
            [published_at.isoformat(), pk]
            for position, (published_at, pk) in enumerate(keys.iterator())
            if position and position % cls.FILE_SIZE == 0
        ]

    def file_start(self, number: int):
        """(published_at, id) where file `number` (1, 2, …) begins; None for the first file,
        False past the last."""
        if number == 1:
            return None
        if number - 2 >= len(self.file_starts):
            return False
        published_at, pk = self.file_starts[number - 2]
        return datetime.datetime.fromisoformat(published_at), pk


class ArticleAuthor(Orderable):
    article = ParentalKey("news.Article", related_name="article_authors", on_delete=models.CASCADE)
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )

    panels = [FieldPanel("author")]


class Article(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    headline = models.CharField(_("headline"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        allow_unicode=False,
        blank=True,
        help_text=_("The last part of the address; made from the headline when left empty."),
    )
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("One or two sentences under the headline.")
    )
    dateline = models.CharField(
        _("dateline"), max_length=100, blank=True, help_text=_("Where the story was reported from.")
    )
    # Who created it in the back office: authors may edit their own published articles, not
    # others' (news.permissions).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Required to publish or submit, but NULL in the database so that Wagtail saves an
    # unfinished draft (its autosave from the first keystroke of a new article) without one:
    # Wagtail defers a required field's check on drafts only when the column can hold nothing.
    section = models.ForeignKey(
        "news.SectionPage",
        on_delete=models.PROTECT,
        null=True,
        related_name="primary_articles",
        verbose_name=_("section"),
    )
    also_in = ParentalManyToManyField(
        "news.SectionPage",
        blank=True,
        related_name="extra_articles",
        verbose_name=_("also in sections"),
    )
    # Tags of the article's own edition (news.tags).
    tags = EditionTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead photo"),
    )
    lead_image_caption = models.CharField(_("lead photo caption"), max_length=300, blank=True)
    lead_image_credit = models.CharField(_("lead photo credit"), max_length=120, blank=True)
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    is_breaking = models.BooleanField(_("breaking news"), default=False)
    breaking_until = models.DateTimeField(
        _("breaking news until"),
        null=True,
        blank=True,
        help_text=_(
            "The breaking-news banner shows on every page of the edition until this time "
            "(six hours after publication when left empty)."
        ),
    )
    is_featured = models.BooleanField(
        _("lead story"), default=False, help_text=_("Show at the top of the home page.")
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=False,
        help_text=_("Shown to readers. Set on first publication when left empty."),
    )
    updated_at = models.DateTimeField(_("update time"), null=True, blank=True, editable=False)
    # What the editor says about the edit being published (kept in its revision, so a scheduled
    # or workflow publication carries it too); see `save` and ArticleChange.
    change_kind = models.CharField(
        _("kind of change"),
        max_length=12,
        choices=ChangeKind.choices,
        default=ChangeKind.UPDATE,
        help_text=_("For an article already published: how readers learn of this edit."),
    )
    change_note = models.TextField(
        _("note for readers"),
        blank=True,
        max_length=500,
        help_text=_(
            "What changed and why, shown in the article's log of corrections and updates. "
            "Required for a correction."
        ),
    )

    # Search engines and social cards (syndication.metadata): each falls back to the headline, the
    # lead and the lead photo when left empty.
    seo_title = models.CharField(
        _("title for search engines"),
        max_length=120,
        blank=True,
        help_text=_("Shown in search results and social cards instead of the headline."),
    )
    seo_description = models.CharField(
        _("description for search engines"),
        max_length=300,
        blank=True,
        help_text=_(
            "Shown under the title in search results and social cards instead of the lead."
        ),
    )
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("share image"),
        help_text=_("The picture of social cards, instead of the lead photo."),
    )

    objects = ArticleQuerySet.as_manager()
    # Indexed once the save's transaction commits (`save`): the index then sees the tags, authors
    # and sections saved with it, which Wagtail's own post_save handler would run ahead of.
    search_auto_update = False

    # A translation's address is made from its own headline (news.translation), so the slug is
    # neither text to translate nor copied from the source; nor are the source's publication
    # records (a translation starts as a draft of its own). Tags are copied as the
    # `tagged_items` rows (then taken into the edition); wagtail-localize would also set the
    # source's tag manager on the copy as a plain attribute, through which the copy's `tags`
    # then read and wrote the source's.
    override_translatable_fields = [BaseTranslatableField("slug"), BaseTranslatableField("tags")]
    exclude_fields_in_copy = ["slug", "first_published_at", "last_published_at", "live_revision"]

    # The reader's search compares stems made in the article's language (newsdesk.news.search_text
    # says why); the admin's searches use the autocomplete field, which keeps the words as typed.
    search_fields = [
        index.SearchField("search_headline", boost=3),
        index.SearchField("search_lead", boost=2),
        index.SearchField("search_labels", boost=2),
        index.SearchField("search_body"),
        index.AutocompleteField("headline"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
        index.FilterField("published_at"),
        index.FilterField("section_id"),
        index.FilterField("id"),  # the (published_at, id) order of "newest first"
    ]

    content_panels = [
        FieldPanel("headline"),
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_caption"),
                FieldPanel("lead_image_credit"),
            ],
            heading=_("Lead photo"),
        ),
        FieldPanel("body"),
        FieldPanel("add_see_also"),  # a field of ArticleAdminForm, not of the model
        MultiFieldPanel(
            [FieldPanel("change_kind", widget=forms.RadioSelect), FieldPanel("change_note")],
            heading=_("About this edit"),
        ),
    ]
    meta_panels = [
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("section"), FieldPanel("dateline")]),
        FieldPanel("also_in"),
        FieldPanel("tags"),
        InlinePanel("article_authors", label=_("Authors")),
        FieldRowPanel([FieldPanel("is_featured"), FieldPanel("is_breaking")]),
        FieldPanel("breaking_until"),
        FieldPanel("published_at"),
        PublishingPanel(),
        MultiFieldPanel(
            [FieldPanel("seo_title"), FieldPanel("seo_description"), FieldPanel("share_image")],
            heading=_("Search engines and social cards"),
            classname="collapsed",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Story")),
            ObjectList(meta_panels, heading=_("Placement and publishing")),
        ],
        base_form_class=ArticleAdminForm,
    )

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="news_article_unique_slug_per_locale"
            ),
        ]
        indexes = [
            # All news, per edition: WHERE locale ORDER BY published_at DESC, id DESC. `live` stays
            # out: Django writes `WHERE live` as a bare column, which SQLite cannot match to an
            # index column, and nearly every row with a published_at is live anyway.
            models.Index(fields=["locale", "published_at", "id"], name="news_article_feed_idx"),
            models.Index(fields=["section", "published_at", "id"], name="news_article_section_idx"),
            # The admin listing across editions.
            models.Index(fields=["published_at", "id"], name="news_article_published_idx"),
            # The breaking-news banner (ArticleQuerySet.breaking): the few live breaking stories
            # whose own end time, or publication, is recent.
            models.Index(
                fields=["breaking_until"],
                condition=Q(is_breaking=True, live=True),
                name="news_article_breaking_end_idx",
            ),
            models.Index(
                fields=["published_at"],
                condition=Q(is_breaking=True, live=True),
                name="news_article_breaking_idx",
            ),
        ]
        permissions = []

    def __str__(self):
        return self.headline

    # -- rules that hold however an article is saved (admin, translation, import) --------------

    def clean(self):
        super().clean()
        errors = control_character_errors(
            self,
            [
                "headline",
                "lead",
                "dateline",
                "lead_image_caption",
                "lead_image_credit",
                "change_note",
                "seo_title",
                "seo_description",
            ],
        )
        body = json.dumps(self.body.get_prep_value() if self.body else [])
        if ESCAPED_CONTROL_CHARACTER.search(body):
            errors["body"] = CONTROL_CHARACTER_MESSAGE
        if errors:
            raise ValidationError(errors)
        if self.change_kind == ChangeKind.CORRECTION and not self.change_note.strip():
            raise ValidationError(
                {"change_note": _("Say what was wrong and what is right now: readers see it.")}
            )
        if self.lead_image_id and not (
            self.lead_image_caption.strip() and self.lead_image_credit.strip()
        ):
            errors = {}
            if not self.lead_image_caption.strip():
                errors["lead_image_caption"] = _("A lead photo needs a caption.")
            if not self.lead_image_credit.strip():
                errors["lead_image_credit"] = _("A lead photo needs a credit (who took it).")
            raise ValidationError(errors)
        if not self.slug:
            self.slug = self.make_slug()
        clash = Article.objects.filter(locale_id=self.locale_id, slug=self.slug).exclude(pk=self.pk)
        if self.locale_id and clash.exists():
            raise ValidationError(
                {"slug": _("Another article in this edition already uses this slug.")}
            )

    def make_slug(self):
        base = headline_slug(self.headline)
        slug, number = base, 1
        while (
            Article.objects.filter(locale_id=self.locale_id, slug=slug).exclude(pk=self.pk).exists()
        ):
            number += 1
            slug = f"{base}-{number}"
        return slug

    def save(self, *args, **kwargs):
        # What it refers to, in its own edition; a translation only whole (news.translation).
        prepare_for_save(self, kwargs.get("update_fields"))
        if not self.slug:
            self.slug = self.make_slug()
        self.localize_sections()
        with transaction.atomic():  # the row, its section entries and the month counts
            change = self.publication_change(kwargs.get("update_fields"))
            before = self.archive_state() if self.pk else None
            super().save(*args, **kwargs)
            if change is not None:
                ArticleChange.objects.create(article=self, **change)
            self.sync_extra_sections()
            if kwargs.get("update_fields") is None:
                ArticleCitation.sync(self)
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not INDEX_BOOKKEEPING.issuperset(update_fields):
                reindex_on_commit(self.pk)
            after = self.archive_state()
            if before != after:
                # Each month the change touches, once (an edit within a month touches one).
                months = {(s[0], month_bounds(s[1])[0]) for s in (before, after) if s}
                for locale_id, month_start in months:
                    ArchiveMonth.refresh(locale_id, month_start)

    def publication_change(self, update_fields) -> dict | None:
        """Before a save: set the publication time on first publication and, when this save
        publishes a later revision, the "Updated" time unless the editor marked the edit as minor.
        Returns the log entry the edit's note makes (None without a note)."""
        if not self.live or update_fields is not None:
            return None
        if self.published_at is None:
            self.published_at = self.first_published_at or timezone.now()
        stored = (
            Article.objects.filter(pk=self.pk).values_list("last_published_at", flat=True).first()
            if self.pk
            else None
        )
        # A publication of an article that was published before (not its first one).
        later_publication = (
            stored is not None
            and self.last_published_at is not None
            and self.last_published_at != stored
        )
        if stored is None:  # its first publication: a translation's copy of its source's
            self.updated_at = None  # "updated" time is not an update of this version
        if not later_publication or self.change_kind == ChangeKind.MINOR:
            return None
        self.updated_at = self.last_published_at
        if not self.change_note.strip():
            return None
        return {
            "kind": self.change_kind,
            "note": self.change_note.strip(),
            "published_at": self.last_published_at,
        }

    # Wagtail publishes in several writes (the row, the revision, the log, the workflow) without
    # a transaction of its own: a process killed between them left an article live that the
    # archive counts (sitemaps) did not know of. All or nothing, then.
    def publish(self, revision, *args, **kwargs):
        with transaction.atomic():
            return super().publish(revision, *args, **kwargs)

    def unpublish(self, *args, **kwargs):
        with transaction.atomic():
            return super().unpublish(*args, **kwargs)

    # -- what the reader's search indexes (stems in the article's language) --------------------

    def search_headline(self) -> str:
        return search_text.stemmed(self.headline, self.language_code)

    def search_lead(self) -> str:
        return search_text.stemmed(self.lead, self.language_code)

    def search_body(self) -> str:
        return once_per_pass(
            self,
            "body",
            lambda: search_text.stemmed(body_text(self.body.raw_data), self.language_code),
        )

    def search_labels(self) -> str:
        return once_per_pass(self, "labels", self.stemmed_labels)

    def stemmed_labels(self) -> str:
        """Tags, sections and authors: a search for a section or a reporter finds their stories."""
        names = [tag.name for tag in self.tags.all()]
        names += [page.title for page in [self.section, *self.also_in.all()] if page]
        authors = [link.author for link in self.article_authors.all()]
        names += [author.name for author in localize_objects(authors, self.locale_id)]
        return search_text.stemmed(" ".join(names), self.language_code)

    @classmethod
    def get_indexed_objects(cls):
        # `newsdesk update_index` indexes in chunks: each chunk's labels in a few queries.
        return (
            super()
            .get_indexed_objects()
            .select_related("locale", "section")
            .prefetch_related("tags", "also_in", "article_authors__author")
        )

    def archive_state(self):
        """(locale, publication time, update time) of the stored row when live, else None: what
        the month counts of the sitemap index depend on."""
        row = (
            Article.objects.filter(pk=self.pk, live=True)
            .values_list("locale_id", "published_at", "updated_at")
            .first()
        )
        return row if row and row[1] else None

    def sync_extra_sections(self):
        """Mirror the stored (published) extra sections, time and state into ExtraSectionEntry,
        and the time and state into the article's tag entries. Read back from the database: a draft being saved holds sections not yet published."""
        stored = Article.objects.filter(pk=self.pk).values("live", "published_at").first()
        if stored is None:
            return
        sections = Article.also_in.through.objects.filter(article_id=self.pk).values_list(
            "sectionpage_id", flat=True
        )
        ExtraSectionEntry.objects.filter(article_id=self.pk).delete()
        ExtraSectionEntry.objects.bulk_create(
            ExtraSectionEntry(article_id=self.pk, section_id=section_id, **stored)
            for section_id in sections
        )
        ArticleTag.objects.filter(content_object_id=self.pk).update(**stored)  # tag listings

    def localize_sections(self):
        """A translation starts as a copy pointing at the source edition's sections (wagtail-localize
        copies page relations); point them at this edition's sections, matched by translation_key."""
        if not (self.locale_id and self.section_id):
            return
        section = (
            SectionPage.objects.filter(pk=self.section_id)
            .only("locale_id", "translation_key")
            .first()
        )
        if section and section.locale_id != self.locale_id:
            target = SectionPage.objects.filter(
                translation_key=section.translation_key, locale_id=self.locale_id
            ).first()
            if target:
                self.section = target
        extra = list(self.also_in.all())
        if any(page.locale_id != self.locale_id for page in extra):
            self.also_in = list(
                SectionPage.objects.filter(
                    translation_key__in=[page.translation_key for page in extra],
                    locale_id=self.locale_id,
                )
            )

    # -- questions about one article -----------------------------------------------------------

    @property
    def published_date(self):
        return timezone.localdate(self.published_at) if self.published_at else None

    def get_url_parts_for(self, lang: str) -> str | None:
        if not self.published_at:
            return None
        # The edition's day in the site's zone: an address never depends on who is reading.
        day = self.published_at.astimezone(timezone.get_default_timezone())
        return article_path(lang, day, self.slug)

    def get_url(self, request=None) -> str:
        # Articles belong to the "All news" index of their edition, whose path is fixed to
        # /<lang>/news/ (see NewsIndexPage). Computing it here costs no query per teaser.
        return self.get_url_parts_for(self.language_code) or ""

    @cached_property
    def section_link(self) -> Section:
        """The section's title and address, from the edition's cached chrome (no query, no join);
        read from the database only for a section the chrome does not list (not live)."""
        if not self.section_id:
            return Section(0, "", "", "", in_menu=False)
        link = get_chrome(self.language_code).sections.get(self.section_id)
        if link is None:
            section = self.section
            link = Section(section.pk, section.title, section.url or "", section.slug, False)
        return link

    @cached_property
    def needs_update(self) -> bool:
        """Whether this translation is behind a correction or update of its source (annotated by
        `ArticleQuerySet.with_update_state` for listings)."""
        return bool(
            Article.objects.filter(pk=self.pk)
            .with_update_state()
            .values_list("needs_update", flat=True)
            .first()
        )

    @property
    def extra_section_links(self) -> list[Section]:
        """The "also in" sections read by `with_extra_section_ids`, named from the chrome."""
        ids = getattr(self, "extra_section_ids", None) or ""
        sections = get_chrome(self.language_code).sections
        return [sections[int(pk)] for pk in ids.split(",") if pk.isdigit() and int(pk) in sections]

    @property
    def language_code(self) -> str:
        if Article.locale.is_cached(self):
            return self.locale.language_code
        return language_code_for(self.locale_id)

    @cached_property
    def url(self) -> str:
        # Read twice by every teaser (photo link, headline link).
        return self.get_url()

    @property
    def cursor(self) -> str:
        """This article's place in a newest-first listing (news.pagination)."""
        return pagination.Cursor.after(self).encode()

    @property
    def published_iso(self) -> str:
        """Publication time for `<time datetime>` (ISO 8601 in the site's zone), without the
        template filter machinery a listing would run for each of its fifty teasers."""
        return machine_time(self.published_at)

    def serve_preview(self, request, mode_name):
        # Preview in the article's edition, whatever language the editor's admin is in. A new
        # article has no locale yet: the add view names it in the address (?locale=ru).
        if not self.locale_id:
            from wagtail.models import Locale

            code = request.GET.get("locale") or translation.get_language()
            self.locale = Locale.objects.filter(language_code=code).first() or Locale.get_default()
        with translation.override(self.locale.language_code):
            return super().serve_preview(request, mode_name).render()

    def get_preview_template(self, request, mode_name):
        return "news/article.html"

    def get_preview_context(self, request, mode_name):
        if self.published_at is None:
            # Not published yet: readers will see the time of its publication, the preview now
            # (not an empty time after the dateline's comma).
            self.published_at = timezone.now()
        context = super().get_preview_context(request, mode_name)
        context.update(article_context(self, is_preview=True))
        context["related"] = related_html(self, context["tags"], preview=True)
        context["page"] = NewsIndexPage.objects.filter(locale_id=self.locale_id).first()
        return context


# Fields Wagtail saves on its own while editing (a draft, a lock): the live text is unchanged.
INDEX_BOOKKEEPING = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "draft_title",
    "locked",
    "locked_at",
    "locked_by",
}


def reindex_on_commit(pk) -> None:
    from modelsearch.tasks import insert_or_update_object_task

    transaction.on_commit(
        lambda: insert_or_update_object_task.enqueue("news", "article", str(pk)), robust=True
    )


def body_text(raw_body) -> str:
    """An article body as plain text (paragraphs, quotations, photo captions), read from the
    stored blocks without looking anything up."""
    parts = []
    for block in raw_body or []:
        value = block.get("value")
        if block.get("type") == "paragraph" and isinstance(value, str):
            parts.append(get_text_for_indexing(value))
        elif block.get("type") == "quote" and isinstance(value, dict):
            parts += [value.get("text") or "", value.get("speaker") or ""]
        elif block.get("type") == "image" and isinstance(value, dict):
            parts.append(value.get("caption") or "")
    return " ".join(part for part in parts if part)


BREAKING_HOURS = 6  # how long a breaking-news banner shows when no end time is set


def breaking_news(locale_id) -> dict | None:
    """The edition's current breaking story for the banner: the newest live one flagged as
    breaking whose banner time has not run out."""
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


def live_update_texts() -> str:
    """The "N new stories" button's text in each plural form of the reader's language, keyed by
    the category JavaScript's Intl.PluralRules names ("one", "few", "many", "other"); the
    script puts the number in."""
    samples = {"one": 1, "few": 2, "many": 5, "other": 5}
    return json.dumps(
        {
            category: ngettext("%(count)s new story — show", "%(count)s new stories — show", number)
            for category, number in samples.items()
        },
        ensure_ascii=False,
    )


def article_path(language: str, day, slug: str) -> str:
    """An article's address: its edition, its local publication date and its slug, as the URL
    conf's `article` route has it (pages, feeds and sitemaps all come here)."""
    return article_path_format(language).format(day=day, slug=slug)


def headline_slug(headline: str) -> str:
    """The slug a headline makes (before a number is added to tell it from another article's)."""
    return slugify(transliterate(headline))[:100].strip("-") or "article"


def transliterate(text: str) -> str:
    """Latin slugs from Cyrillic headlines (GOST 7.79-2000 system B, simplified): readable,
    ASCII-only URLs that every aggregator and mail client keeps intact."""
    table = {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
        "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "shh",
        "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    }  # fmt: skip
    return "".join(table.get(char, table.get(char.lower(), char)) for char in text.lower())


def article_context(article: Article, *, is_preview: bool = False, translations=None) -> dict:
    """What the article template needs, in a fixed number of queries (the article page passes
    the translations it read along with the cited articles)."""
    if is_preview:
        links = article.article_authors.all()  # the unsaved form's bylines
    else:
        links = ArticleAuthor.objects.filter(article=article).select_related("author")
    authors = localize_objects([link.author for link in links], article.locale_id)
    if translations is None and article.pk:
        translations = list(
            Article.objects.filter(live=True, translation_key=article.translation_key)
            .exclude(pk=article.pk)
            .select_related("locale")
            .only("id", "slug", "published_at", "locale__language_code")
        )
    translations = translations or []
    return {
        "article": article,
        # The article page names them from the cached chrome instead (news.views).
        "extra_sections": [
            {"title": section.title, "url": section.url} for section in article.also_in.all()
        ]
        if is_preview
        else [],
        "authors": authors,
        "tags": list(article.tags.all()),
        "translations": translations,
    }


def localize_objects(objects, locale_id):
    """Translatable snippets (authors) shown in the article's edition when a translation exists:
    one query for the lot."""
    keys = [obj.translation_key for obj in objects if obj.locale_id != locale_id]
    if not keys:
        return objects
    model = type(objects[0])
    found = {
        obj.translation_key: obj
        for obj in model.objects.filter(translation_key__in=keys, locale_id=locale_id)
    }
    return [found.get(obj.translation_key, obj) for obj in objects]


# -- the page tree ------------------------------------------------------------------------------


class HomePage(SiteRootPathsMixin, Page):
    strapline = models.CharField(_("strapline"), max_length=200, blank=True)

    content_panels = Page.content_panels + [FieldPanel("strapline")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage", "news.NewsIndexPage", "core.InfoPage"]
    max_count_per_parent = None

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = Article.objects.live().for_locale(self.locale_id).for_listing().newest_first()
        latest = list(articles[:13])
        # The lead story: the newest one editors flagged, else the newest with a photo.
        lead = next(
            (a for a in latest if a.is_featured),
            next((a for a in latest if a.lead_image_id), latest[0] if latest else None),
        )
        # The sections in the menu, from the cached chrome (id, title, address; tree order).
        sections = get_chrome(language_code_for(self.locale_id)).menu_sections()
        newest = [
            Article.objects.live()
            .for_locale(self.locale_id)
            .filter(section_id=section.pk)
            .newest_first()
            .values_list("id", flat=True)[:4]
            for section in sections
        ]
        if len(newest) > 1 and connection.features.supports_slicing_ordering_in_compound:
            # One round trip: (newest four of section 1) UNION ALL (… of section 2) …, each part
            # a walk down the (section, published_at, id) index.
            ids = list(newest[0].union(*newest[1:], all=True))
        else:
            ids = [pk for queryset in newest for pk in queryset]
        by_section = defaultdict(list)
        for article in Article.objects.filter(pk__in=ids).for_listing().newest_first():
            by_section[article.section_id].append(article)
        section_blocks = [
            (section, by_section[section.pk]) for section in sections if by_section[section.pk]
        ]
        # One photo lookup for every teaser that shows one (the latest stories, and the first
        # teaser of each section block).
        models.prefetch_related_objects(
            [*latest, *(items[0] for _section, items in section_blocks)], photo_prefetch()
        )
        context.update(
            lead_article=lead,
            latest_articles=[a for a in latest if a is not lead][:8],
            all_news_column=latest[:12],
            section_blocks=section_blocks,
        )
        return context


class ListingMixin:
    """Cursor-paginated listing of articles, newest first, grouped by date."""

    def listing_context(self, request, queryset):
        cursor = pagination.Cursor.from_request(request)
        batch = pagination.paginate(queryset.for_listing(), cursor, settings.NEWSDESK_BATCH_SIZE)
        return {"batch": batch, "cursor": cursor}


class SectionPage(SiteRootPathsMixin, ListingMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cursor = pagination.Cursor.from_request(request)
        queryset = (
            Article.objects.live()
            .for_locale(self.locale_id)
            .in_section(self, cursor, settings.NEWSDESK_BATCH_SIZE)
        )
        context.update(self.listing_context(request, queryset))
        return context


class NewsIndexPage(SiteRootPathsMixin, ListingMixin, RoutablePageMixin, Page):
    """`/<lang>/news/`: all news of the edition, tag listings, and the articles themselves."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("all news index")

    def clean(self):
        super().clean()
        # Article URLs are computed without a query as /<lang>/news/…; keep the index there.
        if self.slug != "news":
            raise ValidationError({"slug": _("The news index must keep the slug “news”.")})

    @path("")
    def all_news(self, request):
        queryset = Article.objects.live().for_locale(self.locale_id)
        context = self.get_context(request)
        context.update(self.listing_context(request, queryset))
        # The first batch learns of newer stories while open (site.js polls latest.json).
        if not context["cursor"]:
            context["live_updates"] = live_update_texts()
            context["live_poll_seconds"] = settings.NEWSDESK_LIVE_POLL_SECONDS
        return TemplateResponse(request, "news/news_index_page.html", context)

    @path("tag/<str:tag_slug>/")
    def tag(self, request, tag_slug):
        from newsdesk.news.visibility import tag_shown_in

        tag = tag_shown_in(self.locale_id, tag_slug)
        if tag is None:
            raise Http404("no such tag in this edition's published articles")
        cursor = pagination.Cursor.from_request(request)
        queryset = (
            Article.objects.live()
            .for_locale(self.locale_id)
            .tagged(tag, cursor, settings.NEWSDESK_BATCH_SIZE)
        )
        context = self.get_context(request)
        context.update(self.listing_context(request, queryset), tag=tag)
        return TemplateResponse(request, "news/tag_page.html", context)

    @path("author/<int:author_id>/")
    def author(self, request, author_id):
        from newsdesk.news.visibility import byline_shown_in

        author = byline_shown_in(self.locale_id, author_id)
        if author is None:
            raise Http404("no such byline in this edition's published articles")
        author = localize_objects([author], self.locale_id)[0]
        keys = Author.objects.filter(translation_key=author.translation_key).values("pk")
        queryset = (
            Article.objects.live()
            .for_locale(self.locale_id)
            .filter(pk__in=ArticleAuthor.objects.filter(author__in=keys).values("article_id"))
        )
        context = self.get_context(request)
        context.update(self.listing_context(request, queryset), author=author)
        return TemplateResponse(request, "news/author_page.html", context)
