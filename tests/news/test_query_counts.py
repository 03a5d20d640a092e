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
    }


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
    small = count_queries(client, pages(measured))
    demo_archive(10_000, photos=2)
    large = count_queries(client, pages(measured))
    assert Article.objects.count() > 10_000
    assert small == large
    # And stay modest: a cap per page so regressions show up.
    # The article (with its extra sections), bylines, tags, translations, related, photos in the
    # text, the articles it cites (see-also blocks and inline links together), every rendition.
    assert large["article"] <= 8, large
    # Listings: the page itself, its articles and their photos (the tree walk is skipped).
    for name in ("all news", "all news, last batch", "tag"):
        assert large[name] <= 6, large
    # Sections also read the ids of articles listed there too, from an index of their own (in
    # the same round trip as the section's own articles on PostgreSQL).
    for name in ("section", "section, deep"):
        assert large[name] <= (7 if connection.vendor == "postgresql" else 8), large
    # The front page: one query for the newest of every section on PostgreSQL, one per section
    # where the database cannot combine limited queries (SQLite).
    assert large["home"] <= (13 if connection.vendor == "postgresql" else 20), large
