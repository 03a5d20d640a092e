"""The site on a 390 × 844 phone: nothing scrolls sideways, and the news starts on the first
screen, under a compact header that still has the menu, the ticker and search at hand."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 390, 844
# The header (logo, languages, buttons, ticker) may take this much of the first screen.
HEADER_SHARE = 0.15
# Screenshots to look at after a run (not compared: a person reads them).
SCREENSHOTS = Path(os.environ.get("NEWSDESK_VAR_DIR", "var/test")) / "screenshots"
SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def phone390(browser_context):
    context = browser_context(
        viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True, has_touch=True
    )
    return context.new_page()


def an_article(tab, live_site, language):
    tab.goto(f"{live_site}/{language}/news/")
    return tab.locator("[data-news-list] .teaser__title a").first.get_attribute("href")


def test_no_main_page_scrolls_sideways_on_a_390_pixel_phone(phone390, live_site):
    for language in ["ru", "en"]:
        pages = [
            f"/{language}/",
            f"/{language}/news/",
            f"/{language}/economy/",
            f"/{language}/rates/",
            f"/{language}/rates/USD/",
            f"/{language}/search/?q=a",
            f"/{language}/about/",
            an_article(phone390, live_site, language),
        ]
        for path in pages:
            phone390.goto(live_site + path)
            # Against the phone's width, not window.innerWidth: a mobile browser widens its
            # layout viewport to whatever overflows, and innerWidth with it.
            width = phone390.evaluate("document.documentElement.scrollWidth")
            assert width <= WIDTH, f"{path} is {width} px wide on a {WIDTH} px phone"


@pytest.mark.parametrize("path", ["/ru/", "/en/", "/ru/news/", "/en/news/"])
def test_the_first_headline_is_on_a_phones_first_screen_under_a_compact_header(
    phone390, live_site, path
):
    phone390.goto(live_site + path)
    header = phone390.locator(".site-header").bounding_box()
    assert header["y"] + header["height"] <= HEIGHT * HEADER_SHARE, (
        f"the header takes {header['height'] / HEIGHT:.0%} of the first screen"
    )
    headline = phone390.locator("main :is(h2, h3) a").first.bounding_box()
    assert headline["y"] >= 0 and headline["y"] + headline["height"] <= HEIGHT
    # The ticker is on the first screen, on one line.
    ticker = phone390.locator("a.ticker")
    expect(ticker).to_be_visible()
    assert ticker.bounding_box()["height"] < 40


def test_search_and_the_menu_open_from_the_compact_phone_header(phone390, live_site):
    phone390.goto(live_site + "/en/")
    search_box = phone390.locator("#site-search-q")
    expect(search_box).to_be_hidden()
    phone390.get_by_role("button", name="Search").click()
    expect(search_box).to_be_visible()
    expect(search_box).to_be_focused()
    search_box.fill("election")
    search_box.press("Enter")
    expect(phone390).to_have_url(re.compile(r"/en/search/\?q=election"))
    # The menu opens in its place (one panel at a time) and leads to a section.
    phone390.get_by_role("button", name="Search").click()
    phone390.get_by_role("button", name="Menu").click()
    expect(search_box).to_be_hidden()
    phone390.locator("#site-menu").get_by_role("link", name="Economy").click()
    expect(phone390.locator("h1")).to_have_text("Economy")


def test_the_all_news_column_is_beside_an_article_on_a_desktop_and_after_it_on_a_phone(
    page, phone390, live_site
):
    path = an_article(page, live_site, "ru")
    page.goto(live_site + path)
    article = page.locator("article.article").bounding_box()
    column = page.locator(".article-column").bounding_box()
    assert column["x"] >= article["x"] + article["width"]  # beside it
    assert column["y"] < article["y"] + article["height"] / 2
    expect(page.locator(".article-column .show-more")).to_be_visible()
    assert page.locator(".article-column h3 time").count() >= 1  # grouped by date
    page.screenshot(path=str(SCREENSHOTS / "article-desktop.png"))

    phone390.goto(live_site + path)
    article = phone390.locator("article.article").bounding_box()
    column = phone390.locator(".article-column").bounding_box()
    assert column["y"] >= article["y"] + article["height"]  # after it
    expect(phone390.locator(".share-links a").first).to_be_visible()
    phone390.screenshot(path=str(SCREENSHOTS / "article-phone.png"), full_page=True)
