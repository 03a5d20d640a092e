"""Tags belong to an edition: the old column to taggit's tags goes (0010 says why in steps)."""

import django.db.models.deletion
from django.db import migrations, models

import newsdesk.news.tags


class Migration(migrations.Migration):
    dependencies = [("news", "0011_edition_tags_data")]

    operations = [
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
