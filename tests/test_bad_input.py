"""Bad input gets a clear 4xx answer in the reader's language, never a 500."""

import datetime
import string
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

KNOWN_PREFIXES = [
    "/ru/",
    "/en/",
    "/ru/news/",
    "/en/news/",
    "/ru/news/2025/05/27/",
    "/ru/news/tag/",
    "/ru/politics/",
    "/en/about/",
    "/ru/feeds/",
    "/ru/feeds/rss/",
    "/en/feeds/section/",
    "/sitemaps/",
    "/ru/rates/",
    "/en/rates/usd/",
    "/admin/",
    "/static/",
    "/media/",
    "/xx/",
    "/",
]
SEGMENT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)
ASCII_SEGMENT = st.text(alphabet=string.ascii_letters + string.digits + "-_.~%", max_size=30)


@pytest.fixture
def archive(make_article):
    make_article(
        published_at=datetime.datetime(2025, 5, 27, 9, tzinfo=datetime.UTC),
        headline="Тестовая новость",
    )
    return make_article


@pytest.mark.parametrize(
    "url",
    [
        "/ru/news/?after=",
        "/ru/news/?after=-1-1",
        "/ru/news/?after=1e9-1",
        "/ru/news/?after=999999999999999999-9999999999999999999",
        "/ru/news/?after=%00",
        "/ru/news/?after=%ff%fe",
        "/ru/news/?after=" + "9" * 5000,
        "/ru/politics/?after=abc",
        "/ru/news/tag/x/?after=1-x",
        "/ru/news/2025/13/45/slug/",
        "/ru/news/0000/00/00/slug/",
        "/ru/news/9999/99/99/slug/",
        "/ru/news/2025/05/27/" + "a" * 3000 + "/",
        "/ru/news/2025/05/27/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82/",
        "/ru/news/2025/05/27/%00/",
        "/ru/news/tag/%ff/",
        "/ru/news/tag/" + quote("<script>") + "/",
        "/ru/../../etc/passwd",
        "/ru/news/..%2f..%2fsettings.py",
        "/ru/?page=-1",
        "/ru/?page=abc&after=1-1",
        "/en/news/?after=1-1&after=2-2",
        "/ru/news/?%ff=%ff",
    ],
)
def test_malformed_addresses_get_a_4xx_or_a_page_never_a_500(client, archive, url):
    response = client.get(url)
    assert response.status_code < 500, url
    if response.status_code >= 400 and url.startswith("/ru/"):
        assert response["Content-Type"].startswith("text/html")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    prefix=st.sampled_from(KNOWN_PREFIXES),
    segments=st.lists(st.one_of(SEGMENT, ASCII_SEGMENT), max_size=4),
    query=st.dictionaries(
        st.sampled_from(["after", "page", "q", "x", "lang"]),
        st.one_of(SEGMENT, ASCII_SEGMENT),
        max_size=3,
    ),
)
def test_fuzzed_public_urls_never_answer_500(client, archive, prefix, segments, query):
    path = prefix + "/".join(quote(segment, safe="") for segment in segments)
    response = client.get(path, query)
    assert response.status_code < 500, (path, query)


# Every kind of text an address hands to a query: feed, tag and section slugs, author ids, page
# paths, the search and its filters, cursors, rates periods, sitemap pages. PostgreSQL cannot
# even be asked about a NUL character.
NUL_ADDRESSES = [
    *(f"/ru/feeds/tag/a%00b/{fmt}/" for fmt in ("rss", "atom", "json", "yandex")),
    "/ru/feeds/section/a%00b/rss/",
    "/ru/feeds/a%00b/",
    "/ru/news/tag/a%00b/",
    "/ru/news/author/1%00/",
    "/ru/news/2025/05/27/a%00b/",
    "/ru/a%00b/",
    "/ru/search/?q=a%00b",
    "/ru/search/?q=a&section=%00",
    "/ru/search/?q=a&after=1%00-1",
    "/ru/news/?after=1%00-1",
    "/ru/politics/?after=%00",
    "/ru/news/latest.json?after=%00",
    "/ru/rates/?days=3%000",
    "/ru/rates/USD%00/",
    "/sitemaps/ru-pages.xml?p=%00",
    "/ru/news/?a%00b=1",
]


@pytest.mark.parametrize("url", NUL_ADDRESSES)
def test_a_nul_character_anywhere_in_an_address_is_a_404_in_the_readers_language(
    client, archive, url
):
    response = client.get(url)
    assert response.status_code == 404, url
    assert "Страница не найдена" in response.content.decode()


@pytest.mark.parametrize(
    "url,why",
    [
        ("/ru/news/?after=abc", "cursor"),
        ("/ru/politics/?after=1-x", "cursor"),
        ("/ru/rates/?days=7", "days"),
        ("/ru/rates/?days=%0A7", "days"),
    ],
)
def test_a_malformed_cursor_or_period_logs_one_line_not_a_traceback(
    client, archive, caplog, url, why
):
    with caplog.at_level("INFO"):
        response = client.get(url)
    assert response.status_code == 400
    assert "Неверный запрос" in response.content.decode()
    records = [record for record in caplog.records if record.levelname != "INFO"]
    assert len(records) == 1, [record.getMessage() for record in records]
    assert records[0].levelname == "WARNING" and records[0].exc_info is None
    message = records[0].getMessage()
    assert url.split("?")[0] in message and why in message
    assert "\n" not in message  # what the reader typed cannot forge log lines
