"""The back office speaks each editor's language (their Wagtail profile's preferred language),
never the other one, whichever language the server process happened to speak first.

Wagtail builds much of the admin once per process (forms, chooser widgets, menus, viewsets), so
a string turned into text at that moment keeps the language of whoever came first. Only a fresh
server shows that: one per first language, each asked by a Russian and an English editor in turn.
"""

import html
import json
import re

import pytest
import requests

from tests.processes import Server, newsdesk

PASSWORD = "correct-horse-battery-9"

# Editors of each language, an article of each edition (one in review), and everything editors
# typed that the screens list (pages, people, headlines, photos…): content, not interface.
SETUP = """
import json
from django.contrib.auth import get_user_model
from django.urls import reverse
from newsdesk.news.tags import Tag
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site
from wagtail.users.models import UserProfile
from newsdesk.news.models import Article, Author, SectionPage

screens = {{}}
for language in ("ru", "en"):
    user = get_user_model().objects.create_superuser(
        f"editor-{{language}}", f"{{language}}@newsdesk.test", {password!r}
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    article = Article.objects.filter(locale__language_code=language, live=True).first()
    author = Author.objects.filter(locale__language_code=language).first()
    section = SectionPage.objects.filter(locale__language_code=language).first()
    review = Article.objects.filter(locale__language_code=language, live=True)[1]
    review.save_revision(user=user)
    review.get_workflow().start(review, user)
    task_state = review.current_workflow_task_state
    screens[language] = [
        f"/admin/snippets/news/article/add/?locale={{language}}",
        f"/admin/snippets/news/article/edit/{{article.pk}}/",
        f"/admin/snippets/news/author/add/?locale={{language}}",
        f"/admin/snippets/news/author/edit/{{author.pk}}/",
        f"/admin/pages/{{section.pk}}/edit/",
        "/admin/images/chooser/",
        "/admin/snippets/choose/news/article/",
        "/admin/snippets/choose/news/author/",
        f"/admin/choose-page/{{section.get_parent().pk}}/",
        reverse(
            "wagtailsnippets_news_article:workflow_action",
            args=[review.pk, "reject", task_state.pk],
        ),
        "/admin/snippets/news/article/?q=budget",
        "/admin/pages/search/?q=budget",
        "/admin/",
    ]
content = set()
for page in Page.objects.all():
    content |= {{page.title, page.draft_title, page.seo_title}}
for author in Author.objects.all():
    content |= {{author.name, author.role}}
for article in Article.objects.all():
    content |= {{article.headline, article.lead, article.dateline}}
content |= {{tag.name for tag in Tag.objects.all()}}
content |= {{image.title for image in get_image_model().objects.all()}}
content |= {{collection.name for collection in Collection.objects.all()}}
content |= {{site.site_name for site in Site.objects.all()}}
print(json.dumps({{"screens": screens, "content": sorted(filter(None, content))}}))
"""

# Interface words of Wagtail's and ours that an untranslated Russian screen shows in English.
ENGLISH_INTERFACE = [
    "Choose",
    "Choose a page",
    "Choose another",
    "Edit this",
    "Home",
    "Search",
    "Comment",
    "Translations",
    "What's new in Wagtail",
    "Supported formats",
    "Maximum filesize",
    "Reports",
    "Help",
    "Settings",
    "Articles",
    "Authors",
]
CYRILLIC_WORDS = re.compile(r"[\u0400-\u04FF][\u0400-\u04FF\s.,:()-]*")


def readable(document: str) -> str:
    """The page as an editor sees it: escapes in the JSON that draws widgets, menus and dialogs
    undone, HTML entities decoded."""
    for _round in range(2):
        document = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), document)
        document = html.unescape(document.replace('\\"', '"').replace("\\n", "\n"))
    return document


# Wagtail's header and dashboard search forms have a hidden submit button whose value is written
# in the template, untranslatable (wagtailadmin/shared/header.html, home.html): left to Wagtail.
HIDDEN_SEARCH_BUTTON = '<input type="submit" value="Search" class="button" />'


def without_content(document: str, content: list[str]) -> str:
    for text in sorted(content, key=len, reverse=True):
        document = document.replace(text, " ")
    return document.replace(HIDDEN_SEARCH_BUTTON, " ")


def other_language_on(document: str, language: str) -> list[str]:
    if language == "en":
        return sorted({match.strip() for match in CYRILLIC_WORDS.findall(document)})
    return sorted(
        {
            phrase
            for phrase in ENGLISH_INTERFACE
            # As text (after a tag) or as a value (a label in the JSON of a menu or widget).
            if re.search(r"""(?:>|"|: ')\s*""" + re.escape(phrase) + r"\b", document)
        }
    )


def log_in(server: Server, username: str) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy between the test and its own server
    login = session.get(server.url + "/admin/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    answer = session.post(
        server.url + "/admin/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        timeout=30,
    )
    assert answer.url.rstrip("/").endswith("/admin"), f"{username} could not log in"
    return session


@pytest.mark.parametrize("first", ["ru", "en"])
def test_each_editor_sees_the_back_office_in_their_own_language_whichever_came_first(
    sqlite_site, tmp_path, first
):
    output = newsdesk(sqlite_site, "shell", "-v0", "-c", SETUP.format(password=PASSWORD))
    found = json.loads(output.stdout.strip().splitlines()[-1])
    server = Server(sqlite_site, tmp_path / "server.log").start()
    try:
        leaks = {}
        for language in [first, "en" if first == "ru" else "ru"]:
            session = log_in(server, f"editor-{language}")
            for url in found["screens"][language]:
                answer = session.get(server.url + url, timeout=60)
                assert answer.status_code == 200, f"{url}: {answer.status_code}"
                page = without_content(readable(answer.text), found["content"])
                if leaked := other_language_on(page, language):
                    leaks[f"{language} {url}"] = leaked
    finally:
        server.stop()
    assert leaks == {}, f"after the {first} editor:\n" + "\n".join(
        f"{screen}: {words}" for screen, words in leaks.items()
    )
