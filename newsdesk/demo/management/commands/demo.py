"""`newsdesk demo`: load the demo newsroom once; `--articles N` adds N more stories in bulk."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone
from tqdm import tqdm
from wagtail.models import Locale, Site

from newsdesk.core import dependencies
from newsdesk.demo import generator
from newsdesk.news.models import Article
from newsdesk.rates import pipeline, samples
from newsdesk.rates.models import Rate
from newsdesk.rates.providers import PROVIDERS
from newsdesk.search import bulk

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "newsdesk-demo")
DEMO_USERS = [
    # username, group, is_superuser
    ("admin", None, True),
    ("editor", "Editors", False),
    ("author", "Authors", False),
]
BUILD_INDEXES_AFTER = 50_000  # stories; below this, inserting into live indexes is quicker


class Command(BaseCommand):
    help = "Load demo content (idempotent). --articles N adds N stories with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=None, help="stories to add (each in 1–2 editions)"
        )
        parser.add_argument(
            "--days", type=int, default=75, help="spread new stories over this many days"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--no-index", action="store_true", help="skip search indexing")
        parser.add_argument(
            "--processes",
            type=int,
            default=None,
            help="search indexing processes (default: one per core on PostgreSQL)",
        )

    def handle(self, *args, articles, days, seed, batch_size, no_index, processes, **options):
        call_command("setup_site", verbosity=0)
        locales = [Locale.objects.get(language_code=code) for code, _name in settings.LANGUAGES]
        editions = generator.ensure_structure(locales)
        generator.ensure_settings(Site.objects.get(is_default_site=True))
        generator.ensure_authors(editions)
        self.ensure_users()
        self.ensure_rates()
        if articles is None:
            if Article.objects.exists():
                self.stdout.write("Demo content already loaded; use --articles N to add more.")
                return
            articles = 400
        photos = generator.ensure_photos()
        already = Article.objects.count()
        last_before = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        processes = processes or bulk.default_processes()
        quiet = options["verbosity"] == 0
        # As a site keeps it: every article searchable (newsdesk.search.bulk), indexed by worker
        # processes while this one writes, where they can see what it commits.
        indexer = None
        if not no_index and processes > 1 and not connection.in_atomic_block:
            indexer = bulk.BackgroundIndexer(Article.get_indexed_objects(), processes=processes)
        if connection.vendor == "postgresql":
            # A demo load that a crash cuts short is simply run again: no need to wait for each
            # batch to reach the disk.
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO off")
        with (
            tqdm(total=articles, unit="story", desc="Articles", disable=quiet) as bar,
            tqdm(unit="article", desc="Search index", disable=quiet or no_index) as indexed,
        ):
            try:
                inserted = generator.generate_articles(
                    editions,
                    photos,
                    articles,
                    days=days,
                    seed=seed + already,
                    batch_size=batch_size,
                    progress=bar,
                    # Large loads build the secondary indexes once at the end (see the generator).
                    indexes_afterwards=articles >= BUILD_INDEXES_AFTER,
                    committed=(lambda *keys: indexed.update(indexer.add(*keys)))
                    if indexer
                    else None,
                )
            except BaseException:
                if indexer is not None:
                    indexer.cancel()
                raise
            dependencies.bump(dependencies.EPOCH)  # pages cached before the load are stale
            indexed.total = inserted
            if indexer is not None:
                for count in indexer.finish():
                    indexed.update(count)
            elif not no_index:
                new = Article.get_indexed_objects().filter(pk__gt=last_before)
                for count in bulk.index_in_chunks(new, processes=processes):
                    indexed.update(count)
        self.stdout.write(
            self.style.SUCCESS(f"Inserted {inserted} articles from {articles} stories.")
        )
        if not no_index:
            self.stdout.write("Search index updated.")

    def ensure_rates(self):
        """Offline exchange rates: sample files in the real CBR and ECB formats, written for the
        last 90 days and loaded through the same parser and checks as a live fetch."""
        if Rate.objects.exists():
            return
        folder = settings.VAR_DIR / "rate-samples"
        today = timezone.localdate()
        cbr_files = samples.write_cbr_files(folder / "cbr", end=today)
        ecb_file = samples.write_ecb_90d(folder / "ecb" / "eurofxref-hist-90d.xml", end=today)
        loaded = sum(
            pipeline.load(path.read_bytes(), provider=PROVIDERS["cbr"], source=str(path))
            for path in cbr_files
        )
        loaded += pipeline.load(
            ecb_file.read_bytes(), provider=PROVIDERS["ecb"], source=str(ecb_file)
        )
        self.stdout.write(
            f"Loaded {loaded} sample rate files ({len(cbr_files)} CBR rate days, ECB 90 days)."
        )

    def ensure_users(self):
        User = get_user_model()
        for username, group_name, is_superuser in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@newsdesk.example",
                    "is_staff": is_superuser,
                    "is_superuser": is_superuser,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
