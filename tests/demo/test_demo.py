"""The demo command makes a believable newsroom, and every page it makes answers 200."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from newsdesk.news.models import Article, SectionPage

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (it takes about ten seconds) in a transaction that is
    rolled back after it; each test's own transaction nests inside and is rolled back too."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", verbosity=0)
        yield
        transaction.set_rollback(True)


def test_demo_loads_enough_news_for_both_editions(demo):
    for language in ("ru", "en"):
        articles = Article.objects.live().filter(locale__language_code=language)
        assert articles.count() >= 300, language
        newest, oldest = (
            articles.order_by("-published_at").first(),
            articles.order_by("published_at").first(),
        )
        assert newest.published_at - oldest.published_at >= datetime.timedelta(days=60)
        assert articles.values("section").distinct().count() >= 6
    pairs = Article.objects.values("translation_key").annotate(n=Count("id")).filter(n=2).count()
    assert pairs >= 200
    bodies = [str(a.body.raw_data) for a in Article.objects.all()[:300]]
    assert sum("'quote'" in body for body in bodies) >= 250
    assert sum("'crosslink'" in body or 'linktype="article"' in body for body in bodies) >= 100
    with_photo = Article.objects.exclude(lead_image=None)
    assert with_photo.count() >= 400
    assert not with_photo.filter(lead_image_credit="").exists()
    assert not with_photo.filter(lead_image_caption="").exists()


def test_demo_is_loaded_only_once(demo):
    before = Article.objects.count()
    call_command("demo", verbosity=0)
    assert Article.objects.count() == before


def test_demo_text_is_readable_sentences_not_lorem_ipsum(demo):
    for article in Article.objects.all()[:200]:
        text = article.headline + " " + article.lead
        assert "lorem" not in text.lower()
        assert re.search(r"[{}]", text) is None, text  # every template slot filled


def test_every_demo_page_answers(client, demo):
    urls = ["/ru/", "/en/", "/ru/news/", "/en/news/"]
    urls += [page.url for page in SectionPage.objects.live()]
    urls += [
        "/ru/about/",
        "/ru/contacts/",
        "/ru/advertising/",
        "/ru/editorial-policy/",
        "/ru/privacy/",
    ]
    urls += [
        "/en/about/",
        "/en/contacts/",
        "/en/advertising/",
        "/en/editorial-policy/",
        "/en/privacy/",
    ]
    # Every article would take a while; a spread across the archive, both editions.
    articles = list(Article.objects.live().order_by("id"))
    urls += [article.get_url() for article in articles[:: max(1, len(articles) // 48)]]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_demo_has_a_live_looking_ticker_in_both_editions(client, demo):
    from newsdesk.rates.models import Rate

    assert Rate.objects.filter(provider="cbr").values("date").distinct().count() >= 60
    assert Rate.objects.filter(provider="ecb").values("date").distinct().count() >= 60
    for language in ("ru", "en"):
        html = client.get(f"/{language}/").content.decode()
        assert html.count('class="ticker__value"') == 3
        assert html.count('class="ticker__change ') == 3
        assert "ticker__asof" not in html
