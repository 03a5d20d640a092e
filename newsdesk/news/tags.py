"""Tags belong to an edition.

taggit's Tag is one global set: a translated article kept its Russian tags and the English page
showed «Казань» linking to `/en/news/tag/казань/`. Here each edition has its own tags (the same
name or address may exist in two editions as two tags), and a tag may be linked to its
translation in another edition by sharing a `translation_key`, as Wagtail links any two
translations. A tag is always made in the edition of the article it is added to
(`EditionTaggableManager`), and an article saved with another edition's tags (a translation
starts as a copy of its source) carries their translations instead, or nothing
(`newsdesk.news.translation.localize_relations`).
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager, _ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import TranslatableMixin


class Tag(TranslatableMixin, TagBase):
    # Unique per edition, not across them (TagBase makes both unique site-wide).
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        blank=True,
        help_text=_("The tag's address: /news/tag/<slug>/. Made from the name when left empty."),
    )

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="news_tag_slug_per_edition"),
            models.UniqueConstraint(fields=["locale", "name"], name="news_tag_name_per_edition"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # TagBase makes the slug only for a new tag; an editor who empties it gets one too.
        if not self._state.adding and not self.slug:
            self.slug = self.slugify(self.name)
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        slug = self.slug or self.slugify(self.name)
        same = Tag.objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)
        if same.filter(name=self.name).exists():
            raise ValidationError({"name": _("This edition already has a tag with this name.")})
        if same.filter(slug=slug).exists():
            raise ValidationError({"slug": _("This edition already has a tag with this address.")})


class ArticleTag(ItemBase):
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="tagged_articles", verbose_name=_("tag")
    )
    content_object = ParentalKey(
        "news.Article", related_name="tagged_items", on_delete=models.CASCADE
    )
    # The stored article's state and time, mirrored by Article.save (as ExtraSectionEntry): a
    # tag's listing walks (tag, published_at) down its own index, where a filter on the
    # article table read the edition until it found a batch of the tag's stories.
    live = models.BooleanField(default=False, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["tag", "published_at", "content_object"], name="news_articletag_listing"
            )
        ]


class _EditionTagManager(_ClusterTaggableManager):
    """Tags named by text are looked up, or made, in the article's own edition."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        locale_id = getattr(self.instance, "locale_id", None)
        if locale_id is not None:
            tag_kwargs = {**tag_kwargs, "locale_id": locale_id}
        return super()._to_tag_model_instances(tags, tag_kwargs)


class EditionTaggableManager(ClusterTaggableManager):
    def __get__(self, instance, model):
        return _EditionTagManager(
            through=self.through, model=model, instance=instance, prefetch_cache_name=self.name
        )


class TagForm(WagtailAdminModelForm):
    """A tag, and the tag of another edition it translates (the link a translated article's tags
    follow)."""

    translation_of = forms.ModelChoiceField(
        label=_("Translation of"),
        queryset=Tag.objects.none(),
        required=False,
        help_text=_(
            "The same tag in another edition. Articles translated from that edition carry "
            "this tag in place of that one."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from wagtail.snippets.widgets import AdminSnippetChooser

        tag = self.instance
        others = Tag.objects.exclude(locale_id=tag.locale_id) if tag.locale_id else Tag.objects
        field = self.fields["translation_of"]
        field.queryset = others.all()
        # Made here, not with the class: the chooser's texts follow the editor's language
        # (newsdesk.core.admin_language), and a modal with search scales to thousands of tags.
        field.widget = AdminSnippetChooser(Tag)
        if tag.pk:
            self.initial["translation_of"] = (
                others.filter(translation_key=tag.translation_key)
                .values_list("pk", flat=True)
                .first()
            )

    def clean_translation_of(self):
        other = self.cleaned_data.get("translation_of")
        if other is None:
            return None
        taken = (
            Tag.objects.filter(
                translation_key=other.translation_key, locale_id=self.instance.locale_id
            )
            .exclude(pk=self.instance.pk)
            .first()
        )
        if taken is not None:
            raise ValidationError(
                _("“%(other)s” is already translated in this edition as “%(taken)s”.")
                % {"other": other.name, "taken": taken.name}
            )
        return other

    def save(self, commit=True):
        other = self.cleaned_data.get("translation_of")
        linked = Tag.objects.filter(translation_key=self.instance.translation_key).exclude(
            pk=self.instance.pk
        )
        if other is not None:
            self.instance.translation_key = other.translation_key
        elif self.instance.pk and linked.exists():
            self.instance.translation_key = uuid.uuid4()  # the link is undone
        return super().save(commit=commit)
