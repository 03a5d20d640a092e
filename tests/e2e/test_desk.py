"""The desk in Chromium against `newsdesk serve`, with Wagtail's autosave on as editors have it:
an editor's own autosaves never count as another editor's save, while a real second editor's
save over a newer version is still refused."""

import os
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.back_office import write_article

pytestmark = pytest.mark.e2e

CONFLICT = "Another editor saved this article after you opened it"


def log_in(browser_context, live_site, username):
    tab = browser_context(viewport={"width": 1280, "height": 900}).new_page()
    tab.goto(live_site + "/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", os.environ.get("DEMO_PASSWORD", "newsdesk-demo"))
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url(live_site + "/admin/")
    return tab


def open_article(tab, live_site, headline):
    tab.goto(live_site + "/admin/snippets/news/article/?q=" + headline)
    tab.get_by_role("link", name=headline, exact=True).first.click()
    expect(tab.locator("#id_headline")).to_have_value(headline)
    # Wagtail's unsaved-changes watcher takes the form as loaded two seconds after the page
    # opens; what is typed earlier counts as loaded and is not autosaved.
    tab.wait_for_timeout(2500)


def autosaved(tab):
    """Waits for the autosave that the block's edit sends (Wagtail's, 0.5 s after a change)."""
    return tab.expect_response(
        lambda response: (
            response.request.method == "POST"
            and "/admin/snippets/news/article/" in response.url
            and response.request.headers.get("accept") == "application/json"
        ),
        timeout=10_000,
    )


def edit_lead_and_wait_for_autosave(tab, text):
    """Types into the lead, leaves the field and waits until the header says "Saved"."""
    with autosaved(tab):
        tab.fill("#id_lead", text)
        tab.locator("#id_lead").press("Tab")
    expect(tab.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )


def publish(tab):
    tab.locator("footer .w-dropdown__toggle").first.click()
    tab.locator('button[name="action-publish"]').click()


def server_errors(log, start):
    text = log.read_text(errors="replace")[start:]
    return [line for line in text.splitlines() if re.search(r'" 5\d\d |Bad Request', line)]


def test_an_editor_working_alone_writes_and_publishes_with_autosave_without_a_conflict(
    editor,
    live_site,
    live_server_process,
    society_section_id,
):
    log = live_server_process.var_dir / "server.log"
    start = log.stat().st_size
    mark = uuid.uuid4().hex[:6]
    headline = f"Новость, которую допишут {mark}"

    # A new article is autosaved from the first keystroke of its headline, without a section yet.
    editor.goto(live_site + "/admin/snippets/news/article/add/?locale=ru")
    editor.wait_for_timeout(2500)  # see open_article
    with autosaved(editor):
        editor.locator("#id_headline").press_sequentially(headline, delay=20)
    indicator = editor.locator("#w-autosave-indicator")
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")
    editor.wait_for_timeout(1500)  # the keystrokes typed during the first autosave, saved next
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")
    edit_lead_and_wait_for_autosave(editor, "Заметка, написанная в тесте браузера.")
    editor.locator('[role="tab"]').nth(1).click()
    with autosaved(editor):
        editor.select_option("#id_section", str(society_section_id))
    # The slug followed the whole headline, not its first autosaved letters.
    expect(editor.locator("#id_slug")).to_have_value(f"novost-kotoruyu-dopishut-{mark}")
    publish(editor)
    messages = editor.locator(".messages")
    expect(messages).to_contain_text("published")

    # Editing it again: two autosaves, then Publish.
    open_article(editor, live_site, headline)
    edit_lead_and_wait_for_autosave(editor, "Первая правка, сохранённая автоматически.")
    edit_lead_and_wait_for_autosave(editor, "Вторая правка поверх автосохранения.")
    publish(editor)
    expect(messages).to_be_visible()
    expect(messages).not_to_contain_text(CONFLICT)
    expect(messages).to_contain_text("published")

    # Saving a draft after an autosave is the same editor's work too.
    open_article(editor, live_site, headline)
    edit_lead_and_wait_for_autosave(editor, "Третья правка, пока черновик.")
    editor.locator('footer button[type="submit"]').first.click()
    expect(messages).to_be_visible()
    expect(messages).not_to_contain_text(CONFLICT)
    assert server_errors(log, start) == []


def test_a_second_editor_saving_over_a_newer_version_is_refused_with_the_message(
    editor,
    browser_context,
    live_site,
    society_section_id,
):
    headline = f"Новость, которую правят двое {uuid.uuid4().hex[:6]}"
    write_article(editor, live_site, society_section_id, headline)
    other = log_in(browser_context, live_site, "admin")

    open_article(editor, live_site, headline)
    open_article(other, live_site, headline)
    edit_lead_and_wait_for_autosave(other, "Правка второго редактора.")
    publish(other)
    expect(other.locator(".messages")).to_contain_text("published")

    # The first editor still has the old version open: their autosave is refused by Wagtail,
    # and their Publish by the desk, with their text kept in the form.
    editor.fill("#id_lead", "Правка первого редактора поверх чужой.")
    editor.locator("#id_lead").press("Tab")
    publish(editor)
    # Wagtail's editing sessions may have noticed the newer version first: its dialog warns,
    # and "Continue" sends the form anyway.
    proceed = editor.locator('button[data-w-dialog-target="confirm"]:visible')
    refused = editor.locator(".messages", has_text=CONFLICT)
    expect(proceed.or_(refused).first).to_be_visible()
    if proceed.count():
        proceed.first.click()
    expect(refused).to_be_visible()
    expect(editor.locator("#id_lead")).to_have_value("Правка первого редактора поверх чужой.")


def test_the_desk_lists_state_and_finds_a_city_in_any_form_on_desktop_and_phone(
    editor, browser_context, live_site, live_server_process
):
    """Also takes the screenshots of docs/editors.md (into SCREENSHOTS_DIR when it is set)."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or live_server_process.var_dir / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    editor.goto(live_site + "/admin/snippets/news/article/")
    header = editor.locator("table.listing thead").first
    for column in ("Status", "Byline", "Last editor", "Updated"):
        expect(header).to_contain_text(column)
    expect(editor.locator("table.listing tbody tr").first).to_be_visible()
    editor.screenshot(path=folder / "desk-desktop.png")

    # "Томске" finds the stories about Tomsk however the headline declines it.
    editor.goto(live_site + "/admin/snippets/news/article/?q=Томске")
    found = editor.locator("table.listing tbody tr")
    expect(found.first).to_contain_text("Томск")

    phone = browser_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    ).new_page()
    phone.context.add_cookies(editor.context.cookies())
    phone.goto(live_site + "/admin/snippets/news/article/?status=live")
    expect(phone.locator("table.listing tbody tr").first).to_be_visible()
    phone.screenshot(path=folder / "desk-phone.png")
