"""What an article's text may hold and what is made from it: no control characters, Latin slugs
from headlines, the plain text of a body."""

from __future__ import annotations

import re

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.rich_text import get_text_for_indexing

# Invisible characters a paste from elsewhere can carry: they cannot appear in XML (feeds,
# sitemaps) and mean nothing to a reader. Tab and line breaks are text.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ESCAPED_CONTROL_CHARACTER = re.compile(r"\\u00(0[0-8bcef]|1[0-9a-f]|7f)", re.IGNORECASE)  # in JSON
CONTROL_CHARACTER_MESSAGE = _("Remove the invisible control characters from this text.")


def control_character_errors(instance, field_names) -> dict:
    return {
        name: CONTROL_CHARACTER_MESSAGE
        for name in field_names
        if CONTROL_CHARACTER.search(getattr(instance, name) or "")
    }


def body_text(raw_body) -> str:
    """An article body as plain text (paragraphs, quotations, photo captions), read from the
    stored blocks without looking anything up."""
    parts = []
    for block in raw_body or []:
        value = block.get("value")
        if block.get("type") == "paragraph" and isinstance(value, str):
            parts.append(get_text_for_indexing(value))
        elif block.get("type") == "quote" and isinstance(value, dict):
            parts += [value.get("text") or "", value.get("speaker") or ""]
        elif block.get("type") == "image" and isinstance(value, dict):
            parts.append(value.get("caption") or "")
    return " ".join(part for part in parts if part)


def headline_slug(headline: str) -> str:
    """The slug a headline makes (before a number is added to tell it from another article's)."""
    return slugify(transliterate(headline))[:100].strip("-") or "article"


def transliterate(text: str) -> str:
    """Latin slugs from Cyrillic headlines (GOST 7.79-2000 system B, simplified): readable,
    ASCII-only URLs that every aggregator and mail client keeps intact."""
    table = {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
        "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
        "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "shh",
        "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    }  # fmt: skip
    return "".join(table.get(char, table.get(char.lower(), char)) for char in text.lower())
