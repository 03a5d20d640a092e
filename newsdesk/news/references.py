"""Articles an article's text refers to, looked up once per page.

An article body names other articles in two ways: "see also" blocks and inline links
(`<a linktype="article" id="…">`). Wagtail resolves each kind on its own (a query for the blocks,
and a query per paragraph for the links); the article page reads every id from the stored body
first and fetches them all in one query, which both resolvers then consult.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

LINK_ID = re.compile(r'linktype=\\?"article\\?"\s+id=\\?"(\d+)\\?"')

# (ids looked up, {id: article}) for the page being rendered, or None outside such a page.
_known: ContextVar[tuple[set, dict] | None] = ContextVar("newsdesk_known_articles", default=None)


def referenced_ids(raw_body) -> set[int]:
    ids = set()
    for block in raw_body or []:
        value = block.get("value")
        if block.get("type") == "crosslink" and isinstance(value, dict):
            if str(value.get("article", "")).isdigit():
                ids.add(int(value["article"]))
        elif block.get("type") == "paragraph" and isinstance(value, str):
            ids.update(int(found) for found in LINK_ID.findall(value))
    return ids


@contextmanager
def articles_known(ids: set, articles: dict):
    token = _known.set((set(ids), articles))
    try:
        yield
    finally:
        _known.reset(token)


def known(pk) -> tuple[bool, object]:
    """(whether the page looked this id up, the article or None if it does not exist)."""
    state = _known.get()
    if state is None or not str(pk).isdigit():
        return False, None
    ids, articles = state
    return int(pk) in ids, articles.get(int(pk))
