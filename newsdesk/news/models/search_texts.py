"""What the reader's search indexes of an article: stems in the article's language
(newsdesk.news.search_text), and the rows `newsdesk update_index` reads them from."""

from django.db import models

from newsdesk.core.wagtail_internals.indexing import once_per_pass
from newsdesk.news import search_text
from newsdesk.news.models.authors import ArticleAuthor, localize_objects
from newsdesk.news.models.text import body_text
from newsdesk.news.tags import ArticleTag


class SearchTexts:
    """The search fields of Article (its `search_fields` name these methods)."""

    def search_headline(self) -> str:
        return search_text.stemmed(self.headline, self.language_code)

    def search_lead(self) -> str:
        return search_text.stemmed(self.lead, self.language_code)

    def search_body(self) -> str:
        return once_per_pass(
            self,
            "body",
            lambda: search_text.stemmed(body_text(self.body.raw_data), self.language_code),
        )

    def search_labels(self) -> str:
        return once_per_pass(self, "labels", self.stemmed_labels)

    def stemmed_labels(self) -> str:
        """Tags, sections and authors: a search for a section or a reporter finds their stories."""
        if "tagged_items" in getattr(self, "_prefetched_objects_cache", {}):
            # A chunk of `get_indexed_objects` has the tag links at hand (tags.all() would ask
            # taggit for a queryset per article: half the time of indexing an archive).
            names = [link.tag.name for link in self.tagged_items.all()]
        else:
            names = [tag.name for tag in self.tags.all()]
        names += [page.title for page in [self.section, *self.also_in.all()] if page]
        authors = [link.author for link in self.article_authors.all()]
        names += [author.name for author in localize_objects(authors, self.locale_id)]
        return search_text.stemmed(" ".join(names), self.language_code)

    @classmethod
    def get_indexed_objects(cls):
        # Archives are indexed in chunks (newsdesk.search.bulk): each chunk reads what the search
        # texts are made of, and only that, in four queries (and one for each article whose
        # authors are in another edition).
        sections = cls._meta.get_field("also_in").related_model  # SectionPage (pages imports us)
        return (
            super()
            .get_indexed_objects()
            .only("headline", "lead", "body", "locale_id", "section__title", "live")
            .select_related("section")
            .prefetch_related(
                models.Prefetch(
                    "tagged_items",
                    queryset=ArticleTag.objects.select_related("tag").only(
                        "content_object_id", "tag__name"
                    ),
                ),
                models.Prefetch("also_in", queryset=sections.objects.only("title")),
                models.Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related("author").only(
                        "article_id",
                        "author__name",
                        "author__locale_id",
                        "author__translation_key",
                    ),
                ),
            )
        )
