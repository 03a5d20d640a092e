"""`newsdesk update_index`: Wagtail's command, with a progress bar, chunks read by key and
indexed in several processes (newsdesk.search.bulk).

Wagtail prints a dot per chunk and reads chunk N with OFFSET N × size, which walks every row
before it: on a large archive each chunk costs more than the last, and a dot per thousand
articles says nothing of how long is left. Here tqdm shows how many objects are done, the rate
and the time left (on stderr, and only at verbosity 1 or more). The rest of the rebuild (stale
entries removed first, the titles' norms at the end) is Wagtail's.
"""

from tqdm import tqdm
from wagtail.search.management.commands.update_index import Command as WagtailCommand

from newsdesk.search import bulk


class IndexedByWorkers(list):
    """What this command hands Wagtail's loop for a chunk the workers have already indexed: it
    counts as the chunk's objects in Wagtail's total (len), and holds nothing to add again
    (empty to iterate, false), so the index's add_items does nothing with it."""

    def __init__(self, count: int):
        super().__init__()
        self.count = count

    def __len__(self):
        return self.count

    def __bool__(self):
        return False


class Command(WagtailCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help="indexing processes (default: one per core on PostgreSQL, one on SQLite)",
        )

    def handle(self, **options):
        self.processes = options["processes"] or bulk.default_processes()
        super().handle(**options)

    def update_backend(self, backend_name, *args, **kwargs):
        self.backend_name = backend_name
        return super().update_backend(backend_name, *args, **kwargs)

    def queryset_chunks(self, qs, chunk_size=1000):
        progress = tqdm(
            total=qs.count(), unit="object", desc=qs.model._meta.label, disable=self.verbosity == 0
        )
        with progress:
            for count in bulk.index_in_chunks(
                qs,
                backend_name=self.backend_name,
                chunk_size=chunk_size,
                processes=self.processes,
            ):
                progress.update(count)
                yield IndexedByWorkers(count)

    def print_iter_progress(self, iterable):
        # The bar (queryset_chunks) says it all: no dots.
        yield from iterable
