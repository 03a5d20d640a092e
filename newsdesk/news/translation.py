"""Two editions in step: what a translated article carries, when it may go live, and when it is
behind its source (issue 17; docs/editors.md, "Translations").

wagtail-localize makes a translation as a copy of its source (relations included) and fills in
the translated text. Left at that, the copy leaks the source's language: its "See also" names
the source edition's stories (and Translate made English drafts of them, Russian headlines and
all), its tags are the source's tags, and "Publish" put any text not translated yet on the page
in the source's language. So:

- whenever an article is saved, what it refers to is taken into its own edition
  (`localize_relations`): cross-links and inline links to the story's version in this edition,
  dropped when there is none (an inline link keeps its words); tags to their linked translation,
  left out otherwise (the translator gives the tag an English version under Tags, and the next
  publication carries it); bylines to their translation when there is one;
- a translation goes live only when every piece of its text is translated (`untranslated`,
  checked by the back office before publishing and by `Article.save` whatever publishes);
- its address is made from its own headline until it is first published (the slug is not part
  of the text to translate);
- the desk's flags follow the source when the translations are synced (`DESK_FLAGS`);
- a correction or update logged on the source marks each translation published before it as
  needing an update (`with_update_state`), until it is synced and published again.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from newsdesk.core import dependencies
from newsdesk.news import references

# Flags that are the desk's decision, not text: a translation follows its source's.
DESK_FLAGS = ("is_breaking", "is_featured", "breaking_until")

ANCHOR = re.compile(r"(<a\b[^>]*>)(.*?)(</a>)", re.S)
ARTICLE_ID = re.compile(r'\bid="(\d+)"')


def enabled_translation(instance):
    """The wagtail-localize translation that fills in this object (enabled: the translation
    editor stands in for the ordinary edit form), or None for an original."""
    from wagtail_localize.models import Translation

    if not instance.locale_id:
        return None
    return (
        Translation.objects.filter(
            source__object_id=instance.translation_key,
            target_locale_id=instance.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale")
        .first()
    )


def untranslated(translation) -> int:
    """How many pieces of the source's text have no translation (or one with an error) yet."""
    total, translated = translation.get_progress()
    return total - translated


def untranslated_message(count: int, language: str) -> str:
    return ngettext(
        "%(count)s piece of text is not translated yet. The %(language)s version can be "
        "published once all of its text is translated.",
        "%(count)s pieces of text are not translated yet. The %(language)s version can be "
        "published once all of its text is translated.",
        count,
    ) % {"count": count, "language": language}


def prepare_for_save(article, update_fields) -> None:
    """Called by `Article.save` before anything else (see the module's docstring)."""
    if update_fields is not None or not article.locale_id:
        return  # bookkeeping (a lock, a draft title): the stored relations are unchanged
    localize_relations(article)
    translation = enabled_translation(article)
    if translation is None:
        return
    if article.last_published_at is None:  # not published yet
        article.slug = ""  # made again from the translated headline (Article.save)
    if article.live and (missing := untranslated(translation)):
        # "__all__": wagtail-localize matches an error's key to a field's translation
        raise ValidationError(
            {"__all__": untranslated_message(missing, translation.target_locale.get_display_name())}
        )


def localize_relations(article) -> None:
    localize_references(article)
    localize_tags(article)
    localize_bylines(article)


def localize_references(article) -> None:
    """See-also blocks and inline links to another edition's stories point at the same story in
    this edition, or go (an inline link's words stay)."""
    from newsdesk.news.models import Article

    if not article.body:
        return
    raw = article.body.get_prep_value()
    ids = references.referenced_ids(raw)
    if not ids:
        return
    rows = Article.objects.filter(pk__in=ids).values_list("pk", "locale_id", "translation_key")
    foreign = {pk: key for pk, locale_id, key in rows if locale_id != article.locale_id}
    if not foreign:
        return
    own = dict(
        Article.objects.filter(
            locale_id=article.locale_id, translation_key__in=set(foreign.values())
        ).values_list("translation_key", "pk")
    )
    targets = {pk: own.get(key) for pk, key in foreign.items()}  # None: no version here
    body = []
    for block in raw:
        value = block.get("value")
        if block.get("type") == "crosslink" and isinstance(value, dict):
            target = str(value.get("article", ""))
            if target.isdigit() and int(target) in targets:
                if targets[int(target)] is None:
                    continue
                block = {**block, "value": {**value, "article": targets[int(target)]}}
        elif block.get("type") == "paragraph" and isinstance(value, str):
            block = {**block, "value": relink(value, targets)}
        body.append(block)
    article.body = body


def relink(html: str, targets: dict) -> str:
    def replace(match):
        opening, words, closing = match.groups()
        found = ARTICLE_ID.search(opening)
        if 'linktype="article"' not in opening or not found or int(found[1]) not in targets:
            return match[0]
        target = targets[int(found[1])]
        if target is None:
            return words
        return opening.replace(found[0], f'id="{target}"') + words + closing

    return ANCHOR.sub(replace, html)


def localize_tags(article) -> None:
    """Another edition's tags (a translation starts with its source's) become their linked
    translations in this edition; tags without one are left out."""
    from newsdesk.news.tags import Tag

    tags = list(article.tags.all())
    foreign = [tag for tag in tags if tag.locale_id != article.locale_id]
    if not foreign:
        return
    own = {
        tag.translation_key: tag
        for tag in Tag.objects.filter(
            locale_id=article.locale_id,
            translation_key__in=[tag.translation_key for tag in foreign],
        )
    }
    kept = []
    for tag in tags:
        mine = tag if tag.locale_id == article.locale_id else own.get(tag.translation_key)
        if mine is not None and mine not in kept:
            kept.append(mine)
    article.tags.set(kept)


def tags_left_out(translation) -> list[str]:
    """Names of the source's tags that its translation cannot carry yet: they have no version
    in the translation's edition."""
    from newsdesk.news.tags import Tag

    source = translation.source.get_source_instance()
    tags = list(source.tags.all()) if hasattr(source, "tags") else []
    present = set(
        Tag.objects.filter(
            locale_id=translation.target_locale_id,
            translation_key__in=[tag.translation_key for tag in tags],
        ).values_list("translation_key", flat=True)
    )
    return [tag.name for tag in tags if tag.translation_key not in present]


def localize_bylines(article) -> None:
    """Bylines copied from the source name their author's translation where there is one (the
    page shows a byline in its edition's language; feeds read the stored one)."""
    from newsdesk.news.models import Author

    links = list(article.article_authors.all())
    if not links:
        return
    authors = Author.objects.filter(pk__in=[link.author_id for link in links])
    foreign = {
        pk: key
        for pk, locale_id, key in authors.values_list("pk", "locale_id", "translation_key")
        if locale_id != article.locale_id
    }
    if not foreign:
        return
    own = dict(
        Author.objects.filter(
            locale_id=article.locale_id, translation_key__in=set(foreign.values())
        ).values_list("translation_key", "pk")
    )
    changed = False
    for link in links:
        mine = own.get(foreign.get(link.author_id))
        if mine is not None:
            link.author_id, changed = mine, True
    if changed:
        article.article_authors = links


def follow_desk_flags(source) -> list:
    """Give each translation of `source` the source's desk flags (breaking, lead story, banner
    end), live translations included, without publishing their text again. Returns the
    translations that changed."""
    from wagtail_localize.models import Translation

    from newsdesk.news.models import Article

    locales = Translation.objects.filter(
        source__object_id=source.translation_key, source__locale_id=source.locale_id, enabled=True
    ).values("target_locale_id")
    flags = {name: getattr(source, name) for name in DESK_FLAGS}
    changed = []
    for article in Article.objects.filter(
        translation_key=source.translation_key, locale_id__in=locales
    ).select_related("locale"):
        if any(getattr(article, name) != value for name, value in flags.items()):
            for name, value in flags.items():
                setattr(article, name, value)
            article.save(update_fields=list(DESK_FLAGS))
            changed.append(article)
    if changed:
        # The banners, the home page's lead story and the translations' own pages.
        dependencies.bump(
            dependencies.story(source.translation_key),
            *(dependencies.article(article.pk) for article in changed),
            *(dependencies.edition(article.locale.language_code) for article in changed),
        )
    return changed


def with_update_state(queryset):
    """Annotate `needs_update`: the article is a translation published before a correction or
    update logged on its source that it has not been synced and published with since."""
    from wagtail_localize.models import TranslationSource

    from newsdesk.news.models import ArticleChange

    later_change = ArticleChange.objects.filter(
        article__translation_key=OuterRef("object_id"), article__locale_id=OuterRef("locale_id")
    ).filter(
        Q(published_at__gt=OuterRef(OuterRef("last_published_at")))
        | Q(published_at__gt=OuterRef("last_updated_at"))  # not synced since
    )
    behind = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"),
        translations__target_locale_id=OuterRef("locale_id"),
        translations__enabled=True,
    ).filter(Exists(later_change))
    # Only a published translation can be behind: a draft is not in front of readers yet.
    return queryset.annotate(
        needs_update=Case(
            When(last_published_at__isnull=True, then=Value(False)),
            default=Exists(behind),
            output_field=BooleanField(),
        )
    )


def update_state_label(article) -> str:
    return _("Needs an update") if getattr(article, "needs_update", False) else ""
