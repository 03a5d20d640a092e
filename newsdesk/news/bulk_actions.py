"""Bulk actions on the desk (issue 16): publish, unpublish, move to a section, add a tag and
submit for review, with the same checks as one at a time: only those who may publish publish,
only those who may change an article (authors: their own, or drafts nobody has published) move
or tag it, nothing locked (by an editor, a review or a schedule) is touched, and only articles
whose latest version is complete enough to publish are published or submitted.

One confirmation template serves them all; each action's class holds its own wording."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.actions.unpublish import UnpublishAction
from wagtail.admin import messages
from wagtail.admin.widgets import AdminTagWidget
from wagtail.models import WorkflowState
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from newsdesk.news.models import Article, ChangeKind, SectionPage


def latest_version(article):
    return article.latest_revision.as_object() if article.latest_revision else article


def is_complete(article) -> bool:
    """Whether the article's latest version passes the checks its form makes on publish."""
    try:
        latest_version(article).full_clean()
    except ValidationError:
        return False
    return True


class ArticleBulkAction(SnippetBulkAction):
    models = [Article]
    template_name = "news/bulk_actions/confirm.html"
    # The confirmation page's wording, per action.
    confirm_title = ""
    no_access_message = ""
    yes_label = ""
    no_label = ""

    @classmethod
    def get_queryset(cls, model, object_ids):
        # An id that is not a number (a tampered address) made Wagtail's lookup a 500.
        ids = [pk for pk in object_ids if str(pk).isdigit()]
        if not ids:
            raise Http404
        return super().get_queryset(model, ids)

    # Permissions are checked before (check_perm), for the article, as its own form does;
    # Wagtail's own checks ask page permissions of it, which snippets do not have.
    def may(self, action):
        policy = Article.snippet_viewset.permission_policy
        return policy.user_has_permission(self.request.user, action)

    def may_change(self, article) -> bool:
        """What the article's edit form would let this user save."""
        user = self.request.user
        policy = Article.snippet_viewset.permission_policy
        if not policy.user_has_permission_for_instance(user, "change", article):
            return False
        lock = article.get_lock()
        return lock is None or not lock.for_user(user)

    def get_execution_context(self):
        # Wagtail's snippet actions pass the view as "self"; each publication or revision is
        # logged under the editor who made it.
        return {"action": self, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "confirm_title": self.confirm_title,
            "no_access_message": self.no_access_message,
            "yes_label": self.yes_label,
            "no_label": self.no_label,
        }


class PublishBulkAction(ArticleBulkAction):
    display_name = _("Publish")
    action_type = "publish"
    aria_label = _("Publish the selected articles")
    action_priority = 10
    confirm_title = _("Publish these articles?")
    no_access_message = _(
        "These articles cannot be published by you, or are not complete (a section is missing):"
    )
    yes_label = _("Yes, publish")
    no_label = _("No, don't publish")

    def check_perm(self, article):
        return self.may("publish") and is_complete(article)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for article in objects:
            revision = article.latest_revision or article.save_revision(user=user)
            revision.publish(user=user, skip_permission_checks=True)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d article published.", "%(count)d articles published.", num_parent_objects
        ) % {"count": num_parent_objects}


class UnpublishBulkAction(ArticleBulkAction):
    display_name = _("Unpublish")
    action_type = "unpublish"
    aria_label = _("Unpublish the selected articles")
    action_priority = 26  # under "More" (Wagtail shows four), with Delete
    confirm_title = _("Unpublish these articles?")
    no_access_message = _("These articles cannot be unpublished by you, or are not live:")
    yes_label = _("Yes, unpublish")
    no_label = _("No, don't unpublish")

    def check_perm(self, article):
        return self.may("publish") and article.live

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for article in objects:
            UnpublishAction(article, user=user).execute(skip_permission_checks=True)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d article unpublished.", "%(count)d articles unpublished.", num_parent_objects
        ) % {"count": num_parent_objects}


class EditBulkAction(ArticleBulkAction):
    """A change to each article's latest version, saved as its form would save it: a live
    article with no draft waiting is published again at once (by those who may publish) as a
    minor edit, without an "Updated" time; otherwise the change joins the draft, to be
    published or submitted with it."""

    def check_perm(self, article):
        return self.may_change(article)

    def change(self, article) -> bool:
        """Changes the article's latest version; False leaves the article out."""
        raise NotImplementedError

    @classmethod
    def execute_action(cls, objects, action=None, user=None, **kwargs):
        action.left_out = []
        done = 0
        for article in objects:
            publish_now = article.live and not article.has_unpublished_changes
            publish_now = publish_now and action.may("publish")
            latest = latest_version(article)
            if not action.change(latest):
                action.left_out.append(article)
                continue
            if publish_now:
                latest.change_kind, latest.change_note = ChangeKind.MINOR, ""
            try:
                revision = latest.save_revision(user=user, clean=publish_now, log_action=True)
            except ValidationError:
                action.left_out.append(article)
                continue
            if publish_now:
                revision.publish(user=user, skip_permission_checks=True)
            done += 1
        return done, 0

    def form_valid(self, form):
        response = super().form_valid(form)
        left_out = getattr(self, "left_out", [])
        if left_out:
            messages.warning(
                self.request,
                self.left_out_message % {"headlines": ", ".join(a.headline for a in left_out)},
            )
        return response


class SectionForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=SectionPage.objects.none(),
        help_text=_("Articles of other editions go to this section's translation in theirs."),
    )

    def __init__(self, *args, locale_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["section"]
        field.queryset = (
            SectionPage.objects.filter(locale_id__in=locale_ids)
            .select_related("locale")
            .order_by("locale__language_code", "title")
        )
        field.label_from_instance = lambda page: f"{page.title} ({page.locale.get_display_name()})"


class MoveToSectionBulkAction(EditBulkAction):
    display_name = _("Move to section")
    action_type = "move_to_section"
    aria_label = _("Move the selected articles to another section")
    action_priority = 22
    form_class = SectionForm
    confirm_title = _("Move these articles to another section?")
    no_access_message = _("These articles cannot be changed by you, or are locked:")
    yes_label = _("Yes, move")
    no_label = _("No, don't move")
    left_out_message = _(
        "Not moved (no such section in their edition, or not complete): %(headlines)s"
    )

    def get_form_kwargs(self):
        ids = [pk for pk in self.request.GET.getlist("id") if pk.isdigit()]
        locale_ids = Article.objects.filter(pk__in=ids).values_list("locale_id", flat=True)
        return {**super().get_form_kwargs(), "locale_ids": set(locale_ids)}

    def change(self, article):
        chosen = self.cleaned_form.cleaned_data["section"]
        section = chosen.get_translation_or_none(article.locale)
        if section is None:
            return False
        article.section = section
        article.also_in = [page for page in article.also_in.all() if page.pk != section.pk]
        return True

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d article moved to “%(section)s”.",
            "%(count)d articles moved to “%(section)s”.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "section": self.cleaned_form.cleaned_data["section"]}


class TagForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"),
        widget=AdminTagWidget,
        max_length=500,
        help_text=_("Each article gets the tags of its own edition with these names."),
    )

    def clean_tags(self):
        from taggit.utils import parse_tags

        names = [name for name in parse_tags(self.cleaned_data["tags"]) if len(name) <= 100]
        if not names:
            raise ValidationError(_("Name at least one tag (up to 100 characters)."))
        return names


class AddTagBulkAction(EditBulkAction):
    display_name = _("Add tag")
    action_type = "add_tag"
    aria_label = _("Add a tag to the selected articles")
    action_priority = 24
    form_class = TagForm
    confirm_title = _("Add tags to these articles?")
    no_access_message = _("These articles cannot be changed by you, or are locked:")
    yes_label = _("Yes, add")
    no_label = _("No, don't add")
    left_out_message = _("Not tagged: %(headlines)s")

    def change(self, article):
        article.tags.add(*self.cleaned_form.cleaned_data["tags"])
        return True

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d article tagged.", "%(count)d articles tagged.", num_parent_objects
        ) % {"count": num_parent_objects}


class SubmitForReviewBulkAction(ArticleBulkAction):
    display_name = _("Submit for review")
    action_type = "submit_for_review"
    aria_label = _("Submit the selected articles for review")
    action_priority = 15
    confirm_title = _("Submit these articles for review?")
    no_access_message = _(
        "These articles cannot be submitted by you: already in review, nothing new to review, "
        "locked, or not complete (a section is missing):"
    )
    yes_label = _("Yes, submit")
    no_label = _("No, don't submit")

    def check_perm(self, article):
        state = article.current_workflow_state
        return (
            article.has_workflow
            and article.has_unpublished_changes
            and (state is None or state.status == WorkflowState.STATUS_NEEDS_CHANGES)
            and self.may_change(article)
            and is_complete(article)
        )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for article in objects:
            if article.latest_revision is None:
                article.save_revision(user=user)
            state = article.current_workflow_state
            if state is not None:  # changes were requested: the same review goes on
                state.resume(user)
            else:
                article.get_workflow().start(article, user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d article submitted for review.",
            "%(count)d articles submitted for review.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


ACTIONS = [
    PublishBulkAction,
    UnpublishBulkAction,
    MoveToSectionBulkAction,
    AddTagBulkAction,
    SubmitForReviewBulkAction,
]
