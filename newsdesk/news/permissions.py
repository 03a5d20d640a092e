"""Who may do what to an article, and to the bylines and photos live articles show, beyond
Django's model permissions.

Authors (news.change_article without news.publish_article) edit their own articles, and drafts
nobody has published yet (a story is often written by two); an article someone else has
published is the editors' to change. Wagtail's snippet views check model permissions only, so
the article's edit views ask `ArticlePermissionPolicy` about the instance too.

A byline or a photo that a live article shows is the editors' to change as well: an edit of it
reaches every published article and feed at once, without review. Authors may still edit a
byline or a photo no live article shows yet (one they have just made).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.collections import (
    CollectionOwnershipPermissionPolicy,
    CollectionPermissionPolicy,
)


def is_editor(user) -> bool:
    """Who may publish articles: the editors (and superusers)."""
    return user.has_perm("news.publish_article")


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


class BylinePermissionPolicy(ModelPermissionPolicy):
    """Authors hold news.change_author to fix the bylines they add; editors change any byline."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action not in ("change", "delete") or is_editor(user):
            return True
        return not byline_on_live_articles(instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )


def byline_on_live_articles(author) -> bool:
    """Whether a live article names this byline or one of its translations (an article shows
    the byline in its own edition's language)."""
    from newsdesk.news.models import ArticleAuthor

    return ArticleAuthor.objects.filter(
        author__translation_key=author.translation_key, article__live=True
    ).exists()


def photo_on_live_articles(image) -> bool:
    """Whether a live article shows this photo: as its lead photo, or in its text (which Wagtail's
    reference index records for each saved article)."""
    from wagtail.models import ReferenceIndex

    from newsdesk.news.models import Article

    live = Article.objects.live()
    if live.filter(lead_image=image).exists():
        return True
    in_text = (
        ReferenceIndex.get_references_to(image)
        .filter(base_content_type=ContentType.objects.get_for_model(Article))
        .values(article_id=Cast("object_id", BigIntegerField()))
    )
    return live.filter(pk__in=in_text).exists()


def may_change_photo(user, image) -> bool:
    """Anyone Wagtail lets edit the image may, unless live articles show it: then only those
    granted "change" on its collection (editors), not its uploader by ownership alone."""
    from wagtail.images.models import Image

    if image.pk is None:
        return True
    without_ownership = CollectionPermissionPolicy(type(image), auth_model=Image)
    if without_ownership.user_has_permission_for_instance(user, "change", image):
        return True
    return not photo_on_live_articles(image)


ON_LIVE_ARTICLES = _(
    "Published articles show this photo, so only an editor can change it. To use another "
    "photo, upload it as a new image."
)


def refuse_changing_photo_on_live_articles(user, image) -> None:
    """A new file, title or description of a photo live articles show would reach them all
    without review: the editors' to change. Asked by the image form (core.images.ImageForm)."""
    if not may_change_photo(user, image):
        raise ValidationError(ON_LIVE_ARTICLES, code="photo_on_live_articles")


class PhotoPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's image policy (an uploader may change and delete their own images with only
    add_image), except that deleting a photo live articles show is the editors' (may_change_photo).
    Changing one is refused by the edit form instead (core.images.ImageForm), which can say why;
    Wagtail's delete views have no form. Installed by NewsConfig.ready."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.allows(user, action, instance) for action in actions)

    def allows(self, user, action, instance) -> bool:
        if not super().user_has_any_permission_for_instance(user, [action], instance):
            return False
        return action != "delete" or may_change_photo(user, instance)


def install_photo_permission_policy() -> None:
    """Wagtail keeps the image policy in a module global, which its image views and hooks import
    when they are first imported (after the apps are ready): replaced here, before that."""
    from wagtail.images import get_image_model
    from wagtail.images import permissions as image_permissions
    from wagtail.images.models import Image

    image_permissions.permission_policy = PhotoPermissionPolicy(
        get_image_model(), auth_model=Image, owner_field_name="uploaded_by_user"
    )
