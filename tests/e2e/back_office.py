"""What the browser tests do in the back office, as an editor would (helpers, not fixtures)."""

from playwright.sync_api import expect


def write_article(editor, live_site, section_id, headline, *, go_live_at=None):
    """The editor fills in a new Russian article in the back office and publishes it."""
    editor.goto(live_site + "/admin/snippets/news/article/add/?locale=ru")
    editor.fill("#id_headline", headline)
    editor.fill("#id_lead", "Заметка, написанная в тесте браузера.")
    editor.locator('[role="tab"]').nth(1).click()
    editor.select_option("#id_section", str(section_id))  # the edition's sections
    if go_live_at is not None:
        # Status side panel → "Set schedule": the dialog's fields belong to the edit form.
        editor.locator('[data-side-panel-toggle="status"]').click()
        editor.locator('[data-a11y-dialog-show="schedule-publishing-dialog"]').first.click()
        editor.fill("#id_go_live_at", go_live_at)
        # The date picker stays open over the dialog's button (a click elsewhere does not close
        # it), so the button is pressed from the keyboard, as a keyboard user saves the schedule.
        editor.locator("#schedule-publishing-dialog button[type=submit]").press("Enter")
        expect(editor.locator(".messages")).to_be_visible()  # saved as a draft with the schedule
    editor.locator("footer .w-dropdown__toggle").first.click()
    editor.locator('button[name="action-publish"]').click()
    expect(editor.locator(".messages")).to_be_visible()
