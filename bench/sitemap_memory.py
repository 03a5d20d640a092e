"""Sitemap generation at archive scale: memory and time per sitemap file.

    .venv/bin/python bench/sitemap_memory.py [stories]      (default 60,000 stories ≈ 100,000 articles)

Builds a throwaway SQLite archive (or uses DATABASE_URL as given: it must be an empty database),
then fetches the sitemap index and every month sitemap of one edition through Django's test
client, printing the peak Python memory (tracemalloc) and wall time of each. Not a timed test.
"""

import os
import sys
import tempfile
import time
import tracemalloc

work = tempfile.mkdtemp(prefix="newsdesk-bench-")
os.environ.setdefault("NEWSDESK_VAR_DIR", work)
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghij")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from newsdesk.news.models import Article  # noqa: E402


def main():
    stories = int(sys.argv[1]) if len(sys.argv) > 1 else 60_000
    call_command("migrate", verbosity=0)
    started = time.monotonic()
    call_command("demo", articles=stories, days=1500, no_index=True, verbosity=0)
    print(
        f"archive: {Article.objects.count():,} articles loaded in {time.monotonic() - started:.0f} s"
    )
    client = Client()
    rows = []
    for url in ["/sitemap.xml"]:
        rows.append(measure(client, url))
    index = client.get("/sitemap.xml").content.decode()
    months = [
        loc.split("testserver")[1] for loc in index.split("<loc>")[1:] if "ru-articles" in loc
    ]
    months = [m.split("</loc>")[0] for m in months]
    for url in months:
        rows.append(measure(client, url))
    peak = max(row[2] for row in rows)
    print(f"{'sitemap':45} {'URLs':>7} {'peak MiB':>9} {'ms':>7}")
    for url, urls, memory, ms in rows[:1] + sorted(rows[1:], key=lambda r: -r[1])[:5]:
        print(f"{url:45} {urls:>7,} {memory / 2**20:>9.1f} {ms:>7.0f}")
    print(f"{len(months)} month sitemaps for one edition; the largest peak: {peak / 2**20:.1f} MiB")


def measure(client, url):
    # Time without tracemalloc (it slows Python down), memory in a second, traced run; the
    # response cache is emptied before each so both really build the sitemap.
    cache.clear()
    started = time.monotonic()
    client.get(url)
    elapsed = (time.monotonic() - started) * 1000
    cache.clear()
    tracemalloc.start()
    response = client.get(url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 200, url
    return (
        url,
        response.content.count(b"<url>") or response.content.count(b"<sitemap>"),
        peak,
        elapsed,
    )


if __name__ == "__main__":
    main()
