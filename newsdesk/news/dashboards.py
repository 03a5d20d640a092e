"""The back office's home page as each role's dashboard (issue 16), Wagtail homepage panels
added by the `construct_homepage_panels` hook.

An author sees what was returned to them with the reviewer's comment in full, their drafts
(those in review marked so) and their scheduled stories. An editor sees Wagtail's own review
queue (with its approve and request-changes buttons), the stories scheduled for today and the
last hour's publications, edition by edition. Wagtail's "Your pages and snippets in a workflow"
panel is replaced: it hid the reviewer's comment behind "View details".
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import UserObjectsInWorkflowModerationPanel
from wagtail.models import Locale, WorkflowState

from newsdesk.news import desk
from newsdesk.news.models import Article
from newsdesk.news.permissions import is_editor

LIMIT = 20  # rows per panel: a dashboard, not a listing (the desk has the rest)


def edit_url(article) -> str:
    return reverse(Article.snippet_viewset.get_url_name("edit"), args=[article.pk])


def local_time(moment, fmt="SHORT_DATETIME_FORMAT") -> str:
    return date_format(timezone.localtime(moment), fmt) if moment else ""


def edition_names() -> dict:
    return {locale.pk: locale.get_display_name() for locale in Locale.objects.all()}


class ArticlesPanel(Component):
    """A table of articles: headline (to its form), edition, state or time, and a note under
    the headline where there is one (a reviewer's comment)."""

    template_name = "news/dashboard/articles.html"
    name = ""
    heading = ""
    time_heading = _("Status")

    def rows(self, user) -> list[dict]:
        raise NotImplementedError

    def row(self, article, when="", note="", note_by=""):
        return {
            "headline": article.headline,
            "edit_url": edit_url(article),
            "public_url": article.get_url() if article.live else "",
            "edition": self.editions.get(article.locale_id, ""),
            "when": when,
            "note": note,
            "note_by": note_by,
        }

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        self.editions = edition_names()
        return {
            "panel_id": self.name,
            "heading": self.heading,
            "time_heading": self.time_heading,
            "rows": self.rows(request.user),
        }


class ReturnedToYouPanel(ArticlesPanel):
    name = "returned-to-you"
    heading = _("Returned to you with changes requested")
    order = 200
    time_heading = _("Returned")

    def rows(self, user):
        owned = Article.objects.filter(owner=user).values(key=Cast("pk", CharField()))
        states = (
            WorkflowState.objects.filter(
                status=WorkflowState.STATUS_NEEDS_CHANGES,
                base_content_type=ContentType.objects.get_for_model(Article),
            )
            .filter(Q(requested_by=user) | Q(object_id__in=owned))
            .select_related("current_task_state__finished_by")
            .order_by("-current_task_state__finished_at")[:LIMIT]
        )
        articles = Article.objects.in_bulk([int(state.object_id) for state in states])
        found = []
        for state in states:
            article, task = articles.get(int(state.object_id)), state.current_task_state
            if article is None or task is None:
                continue
            reviewer = task.finished_by
            found.append(
                self.row(
                    article,
                    when=local_time(task.finished_at),
                    note=task.comment or _("(no comment)"),
                    note_by=(reviewer.get_full_name() or reviewer.get_username())
                    if reviewer
                    else "",
                )
            )
        return found


class YourDraftsPanel(ArticlesPanel):
    name = "your-drafts"
    heading = _("Your drafts")
    order = 205

    def rows(self, user):
        drafts = (
            desk.with_desk_state(Article.objects.filter(owner=user))
            .filter(Q(live=False) | Q(has_unpublished_changes=True))
            # (a returned story is in the panel above; NULL: no review open)
            .filter(
                Q(review_status__isnull=True) | Q(review_status=WorkflowState.STATUS_IN_PROGRESS)
            )
            .filter(scheduled_at__isnull=True)
            .select_related("latest_revision")
            .order_by("-latest_revision__created_at", "-pk")[:LIMIT]
        )
        return [
            self.row(
                article,
                when=f"{desk.status_label(article)} · "
                f"{local_time(article.latest_revision and article.latest_revision.created_at)}",
            )
            for article in drafts
        ]


class YourScheduledPanel(ArticlesPanel):
    name = "your-scheduled"
    heading = _("Your scheduled stories")
    order = 215
    time_heading = _("Goes live")

    def rows(self, user):
        scheduled = (
            desk.with_desk_state(Article.objects.filter(owner=user))
            .filter(scheduled_at__isnull=False)
            .order_by("scheduled_at")[:LIMIT]
        )
        return [self.row(article, when=local_time(article.scheduled_at)) for article in scheduled]


class ScheduledTodayPanel(ArticlesPanel):
    name = "scheduled-today"
    heading = _("Scheduled for today")
    order = 225
    time_heading = _("Goes live")

    def rows(self, user):
        start = desk.day_start(timezone.localdate())
        scheduled = (
            desk.with_desk_state(Article.objects.all())
            .filter(scheduled_at__gte=start, scheduled_at__lt=start + datetime.timedelta(days=1))
            .order_by("scheduled_at")[:LIMIT]
        )
        return [self.row(a, when=local_time(a.scheduled_at, "TIME_FORMAT")) for a in scheduled]


class PublishedLastHourPanel(Component):
    """The last hour's publications, first or again, one column per edition."""

    name = "published-last-hour"
    template_name = "news/dashboard/published_last_hour.html"
    order = 230

    def get_context_data(self, parent_context):
        since = timezone.now() - datetime.timedelta(hours=1)
        published = (
            Article.objects.filter(live=True, last_published_at__gte=since)
            .only("headline", "slug", "locale_id", "published_at", "last_published_at", "live")
            .order_by("-last_published_at")
        )
        editions = []
        for locale in Locale.objects.order_by("pk"):
            articles = list(published.filter(locale=locale)[:LIMIT])
            rows = [
                {
                    "headline": a.headline,
                    "edit_url": edit_url(a),
                    "public_url": a.get_url(),
                    "when": local_time(a.last_published_at, "TIME_FORMAT"),
                    "again": a.last_published_at != a.published_at,
                }
                for a in articles
            ]
            editions.append({"name": locale.get_display_name(), "rows": rows})
        return {"editions": editions}


def dashboard_panels(request, panels):
    """The `construct_homepage_panels` hook."""
    user = request.user
    panels[:] = [p for p in panels if not isinstance(p, UserObjectsInWorkflowModerationPanel)]
    if user.has_perm("news.add_article"):
        panels += [ReturnedToYouPanel(), YourDraftsPanel(), YourScheduledPanel()]
    if is_editor(user):
        panels += [ScheduledTodayPanel(), PublishedLastHourPanel()]
