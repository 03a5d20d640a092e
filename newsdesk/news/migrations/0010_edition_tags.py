"""Tags belong to an edition (news.tags), in three steps (0010–0012), each its own transaction:
PostgreSQL cannot alter a table whose rows the same transaction changed. This one adds the
edition tags beside taggit's; 0011 moves the articles' tags over; 0012 drops the old column.

Taggit's global tags are split by the locale of the articles that carry them.

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
    ]
