from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from newsdesk.news.models import Article, Author
from newsdesk.news.rich_text import ArticleLinkHandler


@hooks.register("register_rich_text_features")
def register_article_links(features):
    features.register_link_type(ArticleLinkHandler)


class ArticleFilterSet(WagtailFilterSet):
    class Meta:
        model = Article
        fields = ["live", "section", "is_breaking", "is_featured"]


class ArticleViewSet(SnippetViewSet):
    model = Article
    icon = "doc-full"
    menu_label = _("Articles")
    menu_order = 10
    add_to_admin_menu = True
    list_display = ["headline", "section", "locale", "published_at"]
    filterset_class = ArticleFilterSet
    ordering = ["-published_at", "-id"]
    search_fields = ["headline", "lead"]
    list_per_page = 50

    def get_queryset(self, request):
        return Article.objects.select_related("section", "locale")


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 11
    add_to_admin_menu = True
    list_display = ["name", "role", "locale"]
    search_fields = ["name"]


register_snippet(ArticleViewSet)
register_snippet(AuthorViewSet)
