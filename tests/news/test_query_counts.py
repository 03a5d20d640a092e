"""Every page costs the same number of queries whether the archive holds 10 or 10,000 articles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk.news.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def pages(measured):
    """The public pages, including a batch deep in the archive and a fully featured article."""
    from newsdesk.news.pagination import Cursor

    oldest = (
        Article.objects.live()
        .filter(locale__language_code="ru")
        .order_by("published_at", "id")
        .first()
    )
    deep_cursor = Cursor.after(oldest).encode()
    tag = measured.tags.first()
    return {
        "home": "/ru/",
        "all news": "/ru/news/",
        "all news, last batch": f"/ru/news/?after={deep_cursor}",
        "section": measured.section.url,
        "section, deep": f"{measured.section.url}?after={deep_cursor}",
        "tag": f"/ru/news/tag/{tag.slug}/",
        "article": measured.get_url(),
        "english home": "/en/",
        "search": "/ru/search/?q=" + measured.headline.split()[0],
        "search, newest first": "/ru/search/?sort=date&q=" + measured.headline.split()[0],
        "new stories (latest.json)": "/ru/news/latest.json",
    }


def index_everything():
    """Bulk loads bypass Article.save, and with it the search index (as `newsdesk demo` does)."""
    from wagtail.search.backends import get_search_backend

    articles = Article.get_indexed_objects().order_by("pk")
    for start in range(0, articles.count(), 2000):  # a bounded number of ids per query
        get_search_backend().add_bulk(Article, list(articles[start : start + 2000]))


def count_queries(client, urls):
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm the menu cache, renditions and the like
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_the_archive(client, demo_archive, make_article, photo):
    # One article with everything a page can show: photo, quote, inline photo, cross-link, tags,
    # and neighbours with photos in its section (the related block).
    neighbours = [
        make_article(
            section="politics", lead_image=photo, lead_image_caption="c", lead_image_credit="k"
        )
        for _ in range(6)
    ]
    body = [
        {
            "type": "paragraph",
            "value": f'<p>Text with <a linktype="article" id="{neighbours[0].pk}">a link</a>.</p>',
        },
        {
            "type": "quote",
            "value": {"text": "Quoted.", "speaker": "Someone", "source": "Somewhere"},
        },
        {"type": "image", "value": {"image": photo.pk, "caption": "Inline", "credit": "Us"}},
        {"type": "crosslink", "value": {"article": neighbours[1].pk}},
    ]
    measured = make_article(
        section="politics",
        lead_image=photo,
        lead_image_caption="c",
        lead_image_credit="k",
        body=body,
    )
    measured.tags.add("бюджет")
    measured.save()
    demo_archive(10, photos=2)
    index_everything()
    small = count_queries(client, pages(measured))
    # The 10,000 stories stay out of the search index, as after any bulk import: indexing them
    # would cost the suite half a minute, and a search's queries do not depend on the index's size
    # (bench/search.py times it at 100,000).
    demo_archive(10_000, photos=2)
    large = count_queries(client, pages(measured))
    assert Article.objects.count() > 10_000
    assert small == large
    # And stay modest: a cap per page so regressions show up.
    # The article with its extra sections, bylines, tags, translations and the articles it cites
    # (one query), every rendition, its log of corrections; the related block comes from the
    # cache (its teasers and their photos: two more when built, in the test below).
    assert large["article"] <= 3, large
    # Search: the ranking (or the page by date), the page's articles, their photos and the
    # photos' renditions.
    for name in ("search", "search, newest first"):
        assert large[name] <= 4, large
    assert large["new stories (latest.json)"] <= 1, large
    # Listings: the page itself, its articles and their photos (the tree walk, the edition's
    # sections and the page's translations come from the cached chrome).
    for name in ("all news", "all news, last batch", "tag"):
        assert large[name] <= 4, large
    # Sections also read the ids of articles listed there too, from an index of their own (in
    # the same round trip as the section's own articles on PostgreSQL).
    for name in ("section", "section, deep"):
        assert large[name] <= (4 if connection.vendor == "postgresql" else 5), large
    # The front page: one query for the newest of every section on PostgreSQL, one per section
    # where the database cannot combine limited queries (SQLite); one photo lookup for all.
    assert large["home"] <= (6 if connection.vendor == "postgresql" else 13), large


def test_an_article_rendered_first_after_a_publish_stays_within_eight_queries(
    client, demo_archive, make_article, photo
):
    """The first render of an article after a publish in its edition also works out its related
    reading (which stories are like it: one search): still within the issue's eight queries. The
    edition's own pieces (All news column, banner, ticker) are built once per publish by
    whichever page comes first, not by each article page."""
    from newsdesk.core import context_processors, dependencies

    neighbours = [make_article(section="politics", lead_image=photo) for _ in range(7)]
    demo_archive(10, photos=2)
    index_everything()
    article = neighbours[0]
    client.get(article.get_url())
    dependencies.bump(dependencies.edition("ru"), dependencies.article(article.pk))
    context_processors.get_chrome("ru")  # the edition's chrome: once per epoch, not per page
    client.get(neighbours[1].get_url())  # the first page after the publish builds the pieces
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_url())
    assert response.status_code == 200
    assert 'class="related"' in response.content.decode()
    assert len(queries) <= 8, [query["sql"][:120] for query in queries]
