"""Demo content: sections, information pages, authors, photos and any number of articles.

Articles go in with bulk inserts (with their tags, authors and extra sections), oldest first, so
later articles can cross-link earlier ones by id. At this rate a million articles is a matter of
minutes; the search index is filled afterwards in batches.
"""

from __future__ import annotations

import datetime
import io
import operator
import random
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Locale

from newsdesk.core.models import AggregatorLink, InfoPage, SiteSettings
from newsdesk.demo import content
from newsdesk.demo.photos import make_photo
from newsdesk.news.models import (
    ArchiveMonth,
    Article,
    ArticleAuthor,
    ArticleCitation,
    ArticleTag,
    Author,
    ExtraSectionEntry,
    HomePage,
    SectionPage,
    transliterate,
)
from newsdesk.news.references import referenced_ids
from newsdesk.news.tags import Tag

PHOTO_COUNT = 24


@dataclass
class Edition:
    locale: Locale
    home: HomePage
    sections: dict = field(default_factory=dict)  # slug -> SectionPage
    authors: list = field(default_factory=list)
    tags: dict = field(default_factory=dict)  # name -> Tag
    used_slugs: set = field(default_factory=set)
    slug_numbers: dict = field(default_factory=dict)  # headline slug → last number used
    recent: dict = field(
        default_factory=lambda: defaultdict(list)
    )  # section slug -> [(id, headline)]


def publish(page):
    page.save_revision().publish()
    return page


def ensure_structure(locales) -> dict[str, Edition]:
    """Sections and information pages under each edition's home page, linked as translations."""
    source_locale = locales[0]
    source_home = HomePage.objects.get(locale=source_locale)
    editions = {}
    for locale in locales:
        home = source_home.get_translation(locale) if locale != source_locale else source_home
        editions[locale.language_code] = Edition(locale=locale, home=home)

    for slug, title_ru, title_en, intro_ru, intro_en in content.SECTIONS:
        titles = {"ru": (title_ru, intro_ru), "en": (title_en, intro_en)}
        source = SectionPage.objects.child_of(source_home).filter(slug=slug).first()
        if source is None:
            title, intro = titles.get(source_locale.language_code, titles["en"])
            source = source_home.add_child(
                instance=SectionPage(
                    title=title, slug=slug, intro=intro, show_in_menus=True, locale=source_locale
                )
            )
            publish(source)
        editions[source_locale.language_code].sections[slug] = source
        for locale in locales[1:]:
            translated = source.get_translation_or_none(locale)
            if translated is None:
                translated = source.copy_for_translation(locale)
                translated.title, translated.intro = titles.get(locale.language_code, titles["en"])
                publish(translated)
            editions[locale.language_code].sections[slug] = translated

    for slug, title_ru, title_en, body_ru, body_en in content.INFO_PAGES:
        texts = {"ru": (title_ru, body_ru), "en": (title_en, body_en)}
        source = InfoPage.objects.child_of(source_home).filter(slug=slug).first()
        if source is None:
            title, body = texts.get(source_locale.language_code, texts["en"])
            source = publish(
                source_home.add_child(
                    instance=InfoPage(title=title, slug=slug, body=body, locale=source_locale)
                )
            )
        for locale in locales[1:]:
            if source.get_translation_or_none(locale) is None:
                translated = source.copy_for_translation(locale)
                translated.title, translated.body = texts.get(locale.language_code, texts["en"])
                publish(translated)
    return editions


def ensure_settings(site):
    settings = SiteSettings.for_site(site)
    if not settings.aggregator_links.exists():
        links = [
            (AggregatorLink.Kind.GOOGLE_NEWS, "https://news.google.com/publications/newsdesk-demo"),
            (AggregatorLink.Kind.DZEN, "https://dzen.ru/newsdesk-demo"),
            (AggregatorLink.Kind.TELEGRAM, "https://t.me/newsdesk_demo"),
            (AggregatorLink.Kind.VK, "https://vk.com/newsdesk_demo"),
            (AggregatorLink.Kind.X, "https://x.com/newsdesk_demo"),
        ]
        for order, (kind, url) in enumerate(links):
            AggregatorLink.objects.create(settings=settings, kind=kind, url=url, sort_order=order)


def ensure_authors(editions: dict[str, Edition]):
    for name_ru, name_en, role_ru, role_en in content.AUTHORS:
        source = (
            Author.objects.filter(name=name_ru, locale=editions["ru"].locale).first()
            if "ru" in editions
            else None
        )
        key = source.translation_key if source else uuid.uuid4()
        for code, edition in editions.items():
            name, role = (name_ru, role_ru) if code == "ru" else (name_en, role_en)
            author = Author.objects.filter(translation_key=key, locale=edition.locale).first()
            if author is None:
                author = Author.objects.create(
                    name=name, role=role, locale=edition.locale, translation_key=key
                )
            edition.authors.append(author)


def ensure_photos(count: int = PHOTO_COUNT) -> list:
    Image = get_image_model()
    photos = list(Image.objects.filter(title__startswith="Demo photo ").order_by("id"))
    for number in range(len(photos), count):
        data = make_photo(seed=number)
        image = Image(
            title=f"Demo photo {number + 1}",
            file=ImageFile(io.BytesIO(data), name=f"demo-photo-{number + 1}.jpg"),
        )
        image.save()
        photos.append(image)
    return photos


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


class ArticleFactory:
    """Makes parallel Russian/English articles from the story templates."""

    def __init__(self, editions, photos, rng: random.Random):
        self.editions = editions
        self.photos = photos
        self.rng = rng
        self.stories = [
            (slug, story) for slug, stories in content.STORIES.items() for story in stories
        ]

    def slots(self):
        rng = self.rng
        city_ru, in_city, city_en, city_gen = rng.choice(content.CITIES)
        return {
            "city": city_en,
            "city_ru": city_ru,
            "in_city": in_city,
            "in_city_cap": in_city[0].upper() + in_city[1:],
            "city_gen": city_gen,
            "n": rng.choice(
                [
                    3,
                    4,
                    5,
                    6,
                    7,
                    8,
                    9,
                    12,
                    14,
                    15,
                    18,
                    20,
                    24,
                    25,
                    30,
                    32,
                    35,
                    40,
                    45,
                    50,
                    60,
                    120,
                    150,
                    300,
                    450,
                ]
            ),
            "k": rng.randint(3, 9),
            "m": rng.choice([15, 18, 20, 24, 25, 30, 32, 35, 40, 45, 50, 60]),
            "big": rng.choice([300, 450, 600, 800, 1000, 1200, 1500]),
            "duration": rng.choice([90, 100, 110, 120, 135, 150]),
            "pct": rng.choice([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17, 18, 20, 22, 25]),
            "year": timezone.now().year + 1,
        }

    def unique_slug(self, edition: Edition, headline: str) -> str:
        base = slugify(transliterate(headline))[:90].strip("-") or "article"
        # Continue from the last number this headline got: probing from 1 every time made a
        # million-article load slow down as common headlines piled up.
        number = edition.slug_numbers.get(base, 1)
        slug = base if number == 1 else f"{base}-{number}"
        while slug in edition.used_slugs:
            number += 1
            slug = f"{base}-{number}"
        edition.slug_numbers[base] = number
        edition.used_slugs.add(slug)
        return slug

    def article(
        self, code, edition, section_slug, story, values, published_at, person, translation_key
    ):
        rng = self.rng
        headline, lead, paragraphs = story[code]
        headline = headline.format(**values)
        body = [block("paragraph", f"<p>{escape(p.format(**values))}</p>") for p in paragraphs]
        name_ru, name_en, _gender, role_ru, role_en = person
        quote_ru, quote_en = story["quote"]
        body.insert(
            1,
            block(
                "quote",
                {
                    "text": quote_ru if code == "ru" else quote_en,
                    "speaker": name_ru if code == "ru" else name_en,
                    "source": role_ru if code == "ru" else role_en,
                },
            ),
        )
        background = content.BACKGROUND[code]
        body.append(block("paragraph", f"<p>{escape(rng.choice(background))}</p>"))
        earlier = edition.recent[section_slug]
        if earlier:
            target_id, target_headline = rng.choice(earlier[-30:])
            if rng.random() < 0.5:
                body.append(block("crosslink", {"article": target_id}))
            else:
                body.append(
                    block(
                        "paragraph",
                        f'<p>{escape(content.EARLIER[code])}<a linktype="article" id="{target_id}">'
                        f"{escape(target_headline)}</a>.</p>",
                    )
                )
        photo_index = rng.randrange(len(self.photos)) if self.photos else None
        credits = rng.choice(content.PHOTO_CREDITS)
        credit = credits[0] if code == "ru" else credits[1]
        if self.photos and rng.random() < 0.3:
            inline = self.photos[(photo_index + 7) % len(self.photos)]
            caption = values["city_ru"] if code == "ru" else values["city"]
            body.insert(
                2, block("image", {"image": inline.pk, "caption": caption, "credit": credit})
            )
        has_photo = self.photos and rng.random() < 0.85
        dateline = values["city_ru"] if code == "ru" else values["city"]
        return Article(
            locale=edition.locale,
            translation_key=translation_key,
            headline=headline,
            slug=self.unique_slug(edition, headline),
            lead=lead.format(**values),
            dateline=dateline,
            section=edition.sections[section_slug],
            lead_image=self.photos[photo_index] if has_photo else None,
            lead_image_caption=(f"{dateline}. " + (headline if len(headline) < 200 else ""))
            if has_photo
            else "",
            lead_image_credit=credit if has_photo else "",
            body=body,
            is_breaking=rng.random() < 0.02,
            is_featured=rng.random() < 0.05,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published_at,
            last_published_at=published_at,
            published_at=published_at,
        )


def tag_for(edition: Edition, pair: tuple[str, str], name: str) -> Tag:
    """The edition's tag `name`; both names of a (Russian, English) pair share a translation
    key, so each is the other's translation (news.tags), in every run of the demo."""
    if name not in edition.tags:
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"newsdesk-demo-tag:{pair[0]}")
        edition.tags[name] = Tag.objects.get_or_create(
            locale=edition.locale, name=name, defaults={"translation_key": key}
        )[0]
    return edition.tags[name]


def generate_articles(
    editions,
    photos,
    count,
    *,
    days,
    seed,
    batch_size=2000,
    progress=None,
    end=None,
    indexes_afterwards=False,
    committed=None,
):
    """Insert `count` stories (each in its original edition, most also translated), spread over
    `days` days up to `end`, oldest first. Returns the number of articles inserted.

    With `indexes_afterwards` (large loads), the tables' plain indexes are built once at the end
    (`indexes_built_afterwards`). The month counts are worked out after that, and after fresh
    statistics: without the (locale, published_at) index, reading where each month's sitemap
    files start took minutes at a million articles. `committed(first id, last id)` is called
    as each batch of articles is committed (to index them meanwhile)."""
    tables = [
        Article,
        ArticleTag,
        ArticleAuthor,
        Article.also_in.through,
        ExtraSectionEntry,
        ArticleCitation,
    ]
    with indexes_built_afterwards(tables if indexes_afterwards else []):
        inserted = insert_articles(
            editions,
            photos,
            count,
            days=days,
            seed=seed,
            batch_size=batch_size,
            progress=progress,
            end=end,
            committed=committed,
        )
    if connection.vendor == "postgresql":
        # Fresh statistics: the planner would otherwise take the tables for as empty as before
        # the load and walk the wrong index (seen: 86 ms instead of 0.2 ms).
        names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in tables)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {names}")
    ArchiveMonth.refresh_all()  # rows inserted in bulk bypass Article.save's month counts
    return inserted


def insert_articles(editions, photos, count, *, days, seed, batch_size, progress, end, committed):
    rng = random.Random(seed)
    # Cross-links point at articles of earlier batches (their ids exist by then): keep batches
    # small enough that a small demo has earlier batches to link to.
    batch_size = max(50, min(batch_size, count // 10))
    factory = ArticleFactory(editions, photos, rng)
    codes = list(editions)
    for edition in editions.values():
        edition.used_slugs.update(
            Article.objects.filter(locale=edition.locale).values_list("slug", flat=True).iterator()
        )
    end = end or timezone.now()
    start = end - datetime.timedelta(days=days)
    step = (end - start) / max(count, 1)
    inserted = 0
    for batch_start in range(0, count, batch_size):
        pending = []  # (article, code, section_slug, [(tag pair, tag name)])
        for index in range(batch_start, min(count, batch_start + batch_size)):
            published_at = start + step * index + datetime.timedelta(seconds=rng.randint(0, 59))
            section_slug, story = rng.choice(factory.stories)
            values = factory.slots()
            person = rng.choice(content.PEOPLE)
            translation_key = uuid.uuid4()
            origin = codes[0] if rng.random() < 0.75 or len(codes) == 1 else codes[1]
            languages = [origin] + [
                c for c in codes if c != origin and c in ("ru", "en") and rng.random() < 0.75
            ]
            tag_pairs = rng.sample(content.TAGS[section_slug], k=rng.randint(1, 2))
            for offset, code in enumerate(languages):
                edition = editions[code]
                article = factory.article(
                    code,
                    edition,
                    section_slug,
                    story,
                    values,
                    published_at + datetime.timedelta(minutes=7 * offset),
                    person,
                    translation_key,
                )
                names = [(pair, pair[0] if code == "ru" else pair[1]) for pair in tag_pairs]
                pending.append((article, code, section_slug, names))
        with transaction.atomic():
            created = fast_insert(Article, [item[0] for item in pending])
            tags, authors, extra_sections = [], [], []
            for article, (_a, code, section_slug, names) in zip(created, pending, strict=True):
                edition = editions[code]
                tags += [
                    ArticleTag(
                        content_object_id=article.pk,
                        tag=tag_for(edition, pair, name),
                        live=article.live,
                        published_at=article.published_at,
                    )
                    for pair, name in names
                ]
                authors.append(
                    ArticleAuthor(article=article, author=rng.choice(edition.authors), sort_order=0)
                )
                if rng.random() < 0.2:
                    other = rng.choice([s for s in edition.sections if s != section_slug])
                    extra_sections.append(
                        Article.also_in.through(
                            article=article, sectionpage=edition.sections[other]
                        )
                    )
                edition.recent[section_slug].append((article.pk, article.headline))
                del edition.recent[section_slug][:-60]
            fast_insert(
                ArticleCitation,
                [
                    ArticleCitation(source=article, target_id=target)
                    for article in created
                    for target in referenced_ids(article.body.get_prep_value())
                ],
            )
            fast_insert(ArticleTag, tags)
            fast_insert(ArticleAuthor, authors)
            fast_insert(Article.also_in.through, extra_sections)
            fast_insert(
                ExtraSectionEntry,
                [
                    ExtraSectionEntry(
                        article_id=row.article_id,
                        section_id=row.sectionpage_id,
                        published_at=row.article.published_at,
                        live=row.article.live,
                    )
                    for row in extra_sections
                ],
            )
        inserted += len(created)
        if committed is not None and created:
            keys = [article.pk for article in created]
            committed(min(keys), max(keys))
        if progress is not None:
            progress.update(min(count, batch_start + batch_size) - batch_start)
    return inserted


@contextmanager
def indexes_built_afterwards(models):
    """On PostgreSQL, drop the plain (non-constraint) indexes of `models` for a bulk load and
    build them again at the end: one sort per index instead of a random B-tree insert per row,
    which is what makes a million-article load slow down as the table grows. Unique
    constraints stay, so the load is still checked, and so do the indexes on the article a row
    belongs to: appended to in order (cheap), and what indexing during the load reads.
    Elsewhere, nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    definitions = []
    with connection.cursor() as cursor:
        for model in models:
            kept = {
                field.column
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model is Article
            }
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND NOT EXISTS"
                " (SELECT 1 FROM pg_constraint WHERE conname = indexname)",
                [model._meta.db_table],
            )
            for name, definition in cursor.fetchall():
                columns = constraints.get(name, {}).get("columns") or []
                if len(columns) == 1 and columns[0] in kept:
                    continue
                definitions.append(definition)
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for definition in definitions:
                cursor.execute(definition)


def fast_insert(model, objects: list) -> list:
    """Insert rows in bulk and give each object its primary key.

    On PostgreSQL, COPY with ids drawn from the table's sequence beforehand: Django's
    `bulk_create` spends most of its time composing the INSERT statement, which COPY does not
    need (a million articles load about twice as fast). Elsewhere, `bulk_create`.
    """
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objects, batch_size=500)
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
        fields = meta.concrete_fields
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        table = connection.ops.quote_name(meta.db_table)
        values = [column_value(field) for field in fields]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([value(obj) for value in values])
    return objects


# Fields whose stored attribute psycopg writes as it is: reading it directly skips Django's
# per-value preparation, which was a third of a million-article load. Anything else (JSON,
# StreamField, fields that fill themselves in on save) goes through the field's own code.
# (IntegerField covers the automatic keys, CharField the slugs.)
PLAIN_FIELDS = (
    models.BooleanField,
    models.CharField,
    models.ForeignKey,
    models.IntegerField,
    models.TextField,
    models.UUIDField,
)


def column_value(field):
    plain = isinstance(field, PLAIN_FIELDS) or (
        type(field) is models.DateTimeField and not (field.auto_now or field.auto_now_add)
    )
    if plain:
        return operator.attrgetter(field.attname)
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)
