from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from newsdesk.news import bulk_actions, dashboards, desk, photos, rich_text, writing
from newsdesk.news.choosers import ArticleChooserViewSet
from newsdesk.news.models import Article, Author, ChangeKind
from newsdesk.news.permissions import ArticlePermissionPolicy, BylinePermissionPolicy
from newsdesk.news.rich_text import ArticleLinkHandler
from newsdesk.news.translation_admin import TagViewSet, update_state_column


@hooks.register("insert_global_admin_css")
def desk_css():
    return format_html('<link rel="stylesheet" href="{}">', static("news/desk.css"))


hooks.register("construct_homepage_panels", dashboards.dashboard_panels)


@hooks.register("register_admin_urls")
def photo_details_url():
    return [
        path(
            "news/photos/<int:image_id>/details/",
            photos.photo_details,
            name="news_photo_details",
        )
    ]


@hooks.register("register_rich_text_features")
def register_article_links(features):
    features.register_link_type(ArticleLinkHandler)
    rich_text.register_editor_feature(features)


class ChooserIdsMixin:
    """Wagtail's chooser widgets (section, lead photo) look the posted id up again to show a form
    with errors, and a posted id that is not a number (a tampered request) made that lookup a
    500. Such an id is dropped before the form sees it: the form then says the field is needed."""

    chooser_fields = ("section", "lead_image")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        data = kwargs.get("data")
        if data is not None and any(
            data.get(name) and not data[name].isdigit() for name in self.chooser_fields
        ):
            data = data.copy()
            for name in self.chooser_fields:
                if data.get(name) and not data[name].isdigit():
                    data[name] = ""
            kwargs["data"] = data
        return kwargs


class SlugUpdateMixin:
    """Each autosave answers with the slug it stored, which the open form then shows (Wagtail's
    field updates): a slug the form did not post (made from the headline) would otherwise be
    posted back empty or stale by the next save."""

    def get_success_json(self):
        data = super().get_success_json()
        data.setdefault("field_updates", {})["slug"] = self.object.slug
        return data


class ArticleCreateView(ChooserIdsMixin, SlugUpdateMixin, snippet_views.CreateView):
    def get(self, request, *args, **kwargs):
        # The edition first: it decides the sections, tags and byline the form offers.
        if not request.GET.get("locale") and Locale.objects.count() > 1:
            return TemplateResponse(
                request,
                "news/choose_edition.html",
                {
                    "editions": Locale.objects.order_by("pk"),
                    "add_url": request.path,
                    "header_icon": "doc-full",
                },
            )
        return super().get(request, *args, **kwargs)

    def get_initial_form_instance(self):
        # A new article is signed with the writer's own byline (news.writing); on a POST the
        # form's own byline rows decide.
        if self.locale and self.request.method == "GET":
            return writing.new_article(self.request.user, self.locale)
        return super().get_initial_form_instance()

    def save_instance(self):
        self.form.instance.owner = self.request.user
        return super().save_instance()


class ArticleEditView(ChooserIdsMixin, SlugUpdateMixin, snippet_views.EditView):
    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not self.user_has_permission_for_instance("change", article):
            raise PermissionDenied
        return article

    def get_form_kwargs(self):
        # Each edit of a published article starts with no note and the default kind: the note
        # of the edit published last belongs to that edit (unless a draft of this one has its
        # own note already).
        if not self.object.has_unpublished_changes:
            self.object.change_kind = ChangeKind.UPDATE
            self.object.change_note = ""
        return super().get_form_kwargs()

    def get_success_message(self, instance=None):
        # Wagtail says "updated" after any workflow action from the form, "Approve and
        # Publish" included: say what the action did.
        if self.action != "workflow-action" or self.workflow_action not in ("approve", "reject"):
            return super().get_success_message(instance)
        article = Article.objects.only("live_revision", "go_live_at").get(pk=self.object.pk)
        if self.workflow_action == "reject":
            message = _("Changes requested on “%(headline)s”.")
        elif self.new_revision and article.live_revision_id == self.new_revision.pk:
            message = _("“%(headline)s” approved and published.")
        elif self.new_revision and self.new_revision.approved_go_live_at:
            message = _("“%(headline)s” approved and scheduled for publishing.")
        else:
            message = _("“%(headline)s” approved.")
        return message % {"headline": self.object.headline}

    def get_success_json(self):
        # Each autosave answers with the revision it saved (Wagtail's editing sessions take it
        # from there). The form's own record of the version it was loaded at is brought up to
        # that revision too, through Wagtail's field updates, so that the Publish or Save that
        # follows is not taken for a save over another editor's newer version (issue 16).
        data = super().get_success_json()
        if self.new_revision is not None:
            data.setdefault("field_updates", {}).update(
                loaded_revision_id=str(self.new_revision.pk),
                loaded_revision_created_at=self.new_revision.created_at.isoformat(),
            )
        return data

    @cached_property
    def is_out_of_date(self):
        if not super().is_out_of_date:
            return False
        # Wagtail only lets a user overwrite their own latest revision (an autosave): the same
        # revision, saved again after the form sent its Publish, is this editor's autosave that
        # was still on its way, not another editor's save.
        loaded = self.request.POST.get("loaded_revision_id")
        latest = self.latest_revision
        return not (
            not self.expects_json_response
            and loaded == str(latest.pk)
            and latest.user_id == self.request.user.pk
        )

    def is_valid(self, form):
        # Wagtail refuses an out-of-date autosave but lets a plain Save overwrite whatever
        # another editor saved since this form was opened. Refuse it too: the form comes back
        # with this editor's text in it and the latest revision's number, so saving again is a
        # deliberate overwrite.
        if not self.expects_json_response and self.is_out_of_date:
            self.produced_error_code = "invalid_revision"
            self.produced_error_message = _(
                "Another editor saved this article after you opened it. Your changes are "
                "still in the form: compare with the latest version in History, then save "
                "again to replace it."
            )
            return False
        return super().is_valid(form)


class ArticleViewSet(SnippetViewSet):
    model = Article
    icon = "doc-full"
    menu_label = _("Articles")
    menu_order = 10
    add_to_admin_menu = True
    # The desk (news.desk): state, edition, byline, last editor and update time at a glance.
    list_display = [
        "headline",
        desk.status_column(),
        "locale",
        "section",
        *desk.people_columns(),
        "published_at",
        update_state_column(),
    ]
    filterset_class = desk.ArticleFilterSet
    index_view_class = desk.ArticleIndexView
    list_per_page = 50

    add_view_class = ArticleCreateView
    edit_view_class = ArticleEditView
    chooser_viewset_class = ArticleChooserViewSet

    @cached_property
    def permission_policy(self):
        return ArticlePermissionPolicy(self.model)

    def get_urlpatterns(self):
        # Wagtail's review e-mail reverses "workflow_preview" with the article's id alone, which
        # its two-argument address cannot take: the link came out as the bare site address. The
        # same name with one argument makes the link, and leads to the current task's preview.
        return [
            *super().get_urlpatterns(),
            path("workflow/preview/<int:pk>/", self.review_preview, name="workflow_preview"),
        ]

    def review_preview(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        task = article.current_workflow_task
        if task is None:  # the review is over: the article itself
            return redirect(self.get_url_name("edit"), pk)
        return redirect(self.get_url_name("workflow_preview"), pk, task.pk)

    def get_queryset(self, request):
        # with_update_state: a translation behind its source's correction (news.translation)
        articles = (
            Article.objects.select_related("section", "locale", "latest_revision__user")
            .prefetch_related("article_authors__author")
            .with_update_state()
        )
        return desk.with_desk_state(articles)


class AuthorEditView(snippet_views.EditView):
    def run_before_hook(self):
        # Wagtail checked the model permission; a byline live articles show is the editors'.
        if not self.user_has_permission_for_instance("change", self.object):
            messages.error(
                self.request,
                _(
                    "Published articles show this byline, so only an editor can change it. To "
                    "sign an article differently, add a new byline."
                ),
            )
            return redirect(self.index_url_name)
        return super().run_before_hook()


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 11
    add_to_admin_menu = True
    list_display = ["name", "role", "locale"]
    search_fields = ["name"]

    edit_view_class = AuthorEditView

    @cached_property
    def permission_policy(self):
        return BylinePermissionPolicy(self.model)


register_snippet(ArticleViewSet)
for bulk_action in bulk_actions.ACTIONS:
    hooks.register("register_bulk_action", bulk_action)
register_snippet(AuthorViewSet)
register_snippet(TagViewSet)
