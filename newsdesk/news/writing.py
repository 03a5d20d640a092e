"""Writing without friction (issue 16): what a new article starts with, so the writer fills in
the story and not the furniture."""

from django.utils.translation import gettext_lazy as _

from newsdesk.news.models import Article, ArticleAuthor, Author, SectionPage


def own_byline(user, locale):
    """The writer's own byline in the article's edition (its translation there when the writer
    has one), else their byline in another edition, else None."""
    if not getattr(user, "pk", None):
        return None
    bylines = list(Author.objects.filter(user=user).order_by("pk"))
    if not bylines:
        return None
    in_edition = [author for author in bylines if author.locale_id == locale.pk]
    if in_edition:
        return in_edition[0]
    translated = Author.objects.filter(
        translation_key__in=[author.translation_key for author in bylines], locale=locale
    ).first()
    return translated or bylines[0]


def new_article(user, locale) -> Article:
    """A new article in the edition, signed with the writer's byline."""
    article = Article(locale=locale)
    if author := own_byline(user, locale):
        article.article_authors = [ArticleAuthor(author=author)]
    return article


def use_edition_sections(form) -> None:
    """The section as a plain select of the edition's sections, "also in" as checkboxes (instead
    of Wagtail's page-tree dialog, which shows every edition's tree)."""
    from django import forms

    locale_id = form.instance.locale_id
    # (Wagtail's preview of a new article builds the form before the article has its edition.)
    sections = SectionPage.objects.filter(locale_id=locale_id) if locale_id else SectionPage.objects
    sections = sections.order_by("title")
    if "section" in form.fields:
        field = form.fields["section"]
        field.widget = forms.Select()
        field.queryset = sections  # (the setter fills the new widget's choices)
        field.empty_label = _("— choose a section —")
    if "also_in" in form.fields:
        field = form.fields["also_in"]
        field.widget = forms.CheckboxSelectMultiple()
        field.queryset = sections
