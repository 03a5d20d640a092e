"""Tags belong to an edition: the articles' tags move to their edition's tags (0010 says how)."""

import uuid

from django.db import migrations


def split_by_edition(apps, schema_editor):
    OldTag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    Tag = apps.get_model("news", "Tag")
    ArticleTag = apps.get_model("news", "ArticleTag")
    uses = list(
        ArticleTag.objects.values_list("tag_id", "content_object__locale_id")
        .distinct()
        .order_by("tag_id", "content_object__locale_id")
    )
    names = dict(
        (pk, (name, slug))
        for pk, name, slug in OldTag.objects.filter(pk__in={old for old, _ in uses}).values_list(
            "pk", "name", "slug"
        )
    )
    for old_id, locale_id in uses:
        name, slug = names[old_id]
        tag = Tag.objects.create(
            name=name, slug=slug, locale_id=locale_id, translation_key=uuid.uuid4()
        )
        ArticleTag.objects.filter(tag_id=old_id, content_object__locale_id=locale_id).update(
            edition_tag=tag
        )
    ArticleTag.objects.update(tag=None)  # or deleting a global tag would take its rows along
    OldTag.objects.filter(pk__in=names).exclude(
        pk__in=TaggedItem.objects.values("tag_id")
    ).delete()


def merge_editions(apps, schema_editor):
    """Back to global tags: one per name (taggit's names are unique site-wide)."""
    OldTag = apps.get_model("taggit", "Tag")
    Tag = apps.get_model("news", "Tag")
    ArticleTag = apps.get_model("news", "ArticleTag")
    for tag in Tag.objects.order_by("pk"):
        old = OldTag.objects.filter(name=tag.name).first()
        if old is None:
            slug = tag.slug
            if OldTag.objects.filter(slug=slug).exists():
                slug = f"{slug}_{tag.pk}"
            old = OldTag.objects.create(name=tag.name, slug=slug)
        ArticleTag.objects.filter(edition_tag=tag).update(tag=old)


class Migration(migrations.Migration):
    dependencies = [("news", "0010_edition_tags")]

    operations = [migrations.RunPython(split_by_edition, merge_editions)]
