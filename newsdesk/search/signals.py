"""A section, author or tag renamed: its articles are indexed again once the rename commits
(search.tasks), so readers find them by the new name."""

from django.db import transaction
from django.db.models.signals import post_save, pre_save

from newsdesk.news.models import Author, SectionPage
from newsdesk.news.tags import Tag
from newsdesk.search.tasks import reindex_labelled_articles

# model → (what search.tasks calls it, the field its articles are indexed with)
NAMED = {SectionPage: ("section", "title"), Author: ("author", "name"), Tag: ("tag", "name")}


def remember_stored_name(sender, instance, update_fields=None, **kwargs):
    _kind, field = NAMED[sender]
    if instance.pk is None or (update_fields is not None and field not in update_fields):
        instance._stored_name = None  # new, or a save that leaves the name alone
        return
    stored = sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()
    instance._stored_name = stored


def reindex_when_renamed(sender, instance, created=False, **kwargs):
    kind, field = NAMED[sender]
    stored = getattr(instance, "_stored_name", None)
    if created or stored is None or stored == getattr(instance, field):
        return
    pk = instance.pk
    transaction.on_commit(lambda: reindex_labelled_articles.enqueue(kind, pk), robust=True)


def connect():
    for model in NAMED:
        pre_save.connect(remember_stored_name, sender=model, dispatch_uid=f"name-{model.__name__}")
        post_save.connect(
            reindex_when_renamed, sender=model, dispatch_uid=f"rename-{model.__name__}"
        )
