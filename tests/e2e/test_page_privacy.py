"""Wagtail's page privacy in a real browser against `newsdesk serve`: an editor puts a password on
an information page, a reader opens it with the password, everyone else gets the form."""

import pytest
from playwright.sync_api import expect

from tests.processes import shell_line

pytestmark = pytest.mark.e2e

PAGE_TEXT = "По вопросам размещения рекламы пишите на ads@newsdesk.example."
PASSWORD = "advertisers-2026"


@pytest.fixture
def advertising_page_id(live_server_process):
    command = (
        "from newsdesk.core.models import InfoPage; "
        "print(InfoPage.objects.get(slug='advertising', locale__language_code='ru').pk)"
    )
    return shell_line(live_server_process.env, command)


def set_privacy(editor, live_site, page_id, restriction_type, password=""):
    """What the page's Privacy dialog in the back office posts, with the editor's session."""
    token = next(c["value"] for c in editor.context.cookies() if c["name"] == "csrftoken")
    response = editor.request.post(
        f"{live_site}/admin/pages/{page_id}/privacy/",
        form={"restriction_type": restriction_type, "password": password},
        headers={"X-CSRFToken": token, "Referer": live_site + "/admin/"},
    )
    assert response.ok and response.json()["step"] == "set_privacy_done", response.text()


def test_a_reader_opens_a_password_protected_page_with_its_password(
    browser_context, editor, live_site, advertising_page_id
):
    address = live_site + "/ru/advertising/"
    set_privacy(editor, live_site, advertising_page_id, "password", PASSWORD)
    try:
        reader = browser_context().new_page()
        reader.goto(address)
        expect(reader.locator("h1")).to_have_text("Требуется пароль")
        expect(reader.locator("body")).not_to_contain_text(PAGE_TEXT)

        reader.fill('input[name="password"]', "a guess")
        reader.get_by_role("button", name="Продолжить").click()
        expect(reader.locator("body")).to_contain_text("пароль неверный")

        reader.fill('input[name="password"]', PASSWORD)
        reader.get_by_role("button", name="Продолжить").click()
        expect(reader).to_have_url(address)
        expect(reader.locator("main")).to_contain_text(PAGE_TEXT)

        someone_else = browser_context().new_page()
        someone_else.goto(address)
        expect(someone_else.locator("h1")).to_have_text("Требуется пароль")
        expect(someone_else.locator("body")).not_to_contain_text(PAGE_TEXT)
    finally:
        set_privacy(editor, live_site, advertising_page_id, "none")
