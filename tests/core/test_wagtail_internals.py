"""Where Newsdesk reaches into Wagtail's internals for speed (newsdesk.core.wagtail_internals),
it answers what Wagtail itself answers; and a Wagtail they were not checked against fails the
system check."""

import pytest
import wagtail
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.images.models import Filter
from wagtail.models import Page
from wagtail.search.query import MATCH_ALL

from newsdesk.core.context_processors import get_chrome
from newsdesk.core.wagtail_internals import CHECKED_WAGTAIL, image_filters, version_problems
from newsdesk.core.wagtail_internals.serving import serve_page
from newsdesk.core.wagtail_internals.site_paths import SiteRootPathsMixin

pytestmark = pytest.mark.django_db

# Every spec the site renders, and some Wagtail parses otherwise (quality, focal point, bg).
SPECS = [
    "fill-480x270|format-webp",
    "fill-960x540|format-webp",
    "width-480|format-webp",
    "fill-1200x630",
    "fill-1920x1080",
    "width-1200",
    "max-800x600|jpegquality-70",
    "fill-300x300-c75|format-png",
    "original",
]


def parsed(operations):
    return [(type(operation), vars(operation)) for operation in operations]


@pytest.mark.parametrize("spec", SPECS)
def test_image_filters_share_the_operations_wagtail_parses_from_each_spec(spec):
    shared = Filter(spec=spec).operations
    assert Filter(spec=spec).operations is shared  # parsed once, then shared
    assert parsed(shared) == parsed(image_filters.wagtail_parse(Filter(spec=spec)))


def test_pages_know_the_site_root_paths_wagtail_reads_for_them(site):
    pages = [page.specific for page in Page.objects.filter(depth__gt=1)]
    assert pages and all(isinstance(page, SiteRootPathsMixin) for page in pages)
    for page in pages:
        assert page._get_site_root_paths() == Page._get_site_root_paths(page)
        assert page.get_url() == Page.get_url(page)


def served(view, path):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    response = view(request, path.split("/", 2)[2])
    if hasattr(response, "render"):
        response.render()
    return response.status_code, response.content


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_edition_s_pages_are_served_as_wagtail_serves_them(make_article, language):
    article = make_article(language=language)
    article.tags.add("мост" if language == "ru" else "bridge")
    article.save()  # the tag's listing entries
    tag = article.tags.get()
    with translation.override(language):
        edition = get_chrome(language)
        paths = [*edition.routes, f"{edition.all_news_url}tag/{tag.slug}/"]
        assert len(paths) >= 10  # home, sections, All news, information pages, a tag's page
        for path in paths:
            ours, wagtails = served(serve_page, path), served(wagtail_views.serve, path)
            assert ours == wagtails, path


def test_the_search_backend_finds_and_ranks_what_wagtail_s_own_finds(postgresql, publish):
    from wagtail.search.backends import get_search_backend
    from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend

    from newsdesk.core.wagtail_internals.search import SearchBackend
    from newsdesk.news.models import Article

    for number, headline in enumerate(
        ["Мост закрыли на ремонт", "Ремонт моста продлили", "Выборы в городе", "Новый мост"]
    ):
        publish(headline=headline, lead=f"Заметка {number} о городе")
    ours = get_search_backend()
    assert isinstance(ours, SearchBackend)
    wagtails = PostgresSearchBackend({"SEARCH_CONFIG": "simple"})
    queryset = Article.objects.live().order_by("pk")
    for query in ["мост", "ремонт мост", "город", "нет такого"]:
        found = ours.search(query, queryset, order_by_relevance=True)
        expected = wagtails.search(query, queryset, order_by_relevance=True)
        assert [a.pk for a in found] == [a.pk for a in expected], query
    assert [a.pk for a in ours.search(MATCH_ALL, queryset)] == [
        a.pk for a in wagtails.search(MATCH_ALL, queryset)
    ]


def index_entries(model) -> list[tuple]:
    from wagtail.search.backends.database.postgres.postgres import IndexEntry

    return list(
        IndexEntry.objects.filter(content_type__model=model._meta.model_name)
        .order_by("object_id")
        .values_list(
            "object_id", "title", "autocomplete", "body", "title_norm", "title_text", "body_text"
        )
    )


def test_the_search_index_holds_the_entries_wagtail_s_own_indexing_writes(
    postgresql, publish, make_article
):
    from wagtail.search.backends import get_search_backend
    from wagtail.search.backends.database.postgres.postgres import (
        IndexEntry,
        PostgresSearchBackend,
    )

    from newsdesk.core.models import InfoPage
    from newsdesk.core.wagtail_internals.search import indexed_texts
    from newsdesk.news.models import Article, Author

    tagged = publish(headline="Ремонт моста продлили до весны", lead="Движение закрыто")
    tagged.tags.add("мост", "ремонт")
    tagged.save()
    publish(language="en", headline="The bridge stays shut", lead="", section="economy")
    publish(
        headline="Ёлки   на площади",
        lead="  ",
        body=[{"type": "paragraph", "value": "<p>Свет и <b>шум</b></p>"}],
    )
    articles = list(Article.get_indexed_objects().order_by("pk"))
    pages = list(InfoPage.objects.order_by("pk"))
    authors = list(Author.objects.order_by("pk"))
    assert len(articles) >= 3 and pages and authors
    ours = get_search_backend()
    wagtails = PostgresSearchBackend({"SEARCH_CONFIG": "simple"})
    assert all(indexed_texts(model) for model in (Article, InfoPage, Author))  # none falls back
    for model, objects in [(Article, articles), (InfoPage, pages), (Author, authors)]:
        ours.get_index_for_model(model).add_items(model, objects)
        written = index_entries(model)
        assert len(written) == len(objects), model
        assert all(body or title for _id, title, _auto, body, *_rest in written), model
        IndexEntry.objects.all().delete()
        wagtails.get_index_for_model(model).add_items(model, objects)
        assert written == index_entries(model), model


def test_a_rebuild_removes_the_entries_wagtail_removes_without_comparing_every_pair(
    postgresql, publish
):
    """The entries of objects that are gone, and only those, as Wagtail's own rebuild (whose
    NOT IN compares every entry with every key once the keys outgrow work_mem)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.search.backends import get_search_backend
    from wagtail.search.backends.database.postgres.postgres import (
        PostgresSearchBackend,
        get_content_type_pk,
    )

    from newsdesk.news.models import Article

    kept = [publish(headline=f"Мост номер {number}") for number in range(3)]
    index = get_search_backend().get_index_for_model(Article)
    index.add_items(Article, list(Article.get_indexed_objects()))
    entries = index.entries.filter(content_type_id=get_content_type_pk(Article))
    entry = entries.get(object_id=str(kept[0].pk))

    def with_stale_entries():
        for gone in (kept[-1].pk + 1000, kept[-1].pk + 1001):
            entries.model.objects.create(
                content_type_id=entry.content_type_id,
                object_id=str(gone),
                title=entry.title,
                autocomplete=entry.autocomplete,
                body=entry.body,
            )

    with_stale_entries()
    wagtails = PostgresSearchBackend({"SEARCH_CONFIG": "simple"}).get_index_for_model(Article)
    wagtails.delete_stale_model_entries(Article)
    left_by_wagtail = sorted(index.entries.values_list("content_type_id", "object_id"))
    with_stale_entries()
    with CaptureQueriesContext(connection) as queries:
        index.delete_stale_model_entries(Article)
    (delete,) = [query["sql"] for query in queries if query["sql"].startswith("DELETE")]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {delete}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Anti Join" in plan and "SubPlan" not in plan, plan
    assert sorted(index.entries.values_list("content_type_id", "object_id")) == left_by_wagtail
    assert {str(article.pk) for article in kept} <= {key for _type, key in left_by_wagtail}
    assert not {str(kept[-1].pk + 1000), str(kept[-1].pk + 1001)} & {
        key for _type, key in left_by_wagtail
    }


def test_the_wagtail_these_were_checked_against_passes_the_system_check():
    assert tuple(wagtail.VERSION[:2]) == CHECKED_WAGTAIL
    assert version_problems(wagtail.VERSION) == []


def test_another_wagtail_fails_the_system_check_until_these_are_checked_again():
    (problem,) = version_problems((8, 0, 0, "final", 1))
    assert problem.id == "newsdesk.E001" and problem.is_serious()
    assert "Wagtail 7.4" in problem.msg and "Wagtail 8.0.0" in problem.msg
