"""Indexes the reader's search needs on PostgreSQL (bench/search.py measured them).

Wagtail's PostgreSQL search matches `title || body` of its index entries, but ships GIN indexes
on each column alone: every search read all 100,000 entries (480 ms for one word). And it joins
entries to articles on `object_id = article.id::varchar`, which the article's primary key cannot
answer: the join read every live article of the edition. An expression index on each side lets
PostgreSQL find the matching entries in the GIN index and look each article up by key (about
80 ms for a word in 5,800 of 100,000 articles). SQLite searches its FTS5 table instead: nothing
to do there.
"""

from django.db import migrations

INDEXES = [
    (
        "newsdesk_search_title_body_gin",
        "wagtailsearch_indexentry USING gin ((title || body))",
    ),
    ("newsdesk_article_id_as_text", "news_article (((id)::varchar(50)))"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
    # Statistics for the expression indexes now, not at the next autovacuum: without them the
    # planner guessed 500 matches per key and chose plans that took seconds.
    schema_editor.execute("ANALYZE news_article")
    schema_editor.execute("ANALYZE wagtailsearch_indexentry")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0008_article_citations"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
