"""Tags belong to an edition (news.tags): taggit's global tags are split by the locale of the
articles that carry them.

A tag that articles of two editions carried («Казань» on a Russian story and on its English
copy) becomes one tag in each edition, with the same name and slug, so every address
(`/<lang>/news/tag/<slug>/`) and tag feed keeps working in every edition where it did. Nothing
links them as translations: the migration cannot tell a translation from a copy, so editors
link tags under Tags (the demo's tags are made linked). Global tags no photo or document uses
any longer are removed.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

import newsdesk.news.tags


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
    dependencies = [
        ("news", "0009_search_indexes"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="Tag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "slug",
                    models.SlugField(
                        allow_unicode=True,
                        blank=True,
                        help_text="The tag's address: /news/tag/<slug>/. Made from the name "
                        "when left empty.",
                        max_length=100,
                        verbose_name="slug",
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
            ],
            options={
                "verbose_name": "tag",
                "verbose_name_plural": "tags",
                "ordering": ["name"],
                "abstract": False,
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(
                fields=("locale", "slug"), name="news_tag_slug_per_edition"
            ),
        ),
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(
                fields=("locale", "name"), name="news_tag_name_per_edition"
            ),
        ),
        # Nullable while both exist, so that the migration can be reversed.
        migrations.AlterField(
            model_name="articletag",
            name="tag",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="%(app_label)s_%(class)s_items",
                to="taggit.tag",
            ),
        ),
        migrations.AddField(
            model_name="articletag",
            name="edition_tag",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="news.tag",
            ),
        ),
        migrations.RunPython(split_by_edition, merge_editions),
        migrations.RemoveField(model_name="articletag", name="tag"),
        migrations.RenameField(model_name="articletag", old_name="edition_tag", new_name="tag"),
        migrations.AlterField(
            model_name="articletag",
            name="tag",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="tagged_articles",
                to="news.tag",
                verbose_name="tag",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="tags",
            field=newsdesk.news.tags.EditionTaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="news.ArticleTag",
                to="news.Tag",
                verbose_name="tags",
            ),
        ),
    ]
