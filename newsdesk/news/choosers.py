"""The article chooser (issue 16): the modal that picks an article for a "See also" block and for
a link in the text (the rich-text toolbar's "Article" button, news.rich_text). It finds articles
by the first letters of their headline's words, newest first, and shows each one's publication
date, edition and section, so that the right one of several similar stories is picked."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm, LocaleFilterMixin, SearchFilterMixin
from wagtail.admin.ui.tables import Column
from wagtail.search.backends import get_search_backend
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)


class ArticleFilterForm(LocaleFilterMixin, SearchFilterMixin, BaseFilterForm):
    def filter(self, objects):
        code = self.cleaned_data.get("locale")
        if code:
            objects = objects.filter(locale__language_code=code)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            # Newest first still, not by relevance: the story wanted is usually a recent one.
            objects = get_search_backend().autocomplete(query, objects, order_by_relevance=False)
            self.is_searching, self.search_query = True, query
        return objects


def publication_date(article) -> str:
    if not article.published_at:
        return str(_("not published"))
    return date_format(timezone.localtime(article.published_at), "SHORT_DATETIME_FORMAT")


def section_title(article) -> str:
    return article.section.title if article.section_id else ""


class ArticleChooseMixin:
    filter_form_class = ArticleFilterForm
    ordering = ["-published_at", "-id"]

    def get_object_list(self):
        return super().get_object_list().select_related("section", "locale")

    @property
    def columns(self):
        return [
            *super().columns,
            Column("published", label=_("Published"), accessor=publication_date),
            Column("section", label=_("Section"), accessor=section_title),
        ]


class ArticleChooseView(ArticleChooseMixin, ChooseView):
    pass


class ArticleChooseResultsView(ArticleChooseMixin, ChooseResultsView):
    pass


class ArticleChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ArticleChooseView
    choose_results_view_class = ArticleChooseResultsView
