"""News: articles (a flat snippet, not tree pages) and the pages that list them.

Articles live in one indexed table so that an archive of millions imports in bulk and every
listing is an index range scan (see DESIGN.md, "Data model"). The page tree holds only the
site's structure: a home page per edition, section pages and the "All news" index, which routes
`/<lang>/news/<yyyy>/<mm>/<dd>/<slug>/` to articles.

One module per kind of thing: `querysets` (how articles are read), `text` (what their text may
hold, slugs), `authors`, `records` (rows kept in step with articles: "also in" entries,
citations, corrections, month counts, photo details), `article`, `pages`. Everything is
imported from here, as before the package (each module imports what it builds on itself).
"""

from newsdesk.news.addresses import article_path
from newsdesk.news.models.article import (
    INDEX_BOOKKEEPING,
    Article,
    article_context,
    reindex_on_commit,
)
from newsdesk.news.models.authors import ArticleAuthor, Author, localize_objects
from newsdesk.news.models.pages import (
    HomePage,
    ListingMixin,
    NewsIndexPage,
    SectionPage,
    live_update_texts,
)
from newsdesk.news.models.querysets import (
    BREAKING_HOURS,
    TEASER_RENDITION,
    ArticleQuerySet,
    IdList,
    breaking_news,
    photo_prefetch,
)
from newsdesk.news.models.records import (
    ArchiveMonth,
    ArticleChange,
    ArticleCitation,
    ChangeKind,
    ExtraSectionEntry,
    PhotoDetails,
    month_bounds,
)
from newsdesk.news.models.text import (
    CONTROL_CHARACTER,
    CONTROL_CHARACTER_MESSAGE,
    ESCAPED_CONTROL_CHARACTER,
    body_text,
    control_character_errors,
    headline_slug,
    transliterate,
)
from newsdesk.news.tags import ArticleTag

__all__ = [
    "BREAKING_HOURS",
    "CONTROL_CHARACTER",
    "CONTROL_CHARACTER_MESSAGE",
    "ESCAPED_CONTROL_CHARACTER",
    "INDEX_BOOKKEEPING",
    "TEASER_RENDITION",
    "ArchiveMonth",
    "Article",
    "ArticleAuthor",
    "ArticleChange",
    "ArticleCitation",
    "ArticleQuerySet",
    "ArticleTag",
    "Author",
    "ChangeKind",
    "ExtraSectionEntry",
    "HomePage",
    "IdList",
    "ListingMixin",
    "NewsIndexPage",
    "PhotoDetails",
    "SectionPage",
    "article_context",
    "article_path",
    "body_text",
    "breaking_news",
    "control_character_errors",
    "headline_slug",
    "live_update_texts",
    "localize_objects",
    "month_bounds",
    "photo_prefetch",
    "reindex_on_commit",
    "transliterate",
]
