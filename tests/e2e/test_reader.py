"""What a reader does, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_home_page_shows_the_lead_story_sections_and_all_news(page, live_site):
    page.goto(live_site + "/ru/")
    expect(page).to_have_title(re.compile("Ньюсдеск"))
    expect(page.locator(".lead-story h3 a")).to_be_visible()
    expect(page.locator("#site-menu")).to_contain_text("Политика")
    expect(page.locator(".all-news-column li")).to_have_count(12)
    expect(page.locator("footer")).to_contain_text("Агрегаторы")


def test_reader_opens_an_article_from_the_home_page(page, live_site):
    page.goto(live_site + "/ru/")
    headline = page.locator(".teaser-grid .teaser__title a").first
    title = headline.inner_text()
    headline.click()
    expect(page).to_have_url(re.compile(r"/ru/news/\d{4}/\d{2}/\d{2}/[-\w]+/$"))
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".article__meta time").first).to_be_visible()
    expect(page.locator(".breadcrumbs")).to_contain_text("Главная")


def test_show_more_news_appends_batches_in_place_twice(page, live_site):
    page.goto(live_site + "/ru/news/")
    items = page.locator("[data-news-list] .news-day__items > li")
    expect(items).to_have_count(20)
    page.evaluate("window.__notReloaded = true")
    url = page.url
    button = page.get_by_role("link", name="Показать ещё новости")
    button.click()
    expect(items).to_have_count(40)
    button.click()
    expect(items).to_have_count(60)
    assert page.evaluate("window.__notReloaded") is True
    assert page.url == url
    headlines = items.locator(".teaser__title a").all_inner_texts()
    links = items.locator(".teaser__title a").evaluate_all("els => els.map(e => e.href)")
    assert len(set(links)) == 60, "no article appears twice"
    assert len(headlines) == 60
    # Date headings are not repeated when a batch continues the same day.
    days = page.locator(".news-day").evaluate_all("els => els.map(e => e.dataset.day)")
    assert len(days) == len(set(days))


def test_show_more_news_works_without_javascript(browser_context, live_site):
    page = browser_context(java_script_enabled=False).new_page()
    page.goto(live_site + "/en/news/")
    page.get_by_role("link", name="Show more news").click()
    expect(page).to_have_url(re.compile(r"/en/news/\?after=\d+-\d+$"))
    expect(page.locator("[data-news-list] .news-day__items > li")).to_have_count(20)


def test_language_switch_on_an_article_lands_on_its_translation(page, live_site):
    page.goto(live_site + "/ru/news/")
    links = page.locator(".teaser__title a").evaluate_all("els => els.map(e => e.href)")
    for link in links:
        page.goto(link)
        if page.locator('link[rel="alternate"][hreflang="en"]').count():
            break
    else:
        pytest.fail("no translated article among the newest 20")
    expected = page.locator('link[rel="alternate"][hreflang="en"]').get_attribute("href")
    page.locator(".lang-switch").get_by_role("link", name="English").click()
    expect(page).to_have_url(expected)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".lang-switch a[aria-current]")).to_have_text("English")
    # And back again.
    page.locator(".lang-switch").get_by_role("link", name="Русский").click()
    expect(page).to_have_url(re.compile(r"/ru/news/\d{4}/"))


def test_menu_folds_behind_a_button_on_a_phone(phone, live_site):
    phone.goto(live_site + "/en/")
    menu = phone.locator("#site-menu")
    button = phone.get_by_role("button", name="Menu")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    menu.get_by_role("link", name="Economy").click()
    expect(phone).to_have_url(live_site + "/en/economy/")
    expect(phone.locator("h1")).to_have_text("Economy")
    # No horizontal scrolling on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_unknown_address_shows_a_404_page_in_the_readers_language(page, live_site):
    response = page.goto(live_site + "/en/news/2025/01/01/no-such-story/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    response = page.goto(live_site + "/ru/news/?after=broken")
    assert response.status == 400
    expect(page.locator("h1")).to_have_text("Неверный запрос")


def test_ticker_is_visible_on_a_phone_with_three_currencies(phone, live_site):
    phone.goto(live_site + "/ru/")
    ticker = phone.locator("a.ticker")
    expect(ticker).to_be_visible()
    for symbol in ("$", "€", "¥"):
        expect(ticker.locator(".ticker__symbol", has_text=symbol)).to_be_visible()
    expect(ticker.locator(".ticker__value")).to_have_count(3)
    expect(ticker.locator(".ticker__change")).to_have_count(3)
    box = ticker.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_ticker_shows_the_rate_date_on_focus_and_leads_to_the_rates_page(page, live_site):
    page.goto(live_site + "/en/")
    ticker = page.locator("a.ticker")
    ticker.focus()
    expect(page.locator("#ticker-date")).to_be_visible()
    expect(page.locator("#ticker-date")).to_contain_text("Official rates for")
    ticker.click()
    expect(page).to_have_url(live_site + "/en/rates/")
    expect(page.locator("svg[role=img]")).to_have_count(3)
    expect(page.locator(".rates-table tbody tr")).to_have_count(12)
