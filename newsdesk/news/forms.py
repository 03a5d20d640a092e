"""The article form in the back office: Wagtail's, plus suggestions of earlier coverage to link."""

import json
import re

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from newsdesk.news import references

SUGGESTIONS = 8
# What readers read: an edit of any of these (or of the body or byline) is an update by default.
TEXT_FIELDS = (
    "headline",
    "lead",
    "dateline",
    "lead_image",
    "lead_image_caption",
    "lead_image_credit",
)


BLOCK_KEY = re.compile(r' data-block-key=\\"[^"\\]*\\"')


def key_of(value):
    return getattr(value, "pk", value) if value is not None else None


def body_data(body) -> str:
    """The body's text: its blocks without their ids or the editor's paragraph keys (the form
    may give a block a new one)."""
    data = body.get_prep_value() if body else []
    blocks = json.dumps([[block["type"], block["value"]] for block in data], sort_keys=True)
    return BLOCK_KEY.sub("", blocks)


class SuggestionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, article):
        day = date_format(timezone.localtime(article.published_at), "SHORT_DATE_FORMAT")
        return f"{article.headline} ({day})"


class ArticleAdminForm(WagtailAdminModelForm):
    """Suggestions: earlier articles of the edition most like this one (news.related), not
    linked from it yet. Ticking a suggested article adds a "See also" block for it at the end of the body: a link
    by id, so it survives the other article's slug or date changing."""

    add_see_also = SuggestionChoice(
        label=_("Earlier coverage to link"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Published articles most like this one (by headline and tags). Ticked ones are "
            "added as “See also” links at the end of the text when you save."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from newsdesk.news.models import Article
        from newsdesk.news.related import similar_ids
        from newsdesk.news.writing import use_edition_sections

        use_edition_sections(self)
        article = self.instance
        if article.locale_id and "headline" in self.fields:
            # The text editor's article chooser opens on this edition (static news/article-link.js).
            self.fields["headline"].widget.attrs["data-edition"] = article.locale.language_code
        ids = []
        if article.pk and article.locale_id:
            already = references.referenced_ids(article.body.raw_data) if article.body else set()
            ids = similar_ids(article, SUGGESTIONS, exclude=already, earlier_only=True)
        self.fields["add_see_also"].queryset = Article.objects.filter(pk__in=ids)
        order = {pk: position for position, pk in enumerate(ids)}
        choices = sorted(
            Article.objects.filter(pk__in=ids).only("id", "headline", "published_at"),
            key=lambda article: order[article.pk],
        )
        self.fields["add_see_also"].choices = [
            (choice.pk, self.fields["add_see_also"].label_from_instance(choice))
            for choice in choices
        ]

    def clean(self):
        from newsdesk.news.models import headline_slug

        cleaned = super().clean()
        # Until its first publication an article's slug follows its headline: the first autosave
        # made one from the first letters typed, and the form shows it from then on. A slug the
        # editor typed, or one readers have seen, stays.
        initial = self.initial.get("slug") or ""
        if (
            self.instance.first_published_at is None
            and initial
            and cleaned.get("slug") == initial
            and re.fullmatch(
                re.escape(headline_slug(self.initial.get("headline") or "")) + r"(-\d+)?", initial
            )
        ):
            cleaned["slug"] = ""  # made again from the headline (Article.clean)
        from newsdesk.news.photos import fill_from_photo

        fill_from_photo(cleaned)
        self.quiet_placement_edit(cleaned)
        return cleaned

    def quiet_placement_edit(self, cleaned) -> None:
        """An edit of a published article left at the default kind ("update", no note) that
        touches only its placement, flags or tags is published as minor: readers see no
        "Updated" time for a story moved to another section. A change to the text keeps it."""
        from newsdesk.news.models import ChangeKind

        if (
            cleaned.get("change_kind") != ChangeKind.UPDATE
            or (cleaned.get("change_note") or "").strip()
            or cleaned.get("add_see_also")
            or not self.instance.pk
        ):
            return
        live = type(self.instance).objects.filter(pk=self.instance.pk, live=True).first()
        if live is None:
            return
        for name in TEXT_FIELDS:
            if name in cleaned and key_of(cleaned[name]) != key_of(getattr(live, name)):
                return
        if "body" in cleaned and body_data(cleaned["body"]) != body_data(live.body):
            return
        authors = self.formsets.get("article_authors")
        if authors is not None:
            if not authors.is_valid():
                return
            chosen = {
                key_of(form.cleaned_data.get("author"))
                for form in authors.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            }
            if chosen != set(live.article_authors.values_list("author_id", flat=True)):
                return
        cleaned["change_kind"] = ChangeKind.MINOR

    class Media:
        js = ["news/photo-details.js"]

    def save(self, commit=True):
        from newsdesk.news.photos import remember

        remember(self.instance)
        chosen = self.cleaned_data.get("add_see_also") or []
        if chosen:
            body = list(self.instance.body.raw_data) if self.instance.body else []
            already = references.referenced_ids(body)
            body += [
                {"type": "crosslink", "value": {"article": article.pk}}
                for article in chosen
                if article.pk not in already and article.pk != self.instance.pk
            ]
            self.instance.body = body
        return super().save(commit=commit)
