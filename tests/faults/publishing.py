"""An editor publishing from a process of its own, as an editor's request would."""

from tests.processes import newsdesk

PUBLISH = """
import uuid
from wagtail.models import Locale
from newsdesk.news.models import Article, SectionPage
locale = Locale.objects.get(language_code={language!r})
article = Article(
    locale=locale,
    headline={headline!r},
    section=SectionPage.objects.filter(locale=locale).first(),
    live=False,
    translation_key=uuid.uuid4(),
)
article.save()
article.save_revision().publish()
article.refresh_from_db()
print(article.url)
"""


def publish(env: dict, headline: str, language: str = "ru") -> str:
    """Publish a new article from a process of its own, as an editor's request would; its URL."""
    script = PUBLISH.format(headline=headline, language=language)
    return newsdesk(env, "shell", "-v0", "-c", script).stdout.strip().splitlines()[-1]
