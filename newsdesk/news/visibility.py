"""Which tags and bylines an edition shows readers: those a live article of the edition carries.

A tag that only drafts or scheduled stories carry may name an embargoed story, and a byline an
author has just typed has not been reviewed: neither gets a page or a feed until an article with
it is published. Each answer is one query that walks the tag's (or the byline's) entries down
their index and looks each article up by its key, stopping at the first live one of the edition:
the cost does not grow with the archive. (Written as a nested EXISTS so that SQLite, without
statistics, does not start from the edition's articles instead.)
"""

from django.db.models import Exists, OuterRef


def live_in_edition(locale_id, article_key):
    """Whether the row's article (its id in the `article_key` column) is live in the edition."""
    from newsdesk.news.models import Article

    return Exists(Article.objects.filter(pk=OuterRef(article_key), live=True, locale_id=locale_id))


def tag_shown_in(locale_id, slug):
    """The edition's tag with this slug, or None when no live article of the edition carries it
    (tags belong to an edition: news.tags)."""
    from newsdesk.news.tags import ArticleTag, Tag

    carried = ArticleTag.objects.filter(tag=OuterRef("pk")).filter(
        live_in_edition(locale_id, "content_object_id")
    )
    return Tag.objects.filter(locale_id=locale_id, slug=slug).filter(Exists(carried)).first()


def byline_shown_in(locale_id, author_id):
    """The byline with this id, or None when no live article of the edition carries it or one
    of its translations (an article names a byline in its own edition's language)."""
    from newsdesk.news.models import ArticleAuthor, Author

    carried = ArticleAuthor.objects.filter(
        author__translation_key=OuterRef("translation_key")
    ).filter(live_in_edition(locale_id, "article_id"))
    return Author.objects.filter(pk=author_id).filter(Exists(carried)).first()
