"""Bylines: authors (translatable snippets) and the ordered authors of an article."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from newsdesk.news.models.text import control_character_errors


class Author(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(
        _("role"), max_length=120, blank=True, help_text=_("e.g. correspondent")
    )
    # The writer this byline belongs to: their new articles are signed with it (news.writing).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("back-office account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("New articles this person writes are signed with this byline."),
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("user")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = control_character_errors(self, ["name", "role"])
        if errors:
            raise ValidationError(errors)


class ArticleAuthor(Orderable):
    article = ParentalKey("news.Article", related_name="article_authors", on_delete=models.CASCADE)
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )

    panels = [FieldPanel("author")]


def localize_objects(objects, locale_id):
    """Translatable snippets (authors) shown in the article's edition when a translation exists:
    one query for the lot."""
    keys = [obj.translation_key for obj in objects if obj.locale_id != locale_id]
    if not keys:
        return objects
    model = type(objects[0])
    found = {
        obj.translation_key: obj
        for obj in model.objects.filter(translation_key__in=keys, locale_id=locale_id)
    }
    return [found.get(obj.translation_key, obj) for obj in objects]
