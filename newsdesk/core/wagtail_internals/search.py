"""Wagtail's PostgreSQL search backend (settings WAGTAILSEARCH_BACKENDS), with two changes.

The query: Wagtail matches `title || body` by annotating the queryset with that expression and
filtering on it, so the concatenated vector of every match is also selected, carried through the
sort by rank and sent to Python, where it is thrown away. Matching through `alias()` instead
filters on the same expression without selecting it (bench/search.py: see README, Search).

Indexing: Wagtail builds a Django expression per field per object (`SearchVector(Value(text))`)
and compiles each one, and reads every search field of an object five times; then it averages the
length of every title in the index after each batch, however many entries the index holds. For a
million articles that was most of an hour. Here each object's texts are read once
(`indexing_pass`), sent as one array per field, and PostgreSQL builds the same vectors with the
same SQL functions in one statement per batch (`INDEX_SQL`); the titles' norms are refreshed, as
Wagtail does, when the batch has titles at all (Wagtail refreshes after every batch, which can
also set a norm left at 1.0 by an earlier batch elsewhere in the table: the one way the rows may
differ). Models whose search fields follow relations
(`RelatedFields`, a variable number of texts) are indexed by Wagtail's own code.

Stale entries (`update_index`'s rebuild): Wagtail deletes the entries whose object is not
`IN` the model's keys; PostgreSQL cannot turn a `NOT IN` into an anti-join, and once the keys no
longer fit in `work_mem` it compares each entry with every key (at a million articles the plan
costs 3 × 10⁹ and did not finish in minutes). `NOT EXISTS` deletes the same entries with one
anti-join.
Everything else is Wagtail's.
"""

# The names the backend itself uses (its module re-exports modelsearch's), so that the entries
# written here go where Wagtail's go.
from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast
from wagtail.search.backends.database.postgres.postgres import (
    AutocompleteField,
    IndexEntry,
    ObjectIndexer,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    RelatedFields,
    SearchField,
    get_content_type_pk,
    get_descendants_content_types_pks,
    get_weight,
)
from wagtail.search.query import Fuzzy, MatchAll, Not

from newsdesk.core.wagtail_internals.indexing import indexing_pass

INDEX_SQL = """
INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm,
                     title_text, body_text)
SELECT %s, row.object_id, {title}, {autocomplete}, {body}, 1.0, row.title_text, row.body_text
FROM unnest({arrays}) AS row(object_id, {texts}, title_text, body_text)
ON CONFLICT (content_type_id, object_id)
DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete,
              body = EXCLUDED.body, title_text = EXCLUDED.title_text,
              body_text = EXCLUDED.body_text
"""


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


def indexed_texts(model) -> list[tuple[SearchField | AutocompleteField, str, str]] | None:
    """(field, vector, weight) for each text a model's entries are built from, in Wagtail's
    order; None when a field follows a relation."""
    texts = []
    for field in model.get_search_fields():
        if isinstance(field, RelatedFields):
            return None
        if isinstance(field, AutocompleteField):
            texts.append((field, "autocomplete", "D"))
        elif isinstance(field, SearchField):
            vector = "title" if field.field_name == "title" else "body"
            texts.append((field, vector, get_weight(field.boost)))
    return texts


class SearchIndex(PostgresIndex):
    def add_items(self, model, objs):
        # Every way in (a save, add_bulk, `update_index`'s rebuild) comes through here.
        with indexing_pass():
            texts = indexed_texts(model)
            if not texts or not objs:  # a relation to follow, or no text to index
                return super().add_items(model, objs)
            return self.add_texts(model, objs, texts)

    def delete_stale_model_entries(self, model):
        existing = model._default_manager.annotate(key=Cast("pk", TextField())).filter(
            key=OuterRef("object_id")
        )
        self.entries.filter(content_type_id__in=get_descendants_content_types_pks(model)).exclude(
            Exists(existing)
        ).delete()

    def add_texts(self, model, objs, texts):
        indexer = ObjectIndexer(objs[0], self.backend)  # only its prepare_value is used
        columns = [[] for _text in texts]
        object_ids, title_texts, body_texts = [], [], []
        for obj in objs:
            plain = {"title": [], "body": []}
            for column, (field, vector, _weight) in zip(columns, texts, strict=True):
                text = indexer.prepare_value(field.get_value(obj)).strip()
                column.append(text)
                if text and vector != "autocomplete":
                    plain[vector].append(text)
            object_ids.append(str(obj.pk))
            title_texts.append(" ".join(plain["title"]))
            body_texts.append(" ".join(plain["body"]))

        def vector(name: str, config: str | None) -> tuple[str, list]:
            parts, params = [], []
            for number, (_field, kind, weight) in enumerate(texts):
                if kind == name:
                    assert weight in "ABCD"  # a literal in the SQL, as Django writes it
                    to_tsvector = f"to_tsvector(%s::regconfig, row.text{number})"
                    parts.append(f"setweight({to_tsvector}, '{weight}')")
                    params.append(config)
            if config is None:
                parts = [part.replace("%s::regconfig, ", "") for part in parts]
                params = []
            return (" || ".join(parts) or "''::tsvector"), params

        title, title_params = vector("title", self.backend.config)
        autocomplete, autocomplete_params = vector("autocomplete", self.backend.autocomplete_config)
        body, body_params = vector("body", self.backend.config)
        sql = INDEX_SQL.format(
            table=IndexEntry._meta.db_table,
            title=title,
            autocomplete=autocomplete,
            body=body,
            arrays=", ".join(["%s::text[]"] * (len(texts) + 3)),
            texts=", ".join(f"text{number}" for number in range(len(texts))),
        )
        params = [get_content_type_pk(model), *title_params, *autocomplete_params, *body_params]
        params += [object_ids, *columns, title_texts, body_texts]
        with self.write_connection.cursor() as cursor:
            cursor.execute(sql, params)
        if any(title_texts):
            self._refresh_title_norms()


class SearchBackend(PostgresSearchBackend):
    query_compiler_class = SearchQueryCompiler
    index_class = SearchIndex
