from django import template
from django.utils import translation

from newsdesk.news import addresses
from newsdesk.news.models import Article

register = template.Library()


@register.simple_tag
def localized_article(article):
    """The cross-linked article in the reader's edition when it is live there, else nothing: an
    unpublished target leaves no dead link, and a story the edition does not carry is not
    shown in another language (Article.save drops such links already: news.translation)."""
    if article is None:
        return None
    language = translation.get_language()
    if article.language_code != language:
        translated = (
            Article.objects.live()
            .filter(translation_key=article.translation_key, locale__language_code=language)
            .select_related("locale")
            .first()
        )
        return translated
    return article if article.live else None


@register.simple_tag(takes_context=True)
def news_index_route(context, name, *args):
    """`{% news_index_route "tag" tag.slug %}`: a page of the edition's news index routes."""
    return addresses.news_index_route(context["chrome"].all_news_url, name, *args)
