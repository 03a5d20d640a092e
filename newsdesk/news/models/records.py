"""Rows kept in step with articles so that readers' pages read them instead of counting or
joining: "also in" entries, citations, the public log of corrections, the sitemap index's month
counts, and photos' own captions and credits (news.publishing keeps the first four)."""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.db.models import Count, Max
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsdesk.core import dependencies
from newsdesk.news import references


def articles():
    """All articles (news.models.article imports this module: looked up when first needed)."""
    from newsdesk.news.models.article import Article

    return Article.objects


class PhotoDetails(models.Model):
    """A photo's own caption and credit (issue 16): the last ones an article was saved with, filled
    into the next article that uses the photo (news.photos), where they stay editable."""

    image = models.OneToOneField(
        "wagtailimages.Image", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("photo caption and credit")
        verbose_name_plural = _("photo captions and credits")

    def __str__(self):
        return f"photo {self.image_id}: {self.credit}"


class ExtraSectionEntry(models.Model):
    """An article listed in a section besides its own ("also in"), with the article's publication
    time and state copied in, so that a section's listing walks an index ordered by time
    (news.publishing.sync_extra_sections keeps it in step with the article)."""

    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey("news.SectionPage", on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField(null=True)
    live = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "section"], name="news_extra_section_once")
        ]
        indexes = [
            models.Index(
                fields=["section", "published_at", "article"], name="news_extra_section_idx"
            )
        ]

    def __str__(self):
        return f"article {self.article_id} in section {self.section_id}"


class ChangeKind(models.TextChoices):
    UPDATE = "update", _("Update: new information (readers see the “Updated” time)")
    CORRECTION = "correction", _("Correction: fixes a mistake (logged for readers)")
    MINOR = "minor", _("Minor: a typo or formatting (no “Updated” time)")


class ArticleCitation(models.Model):
    """An article whose live text links to another (a "see also" block or an inline link): the
    story thread "Related" starts from, and the "See also" backlinks of the cited article. Kept in
    step with the live body by each save (news.publishing); filled in bulk by the demo loader."""

    source = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="news_citation_once")
        ]
        indexes = [models.Index(fields=["target", "source"], name="news_citation_target_idx")]

    def __str__(self):
        return f"article {self.source_id} cites article {self.target_id}"

    @classmethod
    def sync(cls, article) -> None:
        cited = references.referenced_ids(article.body.raw_data) - {article.pk}
        stored = set(cls.objects.filter(source=article).values_list("target_id", flat=True))
        if cited == stored:
            return
        existing = set(articles().filter(pk__in=cited).values_list("pk", flat=True))
        cls.objects.filter(source=article).exclude(target_id__in=existing).delete()
        cls.objects.bulk_create(
            [cls(source=article, target_id=pk) for pk in existing - stored], ignore_conflicts=True
        )
        # Their "See also" lists gain or lose this article.
        dependencies.bump(*(dependencies.cited(pk) for pk in existing ^ stored))


class ArticleChange(models.Model):
    """One entry of an article's public log of corrections and updates, written when an edit is
    published with a note (news.publishing.publication_change). Not part of the article's revisions:
    reverting the text never erases the record that it was corrected."""

    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=[(ChangeKind.UPDATE, _("Update")), (ChangeKind.CORRECTION, _("Correction"))],
    )
    note = models.TextField(_("note"))
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["article", "published_at"], name="news_article_change_idx")]

    def __str__(self):
        return f"{self.kind} of article {self.article_id} at {self.published_at:%Y-%m-%d %H:%M}"


def month_bounds(moment):
    """(first instant, first instant of the next month) of the site-zone month holding `moment`."""
    zone = timezone.get_default_timezone()
    local = moment.astimezone(zone)
    start = datetime.datetime(local.year, local.month, 1, tzinfo=zone)
    following = datetime.datetime(
        local.year + local.month // 12, local.month % 12 + 1, 1, tzinfo=zone
    )
    return start, following


class ArchiveMonth(models.Model):
    """How many live articles an edition published in a month, and its latest change: what the
    sitemap index lists, without counting the archive on every request. Kept in step by each
    article's save (news.publishing) and deletion (one month recounted down its index), and
    rebuilt whole after a bulk load (`refresh_all`)."""

    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the month's first day, in the site's zone
    article_count = models.PositiveIntegerField()
    latest_change = models.DateTimeField()
    # [published_at (ISO), id] of the first article of each sitemap file after the first: file
    # N of the month starts there (keyset), where an OFFSET read every row before it.
    file_starts = models.JSONField(default=list, blank=True)

    FILE_SIZE = 500  # articles per sitemap file (syndication.sitemaps)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["locale", "month"], name="news_archive_month_once")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.article_count} articles"

    @classmethod
    def refresh(cls, locale_id, moment) -> None:
        start, following = month_bounds(moment)
        totals = (
            articles()
            .filter(
                live=True, locale_id=locale_id, published_at__gte=start, published_at__lt=following
            )
            .aggregate(count=Count("id"), latest=Max(Coalesce("updated_at", "published_at")))
        )
        if totals["count"]:
            cls.objects.update_or_create(
                locale_id=locale_id,
                month=start.date(),
                defaults={
                    "article_count": totals["count"],
                    "latest_change": totals["latest"],
                    "file_starts": cls.starts_of_files(locale_id, start, following),
                },
            )
        else:
            cls.objects.filter(locale_id=locale_id, month=start.date()).delete()

    @classmethod
    def refresh_all(cls) -> None:
        rows = (
            articles()
            .filter(live=True)
            .annotate(month=TruncMonth("published_at", tzinfo=timezone.get_default_timezone()))
            .values("locale_id", "month")
            .annotate(count=Count("id"), latest=Max(Coalesce("updated_at", "published_at")))
        )
        with transaction.atomic():
            cls.objects.all().delete()
            cls.objects.bulk_create(
                cls(
                    locale_id=row["locale_id"],
                    month=row["month"].date(),
                    article_count=row["count"],
                    latest_change=row["latest"],
                    file_starts=cls.starts_of_files(row["locale_id"], *month_bounds(row["month"]))
                    if row["count"] > cls.FILE_SIZE
                    else [],
                )
                for row in rows
            )

    @classmethod
    def starts_of_files(cls, locale_id, start, following) -> list:
        """Where each sitemap file of the month after the first begins: one walk down the
        month's range of the (locale, published_at, id) index, when the month changes."""
        keys = (
            articles()
            .filter(
                live=True, locale_id=locale_id, published_at__gte=start, published_at__lt=following
            )
            .order_by("published_at", "id")
            .values_list("published_at", "id")
        )
        return [
            [published_at.isoformat(), pk]
            for position, (published_at, pk) in enumerate(keys.iterator())
            if position and position % cls.FILE_SIZE == 0
        ]

    def file_start(self, number: int):
        """(published_at, id) where file `number` (1, 2, …) begins; None for the first file,
        False past the last."""
        if number == 1:
            return None
        if number - 2 >= len(self.file_starts):
            return False
        published_at, pk = self.file_starts[number - 2]
        return datetime.datetime.fromisoformat(published_at), pk
