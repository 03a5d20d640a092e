"""The news pieces put into pages as they are served (core.fragments): each is built once per
edition (or article) and per version of what it shows, not into every cached page."""

from django.template.loader import render_to_string

from newsdesk.core import dependencies, fragments
from newsdesk.core.context_processors import get_chrome

COLUMN_SIZE = 15  # stories in the All news column beside an article


def breaking_banner(language: str, _argument: str) -> str:
    from newsdesk.news.models import breaking_news

    dependencies.depends_on(dependencies.edition(language))
    locale_id = get_chrome(language).locale_id
    breaking = breaking_news(locale_id) if locale_id else None
    if breaking is None:
        return ""
    dependencies.expires_at(breaking["until"])  # the banner leaves at its time
    return render_to_string("news/includes/breaking_banner.html", {"breaking": breaking})


def all_news_column(language: str, _argument: str) -> str:
    """The edition's newest stories grouped by date, with "Show more news" (the seed's column)."""
    from newsdesk.news import pagination
    from newsdesk.news.models import Article

    dependencies.depends_on(dependencies.edition(language))
    chrome = get_chrome(language)
    if not chrome.locale_id:
        return ""
    batch = pagination.paginate(
        Article.objects.live().for_locale(chrome.locale_id).for_listing(), None, COLUMN_SIZE
    )
    return render_to_string(
        "news/includes/all_news_column.html", {"batch": batch, "chrome": chrome}
    )


def related_reading(language: str, argument: str) -> str:
    """An article's related reading and "see also" (argument: "<id>.<inputs>", news.related):
    current while the stories it names and shows and its citations are, whatever else the
    edition publishes."""
    from newsdesk.news.models import Article
    from newsdesk.news.related import reading_inputs

    pk, _dot, inputs = argument.partition(".")
    if not pk.isdigit():
        return ""
    article = Article.objects.live().filter(pk=int(pk)).select_related("locale").first()
    tags = list(article.tags.all()) if article else []
    if article is None or reading_inputs(article, tags) != inputs:
        # Asked for by a stale copy of the page, served while it renders again: nothing kept
        # under these inputs but what goes stale with the article (a republish, an edit back).
        dependencies.depends_on(dependencies.article(pk))
        return ""
    return related_for(article, tags)


def related_for(article, tags) -> str:
    """The related piece from an article at hand (the article page passes the one it read)."""
    from newsdesk.news.related import related_html

    return related_html(article, tags)


def register() -> None:
    fragments.register("breaking", breaking_banner)
    fragments.register("all_news_column", all_news_column)
    fragments.register("related", related_reading)
