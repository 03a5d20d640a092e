"""An archive loaded in bulk is searchable as soon as the load ends, indexed in several
processes on PostgreSQL, with the same entries one process writes."""

import os

import pytest

from tests.components import require
from tests.databases import database_of_its_own, site_env
from tests.processes import newsdesk, shell_line

ENTRIES = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*), md5(string_agg(object_id || title::text || body::text"
                   " || autocomplete::text || body_text, '|' ORDER BY content_type_id, object_id))"
                   " FROM wagtailsearch_indexentry JOIN django_content_type kind"
                   " ON kind.id = content_type_id WHERE (app_label, model) = ('news', 'article')")
    print(*cursor.fetchone())
"""
UNINDEXED = """
from django.contrib.contenttypes.models import ContentType
from wagtail.search.models import IndexEntry
from newsdesk.news.models import Article
article = ContentType.objects.get_for_model(Article)
print(Article.objects.count() - IndexEntry.objects.filter(content_type=article).count())
"""


@pytest.fixture
def postgres_site(tmp_path, request):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        if os.environ.get("NEWSDESK_POSTGRES_RUN_FOLLOWS"):
            pytest.skip("indexing in several processes is checked in the PostgreSQL run")
        require("PostgreSQL", False, "set DATABASE_URL=postgres://… to index in several processes")
    return site_env(tmp_path, database_of_its_own(tmp_path, request, "bulkindex"))


@pytest.mark.slow
def test_a_bulk_loaded_archive_is_indexed_in_several_processes_as_one_process_indexes_it(
    postgres_site,
):
    loaded = newsdesk(postgres_site, "demo", "--articles", "1200", "--processes", "2", "-v1")
    assert "Search index updated." in loaded.stdout
    assert "Search index: 100%" in loaded.stderr, loaded.stderr[-500:]
    assert shell_line(postgres_site, UNINDEXED) == "0"
    by_two = shell_line(postgres_site, ENTRIES)
    count, _digest = by_two.split()
    assert int(count) > 2000  # about 1.74 articles a story
    newsdesk(postgres_site, "update_index", "--processes", "1", "-v0")
    assert shell_line(postgres_site, ENTRIES) == by_two
