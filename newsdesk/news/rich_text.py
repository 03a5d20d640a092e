"""`<a linktype="article" id="…">` in rich text: a link to an article by id, expanded to its
current address on every render, so a later slug or date change never breaks it."""

from django.utils.html import escape
from wagtail.rich_text import LinkHandler

from newsdesk.news import references


class ArticleLinkHandler(LinkHandler):
    identifier = "article"

    @staticmethod
    def get_model():
        from newsdesk.news.models import Article

        return Article

    @classmethod
    def get_many(cls, attrs_list):
        from newsdesk.news.models import Article

        ids = [str(attrs.get("id", "")) for attrs in attrs_list]
        found, missing = {}, []
        for i in ids:
            hit, article = references.known(i)
            if hit:  # the article page fetched it with the body's other references
                found[i] = article if article is not None and article.live else None
            elif i.isdigit():
                missing.append(int(i))
        if missing:
            for article in Article.objects.live().filter(pk__in=missing).select_related("locale"):
                found[str(article.pk)] = article
        return [found.get(i) for i in ids]

    @classmethod
    def expand_db_attributes(cls, attrs):
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        # An unpublished or deleted target renders as a plain anchor: text stays, no dead link.
        return [
            f'<a href="{escape(a.get_url())}">' if a else "<a>" for a in cls.get_many(attrs_list)
        ]
