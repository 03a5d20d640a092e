"""What an article's save keeps in step besides its row: the publication and "Updated" times and
the public log of corrections, the "also in" and tag entries the listings walk, the citations
"Related" and "See also" read, and the sitemap index's month counts.

`Article.save` calls `before_save` ahead of writing the row and `after_save` once it is written,
in one transaction. A publication (Wagtail saves the whole row) does all of it; a save of a few
fields does only what those fields feed: a lock, or a draft stored as a revision, does none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from newsdesk.news.models.records import (
    ArchiveMonth,
    ArticleChange,
    ArticleCitation,
    ChangeKind,
    ExtraSectionEntry,
    month_bounds,
)
from newsdesk.news.tags import ArticleTag

# What each record is made from: a save whose `update_fields` (Wagtail's lock and unlock, a
# draft's revision pointer, the desk flags a translation follows) names none of these leaves it
# as it was, and is spared its queries.
ARCHIVE_INPUTS = frozenset({"live", "published_at", "updated_at", "locale"})
LISTING_INPUTS = frozenset({"live", "published_at", "also_in", "tags", "tagged_items"})
CITATION_INPUTS = frozenset({"body"})


def saves_any(update_fields, inputs) -> bool:
    """Whether a save with these `update_fields` (None: all of them) writes any of `inputs`."""
    return update_fields is None or not inputs.isdisjoint(update_fields)


@dataclass(frozen=True)
class PendingRecords:
    """What `before_save` learnt that `after_save` needs."""

    change: dict | None  # the log entry the edit's note makes
    archive_before: tuple | None  # the stored row's archive state (when the save can change it)


def before_save(article, update_fields) -> PendingRecords:
    change = publication_change(article, update_fields)
    counted = article.pk and saves_any(update_fields, ARCHIVE_INPUTS)
    return PendingRecords(change=change, archive_before=archive_state(article) if counted else None)


def after_save(article, update_fields, pending: PendingRecords) -> None:
    if pending.change is not None:
        ArticleChange.objects.create(article=article, **pending.change)
    if saves_any(update_fields, LISTING_INPUTS):
        sync_extra_sections(article)
    if saves_any(update_fields, CITATION_INPUTS):
        ArticleCitation.sync(article)
    if saves_any(update_fields, ARCHIVE_INPUTS):
        refresh_archive_months(pending.archive_before, archive_state(article))


def publication_change(article, update_fields) -> dict | None:
    """Before a save: set the publication time on first publication and, when this save
    publishes a later revision, the "Updated" time unless the editor marked the edit as minor.
    Returns the log entry the edit's note makes (None without a note)."""
    from newsdesk.news.models import Article

    if not article.live or update_fields is not None:
        return None
    if article.published_at is None:
        article.published_at = article.first_published_at or timezone.now()
    stored = (
        Article.objects.filter(pk=article.pk).values_list("last_published_at", flat=True).first()
        if article.pk
        else None
    )
    # A publication of an article that was published before (not its first one).
    later_publication = (
        stored is not None
        and article.last_published_at is not None
        and article.last_published_at != stored
    )
    if stored is None:  # its first publication: a translation's copy of its source's
        article.updated_at = None  # "updated" time is not an update of this version
    if not later_publication or article.change_kind == ChangeKind.MINOR:
        return None
    article.updated_at = article.last_published_at
    if not article.change_note.strip():
        return None
    return {
        "kind": article.change_kind,
        "note": article.change_note.strip(),
        "published_at": article.last_published_at,
    }


def archive_state(article):
    """(locale, publication time, update time) of the stored row when live, else None: what
    the month counts of the sitemap index depend on."""
    from newsdesk.news.models import Article

    row = (
        Article.objects.filter(pk=article.pk, live=True)
        .values_list("locale_id", "published_at", "updated_at")
        .first()
    )
    return row if row and row[1] else None


def refresh_archive_months(before, after) -> None:
    if before == after:
        return
    # Each month the change touches, once (an edit within a month touches one).
    months = {(state[0], month_bounds(state[1])[0]) for state in (before, after) if state}
    for locale_id, month_start in months:
        ArchiveMonth.refresh(locale_id, month_start)


def sync_extra_sections(article) -> None:
    """Mirror the stored (published) extra sections, time and state into ExtraSectionEntry,
    and the time and state into the article's tag entries. Read back from the database: a draft
    being saved holds sections not yet published."""
    from newsdesk.news.models import Article

    stored = Article.objects.filter(pk=article.pk).values("live", "published_at").first()
    if stored is None:
        return
    sections = Article.also_in.through.objects.filter(article_id=article.pk).values_list(
        "sectionpage_id", flat=True
    )
    ExtraSectionEntry.objects.filter(article_id=article.pk).delete()
    ExtraSectionEntry.objects.bulk_create(
        ExtraSectionEntry(article_id=article.pk, section_id=section_id, **stored)
        for section_id in sections
    )
    ArticleTag.objects.filter(content_object_id=article.pk).update(**stored)  # tag listings
