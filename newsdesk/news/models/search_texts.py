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
        # A chunk of `get_indexed_objects` has them at hand, as plain lists (see there).
        tag_links = getattr(self, "indexed_tag_links", None)
        if tag_links is not None:
            names = [link.tag.name for link in tag_links]
        else:
            names = [tag.name for tag in self.tags.all()]
        extra_sections = getattr(self, "indexed_extra_sections", None)
        if extra_sections is None:
            extra_sections = self.also_in.all()
        names += [page.title for page in [self.section, *extra_sections] if page]
        author_links = getattr(self, "indexed_author_links", None)
        if author_links is None:
            author_links = self.article_authors.all()
        authors = [link.author for link in author_links]
        names += [author.name for author in localize_objects(authors, self.locale_id)]
        return search_text.stemmed(" ".join(names), self.language_code)

    @classmethod
    def get_indexed_objects(cls):
        # Archives are indexed in chunks (newsdesk.search.bulk): each chunk reads what the search
        # texts are made of, and only that, in four queries (and one for each article whose
        # authors are in another edition). Into plain lists (`to_attr`): prefetched into the
        # related managers, each article cost three copies of a queryset (modelcluster's
        # managers clone one per object), a third of the time of indexing an archive.
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
                    to_attr="indexed_tag_links",
                ),
                models.Prefetch(
                    "also_in",
                    queryset=sections.objects.only("title"),
                    to_attr="indexed_extra_sections",
                ),
                models.Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related("author").only(
                        "article_id",
                        "author__name",
                        "author__locale_id",
                        "author__translation_key",
                    ),
                    to_attr="indexed_author_links",
                ),
            )
        )
