"""Who may do what to an article, beyond Django's model permissions.

Authors (news.change_article without news.publish_article) edit their own articles, and drafts
nobody has published yet (a story is often written by two); an article someone else has
published is the editors' to change. Wagtail's snippet views check model permissions only, so
the article's edit views ask `ArticlePermissionPolicy` about the instance too.
"""

from wagtail.permission_policies.base import ModelPermissionPolicy


class ArticlePermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action != "change" or self.user_has_permission(user, "publish"):
            return True
        return instance.first_published_at is None or instance.owner_id == user.pk

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )
