"""The migration to tags per edition (news 0010), run on a database that has global taggit tags:
every tag address and tag feed that worked before works after, in each edition, and nothing of
one edition's tags shows in the other's."""

import json

from tests.databases import database_of_its_own, site_env
from tests.processes import newsdesk

BEFORE = ("news", "0009_search_indexes")

# Runs in `newsdesk shell` over a database migrated back to before tags per edition.
SCRIPT = """
import datetime, json, uuid
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale

from newsdesk.demo import generator

call_command("setup_site", verbosity=0)
locales = [Locale.objects.get(language_code=code) for code, _name in settings.LANGUAGES]
editions = generator.ensure_structure(locales)

old = MigrationExecutor(connection).loader.project_state({before!r}).apps
Article, ArticleTag = old.get_model("news", "Article"), old.get_model("news", "ArticleTag")
OldTag, TaggedItem = old.get_model("taggit", "Tag"), old.get_model("taggit", "TaggedItem")

def story(language, headline, names, key=None):
    now = timezone.now() - datetime.timedelta(hours=1)
    article = Article.objects.create(
        locale_id=editions[language].locale.pk, headline=headline,
        slug=f"story-{{uuid.uuid4().hex[:8]}}", section_id=editions[language].sections["society"].pk,
        translation_key=key or uuid.uuid4(), live=True, has_unpublished_changes=False,
        published_at=now, first_published_at=now, last_published_at=now, body=[],
    )
    for name in names:
        tag, _ = OldTag.objects.get_or_create(name=name, defaults={{"slug": name.lower()}})
        ArticleTag.objects.create(content_object_id=article.pk, tag=tag)
    return article

russian = story("ru", "Склад сгорел в Казани", ["Казань", "Covid"])
# Its English copy kept the Russian tag (the bug), next to English tags.
story("en", "Warehouse burns down in Kazan", ["Казань", "Covid", "Kazan"], russian.translation_key)
# A global tag a photo uses too stays for the photo.
story("ru", "Фотоотчёт", ["фото"])
photo_tag = OldTag.objects.get(name="фото")
TaggedItem.objects.create(
    tag=photo_tag, object_id=1,
    content_type_id=ContentType.objects.get(app_label="wagtailimages", model="image").pk,
)

call_command("migrate", verbosity=0)

from newsdesk.news.tags import Tag
from taggit.models import Tag as GlobalTag

client = Client(HTTP_HOST="127.0.0.1")
after = {{
    "tags": sorted((tag.locale.language_code, tag.name, tag.slug) for tag in Tag.objects.all()),
    "global": sorted(GlobalTag.objects.values_list("name", flat=True)),
}}
addresses = [
    f"/{{language}}/{{kind}}tag/{{slug}}/{{fmt}}"
    for language in ("ru", "en")
    for slug in ("казань", "covid", "kazan")
    for kind, fmt in (("news/", ""), ("feeds/", "rss/"), ("feeds/", "json/"))
]
after["status"] = {{address: client.get(address).status_code for address in addresses}}
after["english_tag_page"] = client.get("/en/news/tag/kazan/").content.decode()

# And back: one global tag per name again.
call_command("migrate", *{before!r}, verbosity=0)
after["reversed"] = sorted(
    (row.content_object.headline, row.tag.name) for row in ArticleTag.objects.all()
)
print(json.dumps(after))
"""


def test_tags_split_by_edition_keep_every_address_and_feed_that_worked(tmp_path, request):
    env = site_env(tmp_path, database_of_its_own(tmp_path, request, "tags"))
    newsdesk(env, "migrate", *BEFORE, "--no-input", "-v0")  # the way back, on no tags
    newsdesk(env, "collectstatic", "--no-input", "-v0")  # the pages name their static files
    done = newsdesk(env, "shell", "-v0", "-c", SCRIPT.format(before=BEFORE), check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.splitlines()[-1])

    assert found["tags"] == [
        ["en", "Covid", "covid"],
        ["en", "Kazan", "kazan"],
        ["en", "Казань", "казань"],
        ["ru", "Covid", "covid"],
        ["ru", "Казань", "казань"],
        ["ru", "фото", "фото"],
    ]
    assert found["global"] == ["фото"]  # the photo's; the articles' global tags are gone
    ok = {address for address, status in found["status"].items() if status == 200}
    assert ok == {
        address
        for address in found["status"]
        if not address.startswith("/ru/") or "kazan/" not in address
    }
    assert "Warehouse burns down in Kazan" in found["english_tag_page"]
    assert found["reversed"] == [
        ["Warehouse burns down in Kazan", "Covid"],
        ["Warehouse burns down in Kazan", "Kazan"],
        ["Warehouse burns down in Kazan", "Казань"],
        ["Склад сгорел в Казани", "Covid"],
        ["Склад сгорел в Казани", "Казань"],
        ["Фотоотчёт", "фото"],
    ]
