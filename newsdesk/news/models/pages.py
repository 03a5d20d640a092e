"""The page tree: a home page per edition, section pages and the "All news" index, which routes
`/<lang>/news/<yyyy>/<mm>/<dd>/<slug>/` to articles and lists tags and bylines."""

from __future__ import annotations

import json
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from newsdesk.core.context_processors import get_chrome
from newsdesk.core.locales import language_code_for
from newsdesk.core.wagtail_internals.site_paths import SiteRootPathsMixin
from newsdesk.news import pagination
from newsdesk.news.models.article import Article
from newsdesk.news.models.authors import ArticleAuthor, Author, localize_objects
from newsdesk.news.models.querysets import photo_prefetch


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
