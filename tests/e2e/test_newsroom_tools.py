"""Search, live "new stories", scheduled publishing and corrections, in a real browser against
`newsdesk serve` (and `newsdesk worker` where the test needs it)."""

import datetime
import json
import re
import uuid
import zoneinfo

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.back_office import write_article

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("language", "typed", "form_found"),
    [
        ("ru", "Томск", re.compile(r"^томск[аеуо]?м?$", re.I)),
        ("en", "clinic", re.compile(r"^clinic(s|al)?$", re.I)),
    ],
)
def test_a_search_from_the_header_finds_other_forms_of_a_word_and_highlights_them(
    page, live_site, language, typed, form_found
):
    page.goto(f"{live_site}/{language}/")
    page.fill("#site-search-q", typed)
    page.press("#site-search-q", "Enter")
    expect(page).to_have_url(re.compile(rf"/{language}/search/\?q="))
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    marks = page.locator(".search-result mark").all_inner_texts()
    # Every highlight is a form of the word, and the results include forms other than the typed one.
    assert marks and all(form_found.match(mark) for mark in marks), sorted(set(marks))
    assert any(mark.lower() != typed.lower() for mark in marks), marks


def test_an_article_published_by_an_editor_appears_as_new_stories_on_an_open_all_news_page(
    page, editor, live_site, society_section_id
):
    page.goto(live_site + "/ru/news/")
    first_before = page.locator(".news-day__items > li").first.inner_text()
    expect(page.locator(".new-stories__button")).to_have_count(0)

    headline = f"Новость для открытой ленты {uuid.uuid4().hex[:6]}"
    write_article(editor, live_site, society_section_id, headline)

    button = page.locator(".new-stories__button")
    expect(button).to_have_text(re.compile(r"^1 свежая новость — показать$"), timeout=15_000)
    button.click()
    expect(page.locator(".news-day__items > li").first).to_contain_text(headline)
    expect(page.locator(".news-day__items > li").nth(1)).to_have_text(first_before)
    expect(button).to_have_count(0)
    # Nothing was reloaded: the page is the one the reader opened.
    assert page.url == live_site + "/ru/news/"


def test_new_stories_are_not_announced_without_javascript(
    browser_context, editor, live_site, society_section_id
):
    reader = browser_context(java_script_enabled=False).new_page()
    reader.goto(live_site + "/ru/news/")
    write_article(
        editor, live_site, society_section_id, f"Новость без скриптов {uuid.uuid4().hex[:6]}"
    )
    reader.wait_for_timeout(3000)
    expect(reader.locator(".new-stories, .new-stories__button")).to_have_count(0)


def test_a_scheduled_article_goes_live_on_time_with_the_worker_running(
    page, editor, live_site, society_section_id, worker
):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    # The admin schedules to the minute: the first whole minute at least 10 seconds away (the
    # form takes about three to fill in and publish).
    soon = datetime.datetime.now(zone) + datetime.timedelta(seconds=10)
    go_live = soon.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    headline = f"Запланированная новость {uuid.uuid4().hex[:6]}"
    write_article(
        editor,
        live_site,
        society_section_id,
        headline,
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )

    page.goto(live_site + "/ru/news/")
    expect(page.locator(".news-list")).not_to_contain_text(headline)
    # Live within seconds of its time: the worker runs scheduled publishing every 2 seconds here
    # (15 by default), and the publish refreshes the cached page.
    wait_until = go_live + datetime.timedelta(seconds=20)
    while datetime.datetime.now(zone) < wait_until:
        page.reload()
        if headline in page.locator(".news-list").inner_text():
            break
        page.wait_for_timeout(1000)
    published_at = datetime.datetime.now(zone)
    expect(page.locator(".news-list")).to_contain_text(headline)
    assert published_at >= go_live, "published before its time"


def test_a_correction_appears_on_the_article_and_changes_date_modified(
    page, editor, live_site, society_section_id
):
    headline = f"Новость, которую поправят {uuid.uuid4().hex[:6]}"
    write_article(editor, live_site, society_section_id, headline)
    page.goto(live_site + "/ru/news/")
    page.get_by_role("link", name=headline).first.click()
    article_url = page.url

    def date_modified():
        for text in page.locator('script[type="application/ld+json"]').all_text_contents():
            data = json.loads(text)
            if data.get("@type") == "NewsArticle":
                return data["dateModified"]
        raise AssertionError("no NewsArticle data")

    before = date_modified()
    expect(page.locator("#changes")).to_have_count(0)

    # The editor finds the article in the back office by its headline and corrects it.
    editor.goto(live_site + "/admin/snippets/news/article/?q=" + headline)
    editor.get_by_role("link", name=headline).first.click()
    editor.check('input[name="change_kind"][value="correction"]')
    note = "Уточнено название района: речь идёт о Советском районе."
    editor.fill("#id_change_note", note)
    editor.locator("footer .w-dropdown__toggle").first.click()
    editor.locator('button[name="action-publish"]').click()
    expect(editor.locator(".messages")).to_be_visible()

    page.goto(article_url)
    changes = page.locator("#changes")
    expect(changes).to_contain_text("Исправление:")
    expect(changes).to_contain_text(note)
    expect(page.locator(".article__meta .updated")).to_be_visible()
    after = date_modified()
    assert datetime.datetime.fromisoformat(after) > datetime.datetime.fromisoformat(before)
