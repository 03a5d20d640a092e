"""Words, stems and highlighted snippets, per edition language.

Why stems are made here and not by the database: Wagtail's database search backends index every
model with one text-search configuration (PostgreSQL) or none at all (SQLite's FTS5 tokenizer
does not stem), and our editions are in two languages. So each article's text is stemmed in its
own language with Snowball (PyStemmer: the same Russian and English algorithms PostgreSQL's
configurations use) before Wagtail indexes it, the reader's query is stemmed the same way, and the
backend compares stems with the language-neutral "simple" configuration. The same stems find the
words to highlight.
"""

from __future__ import annotations

import functools
import re

import Stemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Letters and digits; "_" is not a word character for readers.
WORD = re.compile(r"[^\W_]+")
# Snowball's algorithm for each edition language PyStemmer has (a third edition needs one here).
STEMMER_NAMES = {"ru": "russian", "en": "english", "de": "german"}


@functools.cache
def stemmer(language: str):
    return Stemmer.Stemmer(STEMMER_NAMES.get(language, "english"))


def normalize(word: str) -> str:
    # Readers type "е" for "ё" as often as not; index and query agree on "е".
    return word.lower().replace("ё", "е")


def stems(text: str, language: str) -> list[str]:
    return stemmer(language).stemWords([normalize(word) for word in WORD.findall(text or "")])


def stemmed(text: str, language: str) -> str:
    """The text as the search index holds it: its words' stems, separated by spaces."""
    return " ".join(stems(text, language))


def highlight(text: str, wanted: set[str], language: str) -> SafeString:
    """`text`, escaped, with each word whose stem is wanted wrapped in <mark>."""
    out, position = [], 0
    for match in WORD.finditer(text):
        word = match.group()
        if stemmer(language).stemWord(normalize(word)) in wanted:
            out.append(escape(text[position : match.start()]))
            out.append(f"<mark>{escape(word)}</mark>")
            position = match.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # every piece of text is escaped above


def snippet(text: str, wanted: set[str], language: str, length: int = 260) -> SafeString:
    """About `length` characters of `text` around its first wanted word, highlighted; the start
    of the text when no word matches."""
    text = " ".join(text.split())
    start = 0
    for match in WORD.finditer(text):
        if stemmer(language).stemWord(normalize(match.group())) in wanted:
            start = match.start()
            break
    if start > length // 3:
        # Begin at a word boundary a little before the match, so the match has context.
        start = text.rfind(" ", 0, start - length // 3) + 1
    else:
        start = 0
    end = start + length
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    piece = text[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + highlight(piece, wanted, language) + suffix)  # highlight escapes
