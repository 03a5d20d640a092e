"""The article: a flat snippet with Wagtail's editorial mixins, not a tree page, so that an
archive of millions imports in bulk and every listing is an index range scan (DESIGN.md, "Data
model"). What its publication keeps in step besides its row is news.publishing's."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
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
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import BaseTranslatableField

from newsdesk.core.context_processors import get_chrome
from newsdesk.core.edition import Section
from newsdesk.core.locales import language_code_for
from newsdesk.core.machine_time import machine_time
from newsdesk.news import pagination, publishing
from newsdesk.news.addresses import article_path
from newsdesk.news.blocks import ArticleBodyBlock
from newsdesk.news.forms import ArticleAdminForm
from newsdesk.news.models.authors import ArticleAuthor, localize_objects
from newsdesk.news.models.querysets import ArticleQuerySet
from newsdesk.news.models.records import ChangeKind
from newsdesk.news.models.search_texts import SearchTexts
from newsdesk.news.models.text import (
    CONTROL_CHARACTER_MESSAGE,
    ESCAPED_CONTROL_CHARACTER,
    control_character_errors,
    headline_slug,
)
from newsdesk.news.related import related_html
from newsdesk.news.tags import ArticleTag, EditionTaggableManager
from newsdesk.news.translation import prepare_for_save


class Article(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    SearchTexts,
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
        update_fields = kwargs.get("update_fields")
        # What it refers to, in its own edition; a translation only whole (news.translation).
        prepare_for_save(self, update_fields)
        # A lock or a draft's revision pointer (`update_fields`) writes neither slug nor sections.
        if not self.slug and publishing.saves_any(update_fields, {"slug"}):
            self.slug = self.make_slug()
        if publishing.saves_any(update_fields, {"section", "also_in", "locale"}):
            self.localize_sections()
        with transaction.atomic():  # the row and what is kept in step with it, or none of it
            pending = publishing.before_save(self, update_fields)
            super().save(*args, **kwargs)
            publishing.after_save(self, update_fields, pending)
            if update_fields is None or not INDEX_BOOKKEEPING.issuperset(update_fields):
                reindex_on_commit(self.pk)

    # Wagtail publishes in several writes (the row, the revision, the log, the workflow) without
    # a transaction of its own: a process killed between them left an article live that the
    # archive counts (sitemaps) did not know of. All or nothing, then.
    def publish(self, revision, *args, **kwargs):
        with transaction.atomic():
            return super().publish(revision, *args, **kwargs)

    def unpublish(self, *args, **kwargs):
        with transaction.atomic():
            return super().unpublish(*args, **kwargs)

    def localize_sections(self):
        """A translation starts as a copy pointing at the source edition's sections (wagtail-localize
        copies page relations); point them at this edition's sections, matched by translation_key."""
        from newsdesk.news.models.pages import SectionPage

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
        from newsdesk.news.models.pages import NewsIndexPage

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


def article_context(
    article: Article, *, is_preview: bool = False, translations=None, authors=None, tags=None
) -> dict:
    """What the article template needs, in a fixed number of queries (the article page passes
    the bylines, tags and translations it read with the article: `with_page_relations`)."""
    if authors is None:
        if is_preview:
            links = article.article_authors.all()  # the unsaved form's bylines
        else:
            links = ArticleAuthor.objects.filter(article=article).select_related("author")
        authors = [link.author for link in links]
    authors = localize_objects(authors, article.locale_id)
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
        "tags": list(article.tags.all()) if tags is None else tags,
        "translations": translations,
    }
