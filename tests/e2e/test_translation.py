"""Translate → correct → sync → publish, as the demo editor does it in Chromium against `newsdesk
serve`: the English edition never shows the Russian text, an unfinished translation is refused
before it goes live, the desk list says when the English version is behind, and the server
answers no request with a 500 meanwhile."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.back_office import write_article
from tests.editions import cyrillic_words, html_strings

pytestmark = pytest.mark.e2e

NOT_TRANSLATED = re.compile(r"(\d+) pieces? of text (is|are) not translated yet")


def open_in_listing(editor, live_site, headline):
    editor.goto(live_site + "/admin/snippets/news/article/?q=" + headline)
    return editor.locator("tr", has=editor.get_by_role("link", name=headline, exact=True))


def row_action(editor, row, name):
    """An entry of the row's "…" menu in the article list."""
    row.locator(".w-dropdown__toggle").last.click()
    editor.locator(".w-dropdown__content a", has_text=name).first.click()


def type_translation(editor, source, translated):
    """The translator's step in wagtail-localize's editor: Translate, type, Enter (saves)."""
    segment = editor.locator("li.incomplete", has=editor.locator("p", has_text=source)).first
    segment.get_by_role("button", name="Translate").click()
    field = segment.locator("textarea")
    field.fill(translated)
    field.press("Enter")
    expect(editor.locator("li.incomplete", has=editor.locator("p", has_text=source))).to_have_count(
        0
    )


def publish_translation(editor):
    editor.locator('footer button[name="action"][value="publish"]').click()
    editor.wait_for_load_state("load")


def test_an_editor_translates_corrects_syncs_and_publishes_and_no_russian_reaches_english_readers(
    page,
    editor,
    live_site,
    live_server_process,
    society_section_id,
):
    log = live_server_process.var_dir / "server.log"
    log_start = log.stat().st_size
    mark = uuid.uuid4().hex[:6]
    headline = f"Мост в Заречье закроют на ремонт {mark}"
    write_article(editor, live_site, society_section_id, headline)

    # Translate: the article's "…" menu, the English edition, Submit.
    row_action(editor, open_in_listing(editor, live_site, headline), "Translate")
    editor.get_by_label("English").check()
    editor.locator("main form button[type=submit], main form input[type=submit]").last.click()
    messages = editor.locator(".messages")
    expect(messages).to_contain_text("2 pieces of text are not translated yet")

    # Publishing half a translation is refused, and says why, before anything goes live.
    type_translation(editor, headline, f"Bridge in Zarechye to close for repairs {mark}")
    publish_translation(editor)
    expect(messages).to_contain_text("cannot be published in English yet")
    expect(messages).to_contain_text("1 piece of text is not translated yet")
    page.goto(live_site + "/en/news/")
    expect(page.locator("main")).not_to_contain_text(mark)

    type_translation(editor, "Заметка, написанная в тесте браузера.", "A note written in a test.")
    publish_translation(editor)
    expect(messages).to_contain_text("Published")
    english_edit = editor.url
    page.goto(live_site + "/en/news/")
    page.get_by_role("link", name=f"Bridge in Zarechye to close for repairs {mark}").click()
    english_url = page.url
    expect(page.locator(".article__lead")).to_have_text("A note written in a test.")

    # A correction of the Russian original: the English version is marked as behind.
    editor.goto(live_site + "/admin/snippets/news/article/?q=" + headline)
    editor.get_by_role("link", name=headline, exact=True).first.click()
    editor.fill("#id_lead", "Мост закроют на две недели, а не на неделю.")
    editor.check('input[name="change_kind"][value="correction"]')
    editor.fill("#id_change_note", "Уточнён срок ремонта.")
    editor.locator("footer .w-dropdown__toggle").first.click()
    editor.locator('button[name="action-publish"]').click()
    expect(messages).to_be_visible()
    english_row = open_in_listing(
        editor, live_site, f"Bridge in Zarechye to close for repairs {mark}"
    )
    expect(english_row).to_contain_text("Needs an update")

    # Sync translated snippets (without publishing): the new text waits for the translator.
    row_action(editor, open_in_listing(editor, live_site, headline), "Sync translated snippets")
    editor.locator("main form button[type=submit], main form input[type=submit]").last.click()
    expect(messages).to_contain_text("Successfully updated translations")
    editor.goto(english_edit)
    expect(messages).to_contain_text("2 pieces of text are not translated yet")
    publish_translation(editor)
    expect(messages).to_contain_text("cannot be published in English yet")
    page.goto(english_url)
    expect(page.locator(".article__lead")).to_have_text("A note written in a test.")

    type_translation(
        editor,
        "Мост закроют на две недели, а не на неделю.",
        "The bridge will close for two weeks, not one.",
    )
    type_translation(editor, "Уточнён срок ремонта.", "The length of the repairs is corrected.")
    publish_translation(editor)
    expect(messages).to_contain_text("Published")
    english_row = open_in_listing(
        editor, live_site, f"Bridge in Zarechye to close for repairs {mark}"
    )
    expect(english_row).not_to_contain_text("Needs an update")

    page.goto(english_url)
    expect(page.locator(".article__lead")).to_have_text(
        "The bridge will close for two weeks, not one."
    )
    expect(page.locator("#changes")).to_contain_text("The length of the repairs is corrected.")
    assert cyrillic_words(html_strings(page.content(), "en", everything=True)) == []

    served = log.read_text(errors="replace")[log_start:]
    assert "Internal Server Error" not in served and " ERROR " not in served, served[-3000:]
