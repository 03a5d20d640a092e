"""The demo's bulk load (COPY on PostgreSQL) stores exactly the rows Django would store."""

import copy
import random
import uuid

from django.db import connection
from django.utils import timezone

from newsdesk.demo import generator
from newsdesk.news.models import Article, ArticleTag


def stored_rows(model, pks, without=("id",)):
    columns = [f.column for f in model._meta.concrete_fields if f.column not in without]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {model._meta.db_table} WHERE id = ANY(%s)"
            " ORDER BY id",
            [list(pks)],
        )
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def made_articles(editions, photos, seed):
    factory = generator.ArticleFactory(editions, photos, random.Random(seed))
    edition = editions["ru"]
    made = []
    for section_slug, story in factory.stories[:6]:
        article = factory.article(
            "ru",
            edition,
            section_slug,
            story,
            factory.slots(),
            timezone.now(),
            factory.rng.choice(generator.content.PEOPLE),
            uuid.uuid4(),
        )
        made.append(article)
    return made


def test_bulk_loaded_articles_and_tags_are_the_rows_django_stores(postgresql, site, photo):
    articles = made_articles(site, [photo], seed=7)
    # The same stories again, through Django's own bulk insert, under other addresses.
    twins = copy.deepcopy(articles)
    copied = generator.fast_insert(Article, articles)
    for twin in twins:
        twin.slug += "-twin"
        twin.translation_key = uuid.uuid4()
    created = Article.objects.bulk_create(twins)
    same_except = ("id", "slug", "translation_key")
    assert stored_rows(Article, [a.pk for a in copied], same_except) == stored_rows(
        Article, [a.pk for a in created], same_except
    )
    assert [a.slug + "-twin" for a in copied] == [a.slug for a in created]

    tag = generator.tag_for(site["ru"], ("Выборы", "Elections"), "Выборы")
    tagged = generator.fast_insert(
        ArticleTag,
        [
            ArticleTag(content_object_id=a.pk, tag=tag, live=True, published_at=a.published_at)
            for a in copied
        ],
    )
    by_django = ArticleTag.objects.bulk_create(
        [
            ArticleTag(content_object=a, tag=tag, live=True, published_at=a.published_at)
            for a in copied
        ]
    )
    assert stored_rows(ArticleTag, [t.pk for t in tagged]) == stored_rows(
        ArticleTag, [t.pk for t in by_django]
    )
