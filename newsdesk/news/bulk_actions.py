"""Bulk actions on the desk (issue 16): publish and unpublish ticked articles, with the same
checks as one at a time: only those who may publish, and only articles whose latest version is
complete enough to publish (a draft without a section is left out, and the editor told)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from newsdesk.news.models import Article


class ArticleBulkAction(SnippetBulkAction):
    models = [Article]

    def may(self, action):
        policy = Article.snippet_viewset.permission_policy
        return policy.user_has_permission(self.request.user, action)


class PublishBulkAction(ArticleBulkAction):
    display_name = _("Publish")
    action_type = "publish"
    aria_label = _("Publish the selected articles")
    template_name = "news/bulk_actions/confirm_publish.html"
    action_priority = 10

    def check_perm(self, article):
        if not self.may("publish"):
            return False
        latest = article.latest_revision.as_object() if article.latest_revision else article
        try:
            latest.full_clean()
        except ValidationError:
            return False
        return True

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for article in objects:
            revision = article.latest_revision or article.save_revision(user=user)
            revision.publish(user=user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d article published.", "%(count)d articles published.", num_parent_objects
        ) % {"count": num_parent_objects}


class UnpublishBulkAction(ArticleBulkAction):
    display_name = _("Unpublish")
    action_type = "unpublish"
    aria_label = _("Unpublish the selected articles")
    template_name = "news/bulk_actions/confirm_unpublish.html"
    action_priority = 20

    def check_perm(self, article):
        return self.may("publish") and article.live

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for article in objects:
            article.unpublish(user=user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d article unpublished.", "%(count)d articles unpublished.", num_parent_objects
        ) % {"count": num_parent_objects}
