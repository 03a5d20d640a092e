from django import template
from django.utils import translation

from newsdesk.core.context_processors import get_chrome
from newsdesk.news.metadata import page_metadata
from newsdesk.syndication.feeds import feed_links

register = template.Library()


@register.simple_tag(takes_context=True)
def head_metadata(context):
    """The view's metadata (articles) or the current page's (home, sections, pages)."""
    if context.get("meta"):
        return context["meta"]
    page = context.get("page")
    if page is None or not getattr(page, "pk", None) or context.get("tag") or context.get("cursor"):
        return {}
    return page_metadata(page, get_chrome(translation.get_language()).site_name)


@register.simple_tag(takes_context=True)
def page_feeds(context):
    language = translation.get_language()
    page = context.get("page")
    tag = context.get("tag")
    if tag is not None:
        return feed_links(language, "tag", tag.slug)
    if (
        page is not None
        and page.specific_class.__name__ == "SectionPage"
        and not context.get("article")
    ):
        return feed_links(language, "section", page.slug)
    return feed_links(language)
