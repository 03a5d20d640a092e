"""`<a linktype="article" id="…">` in rich text: a link to an article by id, expanded to its
current address on every render, so a later slug or date change never breaks it."""

from django.utils.html import escape
from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.html_to_contentstate import LinkElementHandler
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


# -- the editor's side: the toolbar's "Article" link (a Draftail entity, static news/article-link.js)

ENTITY_TYPE = "ARTICLE"


class ArticleLinkElementHandler(LinkElementHandler):
    """`<a linktype="article">` from the database into the editor: the entity keeps the id, and
    the headline and form address the editor's tooltip shows."""

    def get_attribute_data(self, attrs):
        from django.urls import reverse

        from newsdesk.news.models import Article

        pk = str(attrs.get("id", ""))
        article = Article.objects.filter(pk=pk).only("headline").first() if pk.isdigit() else None
        if article is None:  # kept as an article link (to nothing now): the text stays linked
            return {"id": pk, "title": "", "url": None}
        url = reverse(Article.snippet_viewset.get_url_name("edit"), args=[article.pk])
        return {"id": pk, "title": article.headline, "url": url}


def article_link_entity(props):
    """The editor's entity back into the database: a link by id alone."""
    return DOM.create_element(
        "a", {"linktype": "article", "id": props.get("id")}, props["children"]
    )


def register_editor_feature(features) -> None:
    from django.urls import reverse_lazy
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.rich_text.editors.draftail import features as draftail_features

    features.register_editor_plugin(
        "draftail",
        "article-link",
        draftail_features.EntityFeature(
            {
                "type": ENTITY_TYPE,
                "icon": "doc-full",
                "description": _("Link to an article"),
                "chooserUrls": {
                    "articleChooser": reverse_lazy("wagtailsnippetchoosers_news_article:choose")
                },
            },
            js=["wagtailadmin/js/chooser-modal.js", "news/article-link.js"],
        ),
    )
    features.register_converter_rule(
        "contentstate",
        "article-link",
        {
            "from_database_format": {
                'a[linktype="article"]': ArticleLinkElementHandler(ENTITY_TYPE)
            },
            "to_database_format": {"entity_decorators": {ENTITY_TYPE: article_link_entity}},
        },
    )
