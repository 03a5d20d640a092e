"""Wagtail's PostgreSQL search backend (settings WAGTAILSEARCH_BACKENDS), with one change to its
query.

Wagtail matches `title || body` by annotating the queryset with that expression and filtering on
it, so the concatenated vector of every match is also selected, carried through the sort by rank
and sent to Python, where it is thrown away. Matching through `alias()` instead filters on the
same expression without selecting it (bench/search.py: see README, Search). And indexing works
out each object's search text once per batch instead of five times (`indexing_pass`, which the
indexed models' search fields ask through `once_per_pass`).
Everything else is Wagtail's.
"""

from wagtail.search.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from wagtail.search.query import Fuzzy, MatchAll, Not

from newsdesk.core.wagtail_internals.indexing import indexing_pass


class SearchQueryCompiler(PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        if isinstance(self.query, (MatchAll, Fuzzy)) or (
            isinstance(self.query, Not) and isinstance(self.query.subquery, MatchAll)
        ):
            return super().search(config, start, stop, score_field, backend)
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.get_search_vectors(search_query)
        rank_expression = self._build_rank_expression(vectors, config)
        combined_vector = vectors[0][0]
        for vector, _boost in vectors[1:]:
            combined_vector = combined_vector._combine(vector, "||", False)
        queryset = self.queryset.alias(_vector_=combined_vector).filter(_vector_=search_query)
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)


class SearchIndex(PostgresIndex):
    def add_items(self, model, objs):
        # Every way in (a save, add_bulk, `update_index`'s rebuild) comes through here.
        with indexing_pass():
            return super().add_items(model, objs)


class SearchBackend(PostgresSearchBackend):
    query_compiler_class = SearchQueryCompiler
    index_class = SearchIndex
