"""`newsdesk fetch_rates`: fetch the configured central-bank file now, or load files from disk."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsdesk.rates import pipeline
from newsdesk.rates.fetch import fetch_and_load
from newsdesk.rates.providers import get_provider
from newsdesk.rates.tasks import fetch_rates


class Command(BaseCommand):
    help = "Fetch official exchange rates (or load saved files with --file)."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="fetch this address instead of the configured one")
        parser.add_argument("--file", nargs="+", type=Path, help="load these files (in order)")
        parser.add_argument(
            "--provider", help="the files' format: cbr or ecb (default: configured)"
        )
        parser.add_argument("--enqueue", action="store_true", help="run as a background task")

    def handle(self, *args, url, file, provider, enqueue, **options):
        if file:
            chosen = get_provider(provider) if provider else None
            rejected = [
                path
                for path in file
                if not pipeline.load(path.read_bytes(), provider=chosen, source=str(path))
            ]
            if rejected:
                raise CommandError(f"{len(rejected)} of {len(file)} files rejected (see log)")
            self.stdout.write(f"Loaded {len(file)} files.")
            return
        if enqueue:
            result = fetch_rates.enqueue()
            self.stdout.write(f"Enqueued task {result.id}.")
            return
        outcome = fetch_and_load(url)
        self.stdout.write(f"Rates: {outcome}.")
        if outcome in {"failed", "rejected"}:
            raise CommandError(f"rates {outcome}; the last good rates stay (see log)")
