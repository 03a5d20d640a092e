"""An article's save keeps the listings' entries, citations, corrections log and the sitemap
index's month counts in step (news.publishing) when it publishes, and leaves them alone when
Wagtail only locks the article or stores a draft of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import rich_text, streamfield

from newsdesk.news.models import ArchiveMonth, Article, ArticleCitation, ExtraSectionEntry
from tests.back_office import article_form, user_in

pytestmark = pytest.mark.django_db

# The tables of what a publication keeps in step besides the article's row.
BOOKKEEPING_TABLES = (
    "news_archivemonth",
    "news_extrasectionentry",
    "news_articlecitation",
    "news_articlechange",
)


def bookkeeping_queries(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if any(table in query["sql"] for table in BOOKKEEPING_TABLES)
    ]


@pytest.fixture
def published(client, site, photo, make_article):
    """An editor's article, published through the back office in two sections and citing an
    earlier story."""
    earlier = make_article(headline="Парк заложили год назад")
    client.force_login(user_in("Editors"))
    response = client.post(
        "/admin/snippets/news/article/add/?locale=ru",
        {
            **article_form(
                site,
                photo,
                body=streamfield(
                    [
                        ("paragraph", rich_text("<p>В парке высадили сотни деревьев.</p>")),
                        ("crosslink", {"article": earlier.pk}),
                    ]
                ),
            ),
            "also_in": [site["ru"].sections["economy"].pk],
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    assert ArticleCitation.objects.filter(source=article, target=earlier).exists()
    assert ArchiveMonth.objects.filter(locale=article.locale).exists()
    return article


def test_locking_an_article_in_the_back_office_leaves_its_listings_citations_and_month_counts_alone(
    client, published
):
    with CaptureQueriesContext(connection) as lock:
        response = client.post(f"/admin/snippets/news/article/lock/{published.pk}/")
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.locked
    assert bookkeeping_queries(lock.captured_queries) == []
    with CaptureQueriesContext(connection) as unlock:
        client.post(f"/admin/snippets/news/article/unlock/{published.pk}/")
    published.refresh_from_db()
    assert not published.locked
    assert bookkeeping_queries(unlock.captured_queries) == []


def test_saving_a_draft_in_the_back_office_leaves_the_published_bookkeeping_alone_until_it_is_published(
    client, site, photo, published
):
    economy, regions = site["ru"].sections["economy"], site["ru"].sections["regions"]
    edit = f"/admin/snippets/news/article/edit/{published.pk}/"
    draft = {**article_form(site, photo, slug=published.slug), "also_in": [regions.pk]}
    with CaptureQueriesContext(connection) as saving:
        response = client.post(edit, draft)
    assert response.status_code == 302, response.content.decode()[:2000]
    published.refresh_from_db()
    assert published.has_unpublished_changes
    assert bookkeeping_queries(saving.captured_queries) == []
    listed = ExtraSectionEntry.objects.filter(article=published)
    assert [entry.section_id for entry in listed] == [economy.pk]
    # Its publication does all of it: the entries follow the published sections.
    with CaptureQueriesContext(connection) as publishing:
        response = client.post(edit, {**draft, "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert bookkeeping_queries(publishing.captured_queries) != []
    assert [entry.section_id for entry in listed.all()] == [regions.pk]
