"""The editor's steps in translating a story, through the back office's real views: "Translate",
what the translator types in wagtail-localize's editor, its "Publish", "Sync translated
snippets", and a correction of the source."""

import uuid

from django.contrib.messages import get_messages
from django.test import TestCase
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from newsdesk.news.models import Article


def paragraph(html):
    return {"type": "paragraph", "value": html, "id": str(uuid.uuid4())}


def crosslink(article):
    return {"type": "crosslink", "value": {"article": article.pk}, "id": str(uuid.uuid4())}


def translate(client, article, language="en") -> Article:
    """The editor's "Translate" button: a draft in the other edition, linked to the source."""
    locale = Locale.objects.get(language_code=language)
    response = client.post(
        f"/admin/localize/submit/snippet/news/article/{article.pk}/", {"locales": [locale.pk]}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Article.objects.get(translation_key=article.translation_key, locale=locale)


def type_in(source, language, strings: dict) -> None:
    """What the translator types in the translation editor, string by string."""
    locale = Locale.objects.get(language_code=language)
    found = TranslationSource.objects.get(object_id=source.translation_key, locale=source.locale)
    for original, translated in strings.items():
        segment = StringSegment.objects.get(source=found, string__data=original)
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": translated},
        )


def edit_url(article) -> str:
    return f"/admin/snippets/news/article/edit/{article.pk}/"


def publish_translation(client, translated):
    """The translation editor's "Publish in English" (wagtail-localize publishes the revision
    once the request's transaction commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(edit_url(translated), {"action": "publish"})
    translated.refresh_from_db()
    return response


def sync(client, source, *, publish=False):
    """The listing's "Sync translated snippets" (with "Publish immediately" ticked or not)."""
    found = TranslationSource.objects.get(object_id=source.translation_key, locale=source.locale)
    data = {"publish_translations": "on"} if publish else {}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/admin/localize/update/{found.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def correct(article, **fields):
    """An editor publishes a correction of the source."""
    article.refresh_from_db()
    for name, value in {"change_kind": "correction", **fields}.items():
        setattr(article, name, value)
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def messages_of(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))
