"""`/<lang>/search/?q=`: the edition's published articles, found by their words' stems.

Ranking: Wagtail's backend ranks the text matches (headline over lead over tags, sections and
authors over body); the best CANDIDATES of them are then re-ranked with a recency boost, since a
news reader searching "elections" wants this week's coverage before a closer match from years
ago. "Newest first" lists every match by date instead.

Pagination is by cursor in both orders. By date it is the site's keyset cursor (published_at,
id). By relevance it is the moment the first page was ranked and the position reached: the next
page ranks again as of that moment, leaving out anything published since, so nothing is skipped
or shown twice while a reader pages.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from newsdesk.core.context_processors import get_chrome
from newsdesk.news import pagination
from newsdesk.news import search_text as text
from newsdesk.news.models import Article, body_text

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
CANDIDATES = 500
RECENCY_HALF_LIFE_DAYS = 30  # a story this old gets half the boost of one published today
_RANK_CURSOR = re.compile(r"\A([0-9]{1,18})\.([0-9]{1,4})\Z")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("The search is too long: at most %(limit_value)d characters.")
        },
    )
    section = forms.ChoiceField(label=_("Section"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("Most relevant")), ("date", _("Newest first"))],
    )

    def __init__(self, data, sections: dict, **kwargs):
        super().__init__(data, **kwargs)
        self.sections = {section.slug: pk for pk, section in sections.items()}
        self.fields["section"].choices = [("", _("All sections"))] + [
            (section.slug, section.title) for section in sections.values()
        ]

    def clean_q(self):
        query = self.cleaned_data["q"]
        if len(text.WORD.findall(query)) > MAX_WORDS:
            raise forms.ValidationError(
                _("Too many words: search for at most %(count)d."), params={"count": MAX_WORDS}
            )
        return query

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


@dataclass(frozen=True)
class RankCursor:
    """Where a relevance-ordered listing stopped: the moment it was ranked and the position."""

    as_of: datetime.datetime
    position: int

    def encode(self) -> str:
        return f"{int((self.as_of - _EPOCH).total_seconds())}.{self.position}"

    @classmethod
    def decode(cls, token: str) -> RankCursor:
        match = _RANK_CURSOR.match(token)
        if not match:
            raise BadRequest(f"malformed search cursor {token[:60]!r}")
        seconds, position = int(match.group(1)), int(match.group(2))
        if seconds > 253_402_300_799 or position > CANDIDATES:  # past 9999-12-31
            raise BadRequest(f"search cursor out of range {token[:60]!r}")
        return cls(_EPOCH + datetime.timedelta(seconds=seconds), position)


def recency_boost(published_at, as_of) -> float:
    """1 for a story published now, falling towards ½ with age (half of the extra every
    RECENCY_HALF_LIFE_DAYS)."""
    age_days = max((as_of - published_at).total_seconds(), 0) / 86_400
    return 0.5 + 0.5 * math.pow(0.5, age_days / RECENCY_HALF_LIFE_DAYS)


def search_page(request):
    language = translation.get_language()
    chrome = get_chrome(language)
    locale_id = chrome.locale_id
    if not locale_id:
        raise Http404("no such edition")
    for name in request.GET:
        if len(request.GET.getlist(name)) > 1:
            raise BadRequest(f"more than one {name[:40]!r}")
    form = SearchForm(request.GET, chrome.sections)
    context = {"form": form, "query": "", "results": [], "next_query": "", "searched": False}
    if not form.is_valid():
        return TemplateResponse(request, "search/search.html", context, status=400)
    context["query"] = form.cleaned_data["q"].strip()
    wanted = text.stems(context["query"], language)
    if not wanted:
        return TemplateResponse(request, "search/search.html", context)

    articles = filtered(Article.objects.live().for_locale(locale_id), form)
    search_query = PlainText(" ".join(dict.fromkeys(wanted)), operator="and")
    cursor_token = request.GET.get(pagination.CURSOR_PARAMETER)
    by = page_by_date if form.cleaned_data["sort"] == "date" else page_by_relevance
    page_ids, next_cursor = by(search_query, articles, cursor_token)

    found = articles.filter(pk__in=page_ids).for_listing("body").with_photos()
    by_id = {article.pk: article for article in found}
    results = [by_id[pk] for pk in page_ids if pk in by_id]
    for article in results:
        article.headline_html = text.highlight(article.headline, set(wanted), language)
        article.snippet_html = text.snippet(
            f"{article.lead} {body_text(article.body.raw_data)}", set(wanted), language
        )
    if next_cursor is not None:
        parameters = {key: value for key, value in request.GET.items() if value}
        parameters[pagination.CURSOR_PARAMETER] = next_cursor.encode()
        context["next_query"] = "?" + urlencode(parameters)
    context.update(results=results, searched=True)
    return TemplateResponse(request, "search/search.html", context)


def filtered(articles, form):
    """The section and the dates (whole days in the outlet's time zone) the reader chose."""
    if form.cleaned_data["section"]:
        articles = articles.filter(section_id=form.sections[form.cleaned_data["section"]])
    zone = timezone.get_default_timezone()
    if form.cleaned_data["date_from"]:
        start = datetime.datetime.combine(form.cleaned_data["date_from"], datetime.time(), zone)
        articles = articles.filter(published_at__gte=start)
    if form.cleaned_data["date_to"]:
        end = datetime.datetime.combine(form.cleaned_data["date_to"], datetime.time(), zone)
        articles = articles.filter(published_at__lt=end + datetime.timedelta(days=1))
    return articles


def page_by_date(search_query, articles, cursor_token):
    """(ids of the page, cursor of the next one): every match, newest first."""
    size = settings.NEWSDESK_SEARCH_PAGE_SIZE
    cursor = pagination.Cursor.decode(cursor_token) if cursor_token else None
    if cursor is not None:
        articles = articles.filter(pagination.after(cursor))
    found = list(
        get_search_backend().search(
            search_query, articles.newest_first().only("id", "published_at"),
            order_by_relevance=False,
        )[: size + 1]
    )  # fmt: skip
    next_cursor = pagination.Cursor.after(found[size - 1]) if len(found) > size else None
    return [article.pk for article in found[:size]], next_cursor


def page_by_relevance(search_query, articles, cursor_token):
    """(ids of the page, cursor of the next one): the best CANDIDATES text matches published by
    the cursor's moment, re-ranked with the recency boost."""
    size = settings.NEWSDESK_SEARCH_PAGE_SIZE
    cursor = RankCursor.decode(cursor_token) if cursor_token else None
    as_of = cursor.as_of if cursor else timezone.now().replace(microsecond=0)
    position = cursor.position if cursor else 0
    candidates = (
        get_search_backend()
        .search(
            search_query,
            articles.filter(published_at__lte=as_of).only("id", "published_at"),
            order_by_relevance=True,
        )
        .annotate_score("text_score")[:CANDIDATES]
    )
    # SQLite's bm25 counts down from 0 as matches get better, PostgreSQL's rank up: the
    # magnitude is the relevance in both.
    ranked = sorted(
        candidates,
        key=lambda a: (-abs(a.text_score or 0) * recency_boost(a.published_at, as_of), -a.pk),
    )
    more = len(ranked) > position + size
    next_cursor = RankCursor(as_of, position + size) if more else None
    return [article.pk for article in ranked[position : position + size]], next_cursor
