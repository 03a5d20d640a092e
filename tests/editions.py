"""What an edition puts in front of readers and machines, and the other language found there.

Each surface is parsed as what it is: pages as HTML (lxml), feeds and sitemaps as XML, JSON
Feed, JSON-LD and latest.json as JSON. Text inside an element marked as another language
(`lang="ru"`, or a link's `hreflang`) is that language's by right and is left out: the language
switcher, "read in Russian".

Two readings: `everything` (every text, attribute and JSON value, addresses decoded: Cyrillic
has no business anywhere in an English surface) and readable text only (what a reader sees or
hears: text, titles, alt texts, the description and OpenGraph titles, headlines and names in
JSON-LD and feeds), for words of the wrong script in a Russian edition's interface, where
addresses, codes and JSON keys are Latin by nature.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

from lxml import etree, html

CYRILLIC_WORD = re.compile(r"\S*[\u0400-\u04FF]+\S*")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
SHOWN_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}
READABLE_META = {
    "description",
    "og:title",
    "og:description",
    "og:site_name",
    "og:image:alt",
    "article:section",
    "article:tag",
    "twitter:title",
    "twitter:description",
    "twitter:image:alt",
}
READABLE_JSON = {
    "headline",
    "description",
    "name",
    "articleSection",
    "text",
    "title",
    "summary",
    "content_text",
    "tags",
}
HTML_JSON = {"content_html"}
READABLE_XML = {
    "title",
    "description",
    "summary",
    "subtitle",
    "content",
    "encoded",
    "category",
    "name",
    "full-text",
    "caption",
    "keywords",
}


def language_of(element) -> str | None:
    """The language an element is marked with, its own or its nearest ancestor's."""
    for node in [element, *element.iterancestors()]:
        if node.get("lang"):
            return node.get("lang").split("-")[0]
    return None


def foreign(element, language) -> bool:
    marked = language_of(element)
    hreflang = element.get("hreflang")
    return (marked is not None and marked != language) or (
        hreflang is not None and hreflang not in (language, "x-default")
    )


def html_strings(markup: str, language: str, *, everything: bool) -> list[str]:
    document = html.document_fromstring(markup) if "<html" in markup[:500] else (
        html.fragment_fromstring(markup, create_parent="div")
    )  # fmt: skip
    strings = []
    for element in document.iter():
        if not isinstance(element.tag, str):  # a comment
            continue
        parent = element.getparent()
        if element.tail and (parent is None or not foreign(parent, language)):
            strings.append(element.tail)
        if foreign(element, language):
            continue
        if element.tag == "script":
            if element.get("type") == "application/ld+json":
                strings += json_strings(json.loads(element.text), language, everything=everything)
            continue
        if element.tag == "style":
            continue
        if element.text:
            strings.append(element.text)
        for name, value in element.attrib.items():
            if everything:
                strings.append(unquote(value))
            elif name in SHOWN_ATTRIBUTES:
                strings.append(value)
        if element.tag == "meta" and not everything:
            if (element.get("name") or element.get("property")) in READABLE_META:
                strings.append(element.get("content", ""))
    return strings


def json_strings(data, language: str, *, everything: bool, key: str = "") -> list[str]:
    if isinstance(data, dict):
        return [
            found
            for name, value in data.items()
            for found in json_strings(value, language, everything=everything, key=name)
        ]
    if isinstance(data, list):
        return [
            found
            for value in data
            for found in json_strings(value, language, everything=everything, key=key)
        ]
    if not isinstance(data, str):
        return []
    if key in HTML_JSON:
        return html_strings(data, language, everything=everything)
    if everything:
        return [unquote(data)]
    return [data] if key in READABLE_JSON else []


def xml_strings(markup: bytes, language: str, *, everything: bool) -> list[str]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    document = etree.fromstring(markup, parser)
    strings = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        hreflang = element.get("hreflang")
        if hreflang is not None and hreflang not in (language, "x-default"):
            continue  # a sitemap's alternate in another language
        text = element.text or ""
        if text.strip() and (everything or name in READABLE_XML):
            if "<" in text and ">" in text:  # an item's text as HTML (RSS, Atom, Yandex)
                strings += html_strings(text, language, everything=everything)
            else:
                strings.append(unquote(text) if everything else text)
        for attribute, value in element.attrib.items():
            if everything:
                strings.append(unquote(value))
            elif name == "category" and etree.QName(attribute).localname in {"term", "label"}:
                strings.append(value)
    return strings


def surface_strings(content_type: str, body: bytes, language: str, *, everything: bool):
    """(kind, strings) of a response, by its content type."""
    kind = content_type.split(";")[0].strip()
    if kind == "text/html":
        return "html", html_strings(body.decode(), language, everything=everything)
    if kind.endswith("xml"):
        return "xml", xml_strings(body, language, everything=everything)
    if kind.endswith("json"):
        return "json", json_strings(json.loads(body), language, everything=everything)
    return "text", [body.decode()] if everything else []


def cyrillic_words(strings) -> list[str]:
    return [word for text in strings for word in CYRILLIC_WORD.findall(text)]


# E-mail and web addresses a page writes out (contacts) are Latin by nature.
ADDRESS = re.compile(r"\S+@\S+|\S+://\S+|www\.\S+")


def latin_words(strings, allowed) -> list[str]:
    # ISO 4217 codes (USD, EUR) are international, not untranslated words.
    return sorted(
        {
            word
            for text in strings
            for word in LATIN_WORD.findall(ADDRESS.sub(" ", text))
            if word not in allowed and not re.fullmatch(r"[A-Z]{3}", word)
        }
    )
