"""Language codes of locales by id, from the cache: an article's address needs its edition's code,
and a locale row never changes its code, so a teaser or a cross-link need not join or query
`wagtailcore_locale` for it."""

from django.core.cache import cache
from wagtail.models import Locale

KEY = "newsdesk:locale-codes"

# This process's copy: a teaser list asks once per teaser, a cache round trip each otherwise.
_codes: dict[int, str] = {}


def language_code_for(locale_id: int) -> str:
    code = _codes.get(locale_id)
    if code is not None:
        return code
    codes = cache.get(KEY)
    if codes is None or locale_id not in codes:
        codes = dict(Locale.objects.values_list("id", "language_code"))
        cache.set(KEY, codes, timeout=24 * 3600)
    _codes.update(codes)
    return codes[locale_id]


def forget() -> None:
    """Tests recreate locales; the process's copy goes with them."""
    _codes.clear()
