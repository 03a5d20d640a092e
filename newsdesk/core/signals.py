"""Changes to the page tree, sites and settings: the chrome (menu, footer, routes) of every page
is built from them, so they bump the epoch (core.dependencies)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from newsdesk.core import dependencies
from newsdesk.core.models import AggregatorLink, SiteSettings


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_changed(sender, **kwargs):
    dependencies.bump(dependencies.EPOCH)


@receiver(post_delete, sender=Page)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
# A new view restriction must reach serve_page's cached address map (and the page cache) at once.
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def structure_changed(sender, **kwargs):
    dependencies.bump(dependencies.EPOCH)


@receiver(post_save, sender=SiteSettings)
@receiver(post_save, sender=AggregatorLink)
@receiver(post_delete, sender=AggregatorLink)
def settings_changed(sender, created=False, **kwargs):
    # Wagtail creates an empty SiteSettings row on first read: nothing visible changed then.
    if sender is SiteSettings and created:
        return
    dependencies.bump(dependencies.EPOCH)
