"""Side effects of publishing articles, one job per receiver."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.contrib.redirects.models import Redirect
from wagtail.signals import published, unpublished

from newsdesk.core import dependencies
from newsdesk.core.locales import language_code_for
from newsdesk.news.models import ArchiveMonth, Article, ArticleCitation, Author
from newsdesk.news.publishing import saves_any
from newsdesk.news.tags import Tag


@receiver(published, sender=Article)
@receiver(unpublished, sender=Article)
@receiver(post_delete, sender=Article)
def article_changed(sender, instance, **kwargs):
    """Its page, its story in the other editions (their "read in this language" links), the pages
    and feed items that cite it, and its edition's listings and pieces; no other article page."""
    language = language_code_for(instance.locale_id)
    # The "See also" of the stories it cites gains or loses it (rows gone once it is deleted:
    # its own name, which their teasers depend on, covers that).
    cited = ArticleCitation.objects.filter(source_id=instance.pk).values_list(
        "target_id", flat=True
    )
    dependencies.bump(
        dependencies.article(instance.pk),
        dependencies.story(instance.translation_key),
        dependencies.edition(language),
        *(dependencies.cited(pk) for pk in cited),
    )


@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def byline_or_tag_changed(sender, **kwargs):
    # Bylines and tag names show on published pages of every edition without a publish of
    # their own; rare enough to start everything afresh.
    dependencies.bump(dependencies.EPOCH)


@receiver(post_delete, sender=Article)
def recount_month(sender, instance, **kwargs):
    if instance.live and instance.published_at:
        ArchiveMonth.refresh(instance.locale_id, instance.published_at)


ADDRESS_INPUTS = frozenset({"slug", "published_at", "locale"})


@receiver(pre_save, sender=Article)
def keep_old_address_working(sender, instance, raw=False, update_fields=None, **kwargs):
    """A live article whose slug or date changes keeps its old address as a permanent redirect,
    so links shared outside the site (and pasted into other articles) keep working."""
    if raw or not instance.pk or not saves_any(update_fields, ADDRESS_INPUTS):
        return  # a lock or a draft's revision pointer moves no address
    old = (
        Article.objects.filter(pk=instance.pk, live=True)
        .select_related("locale")
        .only("slug", "published_at", "locale__language_code")
        .first()
    )
    if old is None or not old.published_at:
        return
    old_path, new_path = old.get_url(), instance.get_url() if instance.published_at else ""
    if new_path and old_path != new_path:
        Redirect.objects.update_or_create(
            old_path=Redirect.normalise_path(old_path),
            site=None,
            defaults={"redirect_link": new_path, "is_permanent": True},
        )


@receiver(post_delete, sender=Article)
def drop_from_search(sender, instance, **kwargs):
    # Articles are indexed by Article.save rather than by Wagtail's handlers (search_auto_update
    # is off), so deletion is ours to follow too.
    from wagtail.search import index

    index.remove_object(instance)
