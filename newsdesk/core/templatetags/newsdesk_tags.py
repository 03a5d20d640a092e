from django import template
from django.conf import settings
from django.utils import translation

from newsdesk.core import fragments
from newsdesk.core.addresses import home_path
from newsdesk.core.machine_time import machine_time as to_machine_time
from newsdesk.core.translations import translated_urls

register = template.Library()


@register.simple_tag
def fragment(name, argument=""):
    """A piece that changes with every publish (core.fragments): a marker the page cache fills
    in as it serves the page, or the piece itself outside the page cache."""
    return fragments.placeholder(name, argument)


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per edition for the language switcher: the same article or page in the other
    language when it exists, that edition's home page otherwise."""
    current = translation.get_language()
    urls = {code: home_path(code) for code, _name in settings.LANGUAGES}
    article = context.get("article")
    page = context.get("page")
    if article is not None and getattr(article, "pk", None):
        for translated in context.get("translations", []):
            urls[translated.locale.language_code] = translated.get_url()
    elif page is not None and getattr(page, "pk", None) and not context.get("tag"):
        urls.update(translated_urls(page))
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            native = str(name)
        links.append({"code": code, "name": native, "url": urls[code], "current": code == current})
    return links


@register.filter
def machine_time(moment):
    """`<time datetime="{{ published_at|machine_time }}">`: ISO 8601 to the second."""
    return to_machine_time(moment)
