"""The addresses of a tree page's live translations: each edition's cached chrome lists its live
pages by translation key, so the language switcher and the hreflang links cost no query."""

from django.conf import settings

from newsdesk.core.context_processors import get_chrome
from newsdesk.core.locales import language_code_for


def translated_urls(page) -> dict[str, str]:
    """{language: address} of the page in the other editions where it is live."""
    own = language_code_for(page.locale_id)
    key = str(page.translation_key)
    urls = {}
    for code, _name in settings.LANGUAGES:
        if code != own:
            url = get_chrome(code).translations.get(key)
            if url:
                urls[code] = url
    return urls
