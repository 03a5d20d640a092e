"""The article list as a desk (issue 16): each story's state at a glance, the filters editors
reach for every morning, and a search that finds any form of a word.

Wagtail's snippet listing, extended where Wagtail offers it: columns, a django-filter FilterSet,
the index view's ordering and search. The state comes from two subqueries (the open review,
the scheduled revision) in the listing's one query, not a query per row.
"""

import datetime

import django_filters
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, UserColumn
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Locale, Revision, WorkflowState
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText
from wagtail.snippets.views import snippets as snippet_views

from newsdesk.news import search_text
from newsdesk.news.models import Article, Author, SectionPage

# How many matches per edition the admin search keeps (the listing pages through them).
SEARCH_LIMIT = 1000

STATUS_CHOICES = [
    ("draft", _("Draft")),
    ("review", _("In review")),
    ("changes", _("Changes requested")),
    ("scheduled", _("Scheduled")),
    ("live", _("Live")),
    ("unpublished", _("Unpublished")),
]


def of_article(model):
    """Rows of a Wagtail model (revisions, workflow states) that belong to the outer article."""
    return model.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Article),
        object_id=Cast(OuterRef("pk"), CharField()),
    )


def open_review():
    return of_article(WorkflowState).filter(
        status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
    )


def scheduled_revision():
    return of_article(Revision).filter(approved_go_live_at__isnull=False)


def with_desk_state(queryset):
    """`review_status` (the open review's) and `scheduled_at` (the go-live time) on each."""
    return queryset.annotate(
        review_status=Subquery(open_review().values("status")[:1]),
        scheduled_at=Subquery(
            scheduled_revision().order_by("-created_at").values("approved_go_live_at")[:1]
        ),
    )


def status_label(article) -> str:
    review = getattr(article, "review_status", None)
    scheduled = getattr(article, "scheduled_at", None)
    if review == WorkflowState.STATUS_NEEDS_CHANGES:
        return str(_("Changes requested"))
    if review == WorkflowState.STATUS_IN_PROGRESS:
        return str(_("In review"))
    if scheduled:
        when = date_format(timezone.localtime(scheduled), "SHORT_DATETIME_FORMAT")
        label = (
            _("Live, new version scheduled %(when)s") if article.live else _("Scheduled %(when)s")
        )
        return str(label) % {"when": when}
    if article.live:
        return str(_("Live + draft") if article.has_unpublished_changes else _("Live"))
    if article.first_published_at:
        return str(_("Unpublished"))
    return str(_("Draft"))


def byline(article) -> str:
    return ", ".join(link.author.name for link in article.article_authors.all())


def status_column():
    return StatusTagColumn(
        "desk_status",
        label=_("Status"),
        accessor=status_label,
        primary=lambda article: article.live,
    )


def people_columns():
    return [
        Column("byline", label=_("Byline"), accessor=byline),
        UserColumn(
            "latest_revision__user", label=_("Last editor"), accessor="latest_revision.user"
        ),
        DateColumn(
            "latest_revision__created_at",
            label=_("Updated"),
            accessor="latest_revision.created_at",
        ),
    ]


class ArticleFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("All")
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Section"), queryset=SectionPage.objects.order_by("locale_id", "title")
    )
    author = django_filters.ModelChoiceFilter(
        label=_("Author"),
        field_name="article_authors__author",
        queryset=Author.objects.all(),
        distinct=True,
    )
    today = django_filters.BooleanFilter(
        label=_("Published today"), method="filter_today", widget=BooleanRadioSelect
    )
    published = django_filters.DateFromToRangeFilter(
        label=_("Published between"),
        field_name="published_at",
        method="filter_published",
        widget=DateRangePickerWidget,
    )
    is_breaking = django_filters.BooleanFilter(label=_("Breaking news"), widget=BooleanRadioSelect)
    is_featured = django_filters.BooleanFilter(label=_("Lead story"), widget=BooleanRadioSelect)

    class Meta:
        model = Article
        fields = []

    def filter_status(self, queryset, name, value):
        review, scheduled = open_review(), scheduled_revision()
        if value == "review":
            return queryset.filter(Exists(review.filter(status=WorkflowState.STATUS_IN_PROGRESS)))
        if value == "changes":
            return queryset.filter(Exists(review.filter(status=WorkflowState.STATUS_NEEDS_CHANGES)))
        if value == "scheduled":
            return queryset.filter(Exists(scheduled))
        if value == "live":
            return queryset.filter(live=True)
        if value == "unpublished":
            return queryset.filter(live=False, first_published_at__isnull=False)
        return queryset.filter(live=False, first_published_at__isnull=True).exclude(
            Exists(review) | Exists(scheduled)
        )

    def filter_today(self, queryset, name, value):
        start = day_start(timezone.localdate())
        today = Q(published_at__gte=start, published_at__lt=start + datetime.timedelta(days=1))
        return queryset.filter(today) if value else queryset.exclude(today)

    def filter_published(self, queryset, name, value):
        # Whole days in the outlet's time zone, both ends included.
        if value.start:
            queryset = queryset.filter(published_at__gte=day_start(value.start))
        if value.stop:
            end = day_start(value.stop) + datetime.timedelta(days=1)
            queryset = queryset.filter(published_at__lt=end)
        return queryset


def day_start(day) -> datetime.datetime:
    value = day.date() if isinstance(day, datetime.datetime) else day
    return datetime.datetime.combine(value, datetime.time(), timezone.get_default_timezone())


class ArticleIndexView(snippet_views.IndexView):
    def order_queryset(self, queryset):
        if self.request.GET.get("ordering"):
            return super().order_queryset(queryset)
        # Newest first; drafts and scheduled stories (no publication time yet) at the top, not
        # on the last page, on every database (PostgreSQL puts NULLs first, SQLite last).
        return queryset.order_by(F("published_at").desc(nulls_first=True), "-id")

    def search_queryset(self, queryset):
        """Headlines, leads, text and bylines in any form of a word (the reader's stemmed index,
        each edition with its own language's stems; SQLite's backend cannot narrow it to some
        fields), and headlines by their first letters."""
        if not self.is_searching:
            return queryset
        backend = get_search_backend()
        found = set()
        for language, _name in settings.LANGUAGES:
            if wanted := search_text.stems(self.search_query, language):
                locales = Locale.objects.filter(language_code=language).values_list("pk", flat=True)
                edition = Article.objects.filter(locale_id__in=list(locales))
                results = backend.search(
                    PlainText(" ".join(dict.fromkeys(wanted)), operator="and"),
                    edition,
                    order_by_relevance=False,
                )
                found.update(article.pk for article in results[:SEARCH_LIMIT])
        prefixes = backend.autocomplete(self.search_query, Article.objects.all())
        found.update(article.pk for article in prefixes[:SEARCH_LIMIT])
        return queryset.filter(pk__in=found)
