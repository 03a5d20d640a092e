"""What only a browser shows of the desk's writing tools and dashboards (issue 16), against
`newsdesk serve` over the demo: the edition asked first, the section select, the toolbar's
article link and its chooser in the text editor, each role's dashboard, and a bulk move from the
desk. Also takes the screenshots of docs/editors.md (into SCREENSHOTS_DIR when it is set). The
logic behind each is tested through Django's test client in tests/news."""

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_desk import log_in, server_errors
from tests.processes import NEWSDESK

pytestmark = pytest.mark.e2e


def in_server(live_server_process, code: str) -> str:
    """Runs Python in the server's environment (its database); returns the last line printed."""
    done = subprocess.run(
        [NEWSDESK, "shell", "-c", code],
        env=live_server_process.env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def shots(live_server_process) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or live_server_process.var_dir / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_an_editor_links_an_earlier_story_from_the_text_with_the_toolbars_article_chooser(
    editor, live_site, live_server_process
):
    log = live_server_process.var_dir / "server.log"
    start = log.stat().st_size
    folder = shots(live_server_process)
    mark = uuid.uuid4().hex[:6]
    earlier = in_server(
        live_server_process,
        "from newsdesk.news.models import Article; "
        "a = Article.objects.filter(live=True, locale__language_code='ru')"
        ".order_by('-published_at')[3]; print(a.pk, a.headline, sep='|')",
    )
    earlier_id, earlier_headline = earlier.split("|", 1)
    in_server(
        live_server_process,
        "from wagtail.images.models import Image; "
        "from newsdesk.news.models import PhotoDetails; "
        "[PhotoDetails.objects.update_or_create(image=i, defaults={'caption': 'Мост через "
        "Казанку', 'credit': 'Ньюсдеск'}) for i in Image.objects.all()]; print('ok')",
    )

    # The edition first.
    editor.goto(live_site + "/admin/snippets/news/article/add/")
    expect(editor.locator("h1")).to_contain_text("which edition")
    editor.screenshot(path=folder / "add-choose-edition.png")
    editor.locator('a[href$="?locale=ru"]').click()

    headline = f"Мост снова открыт {mark}"
    editor.fill("#id_headline", headline)
    editor.fill("#id_lead", "Заметка со ссылкой на прежнюю.")

    # A photo used before brings its caption and credit, which stay editable.
    editor.get_by_role("button", name="Choose an image").click()
    photos = editor.locator(".modal-content")
    photos.locator("[data-chooser-modal-choice]").first.click()
    expect(editor.locator("#id_lead_image_caption")).to_have_value("Мост через Казанку")
    expect(editor.locator("#id_lead_image_credit")).to_have_value("Ньюсдеск")
    editor.fill("#id_lead_image_caption", "Мост через Казанку после ремонта")

    # A paragraph, then a word of it linked to the earlier story through the toolbar.
    editor.locator("button.c-sf-add-button").first.click()
    editor.get_by_role("option", name="Paragraph").first.click()
    text = editor.locator(".public-DraftEditor-content").first
    text.click()
    text.press_sequentially("Раньше мост закрывали.")
    for _ in range(len(" закрывали.")):
        text.press("Shift+ArrowLeft")
    editor.get_by_role("button", name="Link to an article").click()
    modal = editor.locator(".modal-content")
    expect(modal.locator("select#id_locale")).to_have_value("ru")  # the article's edition
    with editor.expect_response(lambda r: "/choose/news/article/results/" in r.url):
        modal.locator("#id_q").fill(max(earlier_headline.split(), key=len)[:6])
    editor.wait_for_timeout(400)  # the results swapped in, the modal's fade over
    expect(modal.locator("table.listing")).to_contain_text(earlier_headline)
    # Date, edition and section beside each headline.
    expect(modal.locator("table.listing thead")).to_contain_text("Published")
    expect(modal.locator("table.listing thead")).to_contain_text("Section")
    editor.screenshot(path=folder / "article-link-chooser.png")
    modal.get_by_role("link", name=earlier_headline, exact=True).first.click()
    expect(modal).to_be_hidden()
    expect(
        editor.locator(
            ".public-DraftEditor-content a, .public-DraftEditor-content [data-draftail-trigger]"
        ).first
    ).to_be_visible()

    editor.locator('[role="tab"]').nth(1).click()
    section = editor.locator("select#id_section")
    expect(section.locator("option")).not_to_have_count(0)
    section.select_option(label="Общество")
    editor.screenshot(path=folder / "placement-section-select.png")
    # Publish once the autosave of the last change (Wagtail's, 0.5 s after it) is in: one still
    # on its way would reach the server after the publish, out of date, and be refused (400).
    editor.wait_for_timeout(1500)
    expect(editor.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )
    editor.locator("footer .w-dropdown__toggle").first.click()
    editor.locator('button[name="action-publish"]').click()
    expect(editor.locator(".messages")).to_be_visible()

    stored = in_server(
        live_server_process,
        "from newsdesk.news.models import Article; "
        f"a = Article.objects.get(headline={headline!r}); print(a.body.raw_data[0]['value'])",
    )
    assert f'<a linktype="article" id="{earlier_id}">' in stored, stored
    caption = in_server(
        live_server_process,
        "from newsdesk.news.models import Article; "
        f"print(Article.objects.get(headline={headline!r}).lead_image_caption)",
    )
    assert caption == "Мост через Казанку после ремонта"
    assert server_errors(log, start) == []


def test_each_role_sees_their_own_dashboard_and_an_editor_moves_stories_in_bulk(
    browser_context, live_site, live_server_process
):
    log = live_server_process.var_dir / "server.log"
    start = log.stat().st_size
    folder = shots(live_server_process)
    mark = uuid.uuid4().hex[:6]
    in_server(
        live_server_process,
        f"""
import datetime
from django.contrib.auth import get_user_model
from django.utils import timezone
from newsdesk.news.models import Article, SectionPage
from wagtail.models import Locale
users = get_user_model().objects
author, editor = users.get(username="author"), users.get(username="editor")
ru, en = Locale.objects.get(language_code="ru"), Locale.objects.get(language_code="en")
def draft(headline, locale=ru):
    section = SectionPage.objects.get(slug="society", locale=locale)
    article = Article(locale=locale, headline=headline, section=section, owner=author, live=False)
    article.save()
    article.save_revision(user=author)
    return article
draft("Черновик о выставке {mark}")
returned = draft("Заметка о бюджете {mark}")
state = returned.get_default_workflow().start(returned, author)
task = state.current_task_state
task.task.specific.on_action(task, editor, "reject", comment="Уточните цифры и дайте источник.")
review = draft("Заметка о транспорте {mark}")
review.get_default_workflow().start(review, author)
now = timezone.localtime()
midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(), now.tzinfo)
later = draft("Новость по расписанию {mark}")
later.go_live_at = now + (midnight - now) / 2
later.save_revision(user=author).publish(user=editor)
english = draft("Bridge reopened {mark}", en)
english.latest_revision.publish(user=editor)
print("ok")
""",
    )

    author = log_in(browser_context, live_site, "author")
    expect(author.locator("#returned-to-you-section")).to_contain_text(
        "Уточните цифры и дайте источник."
    )
    expect(author.locator("#your-drafts-section")).to_contain_text(f"Черновик о выставке {mark}")
    expect(author.locator("#your-scheduled-section")).to_contain_text(
        f"Новость по расписанию {mark}"
    )
    author.screenshot(path=folder / "dashboard-author.png", full_page=True)

    editor = log_in(browser_context, live_site, "editor")
    expect(editor.locator("body")).to_contain_text(f"Заметка о транспорте {mark}")  # to review
    expect(editor.locator("#scheduled-today-section")).to_contain_text(
        f"Новость по расписанию {mark}"
    )
    expect(editor.locator("#published-last-hour-section")).to_contain_text(
        f"Bridge reopened {mark}"
    )
    editor.screenshot(path=folder / "dashboard-editor.png", full_page=True)

    # Two stories ticked on the desk, moved to another section at once.
    editor.goto(live_site + "/admin/snippets/news/article/?q=" + mark)
    for headline in (f"Черновик о выставке {mark}", f"Заметка о бюджете {mark}"):
        row = editor.locator("table.listing tbody tr", has_text=headline)
        row.locator("input[type=checkbox]").check()
    bar = editor.locator("[data-bulk-action-footer]")
    for action in ("Publish", "Submit for review", "Move to section", "Add tag"):
        expect(bar.locator("[data-bulk-action-button]", has_text=action)).to_be_visible()
    editor.screenshot(path=folder / "bulk-actions.png")
    bar.locator("[data-bulk-action-button]", has_text="Move to section").click()
    expect(editor.locator("h1")).to_contain_text("Move these articles")
    editor.locator("select#id_section").select_option(label="Экономика (Russian)")
    editor.screenshot(path=folder / "bulk-move.png")
    editor.get_by_role("button", name="Yes, move").click()
    expect(editor.locator(".messages")).to_contain_text("2 articles moved to")
    assert server_errors(log, start) == []
