"""Re-indexing the articles a renamed section, author or tag labels.

Each article's search text holds the names of its tags, sections and authors
(`Article.search_labels`), so after a rename a search by the new name must find its articles and
the old name no longer. A section can label tens of thousands of articles: this runs as a task
(in `newsdesk worker` with the database task backend; where it is enqueued with the immediate
backend of the demo) and indexes them in chunks, each with its labels read in a few queries.
"""

from django.db.models import Q
from django_tasks import task
from wagtail.search.backends import get_search_backend

from newsdesk.news.models import Article, Author

CHUNK = 500


def labelled(kind: str, pk: int) -> Q:
    """The articles whose search text holds the name of the section, author or tag `pk`."""
    if kind == "section":
        return Q(section_id=pk) | Q(also_in=pk)
    if kind == "author":
        # A byline shows the author's translation in the article's edition: any translation's
        # rename may change what an article is indexed with.
        translations = Author.objects.filter(
            translation_key=Author.objects.filter(pk=pk).values("translation_key")[:1]
        )
        return Q(article_authors__author__in=translations)
    if kind == "tag":
        return Q(tagged_items__tag_id=pk)
    raise ValueError(f"nothing is labelled by a {kind!r}")


@task()
def reindex_labelled_articles(kind: str, pk: int) -> int:
    ids = list(Article.objects.filter(labelled(kind, pk)).values_list("pk", flat=True).distinct())
    backend = get_search_backend()
    for start in range(0, len(ids), CHUNK):
        chunk = Article.get_indexed_objects().filter(pk__in=ids[start : start + CHUNK])
        backend.add_bulk(Article, list(chunk))
    return len(ids)
