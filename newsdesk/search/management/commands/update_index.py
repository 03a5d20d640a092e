"""`newsdesk update_index`: Wagtail's command, with a progress bar and chunks read by key.

Wagtail prints a dot per chunk and reads chunk N with OFFSET N × size, which walks every row
before it: on a large archive each chunk costs more than the last, and a dot per thousand
articles says nothing of how long is left. Here each chunk starts after the last one's key, and
tqdm shows how many objects are done, the rate and the time left (on stderr, and only at
verbosity 1 or more). The indexing itself is Wagtail's (through newsdesk.core.wagtail_internals.search).
"""

from django.db import transaction
from tqdm import tqdm
from wagtail.search.management.commands.update_index import Command as WagtailCommand


class Command(WagtailCommand):
    def queryset_chunks(self, qs, chunk_size=1000):
        self._progress = tqdm(
            total=qs.count(),
            unit="object",
            desc=qs.model._meta.label,
            disable=self.verbosity == 0,
        )
        with transaction.atomic(), self._progress:
            last = None
            while True:
                chunk = qs if last is None else qs.filter(pk__gt=last)
                items = list(chunk[:chunk_size])
                if not items:
                    break
                yield items
                self._progress.update(len(items))
                last = items[-1].pk

    def print_iter_progress(self, iterable):
        # The bar (queryset_chunks) says it all: no dots.
        yield from iterable
