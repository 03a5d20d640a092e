"""Reader search at archive scale: the search page's response time on PostgreSQL.

    .venv/bin/python bench/search.py [--articles 100000] [--queries 300]

Uses BENCH_SEARCH_DATABASE_URL (default: the `newsdesk_search` PostgreSQL database on
127.0.0.1, loaded with `newsdesk demo` and indexed with `newsdesk update_index` when it holds
fewer than --articles articles) and BENCH_SEARCH_REDIS_URL (default redis://127.0.0.1:6379/6).

Measures, in this process through Django's test client (the page cache is a WSGI wrapper, so
nothing here is served from it; the chrome is cached as in production):
- the search page for a mix of queries drawn from the archive's own headlines, in both editions:
  one word, two words, a word in another form than it was written, the word sorted by date, a
  word with a section filter, and the second page of results;
- as the same-run reference, an uncached render of the All news page, on the same machine at the
  same moment (these machines are noisy; compare ratios across runs, not milliseconds).
Prints a Markdown table and writes it to bench/results/<date>-search.md. Not a timed test.
"""

import argparse
import datetime
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import ROOT, postgres_database, setup_django, write_report


def timed(client, url, runs=1):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times, len(queries), response


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300, help="queries per kind")
    args = parser.parse_args()
    var_dir = Path(os.environ.get("BENCH_VAR_DIR", ROOT / "var" / "bench-search"))
    setup_django(
        var_dir,
        database_url=os.environ.get("BENCH_SEARCH_DATABASE_URL")
        or postgres_database("newsdesk_search"),
        redis_url=os.environ.get("BENCH_SEARCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
        cache_prefix="bench-search",
    )
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils.http import urlencode
    from wagtail.search.models import IndexEntry

    from newsdesk.news import search_text as text
    from newsdesk.news.models import Article
    from newsdesk.news.search_text import WORD

    total = Article.objects.count()
    if total < args.articles:
        stories = int((args.articles - total) / 1.74)  # about three stories in four translated
        print(f"loading the demo with {stories:,} stories …", flush=True)
        call_command("demo", articles=stories, days=730, no_index=True, verbosity=1)
        total = Article.objects.count()
    indexed = IndexEntry.objects.count()
    index_seconds = None
    if indexed < total:
        print(f"indexing {total:,} articles …", flush=True)
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        index_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{total:,} articles, {IndexEntry.objects.count():,} index entries", flush=True)
    if connection.vendor == "postgresql":
        # As README ("Search") recommends on SSDs: random reads cost little more than sequential
        # ones, and the planner then prefers the GIN index for common words (about 2× faster).
        with connection.cursor() as cursor:
            cursor.execute("SET random_page_cost = 1.1")
            cursor.execute("ANALYZE news_article")
            cursor.execute("ANALYZE wagtailsearch_indexentry")

    rng = random.Random(7)
    client = Client()
    rows, reference = [], {}
    for language in ("ru", "en"):
        headlines = list(
            Article.objects.filter(locale__language_code=language, live=True)
            .order_by("?")
            .values_list("headline", "section__slug")[:2000]
        )
        words = [
            (word, section)
            for headline, section in headlines
            for word in WORD.findall(headline)
            if len(word) > 4 and not word.isdigit()
        ]
        if not words:
            continue
        path = f"/{language}/search/"
        client.get(path + "?q=warm")  # the chrome
        # Words in at most one sampled headline in 500: what a reader looking for a particular
        # name or event types (the demo's vocabulary is small, so most words are very common).
        frequency = Counter(text.normalize(word) for word, _section in words)
        rare = [pair for pair in words if frequency[text.normalize(pair[0])] <= 4] or words
        kinds = {
            "rare word": lambda w, s, rare=rare: {"q": rng.choice(rare)[0]},
            "one word": lambda w, s: {"q": w},
            "two words": lambda w, s, words=words: {"q": f"{w} {rng.choice(words)[0]}"},
            "other form": lambda w, s: {"q": w[:-1] if len(w) > 5 else w + "s"},
            "by date": lambda w, s: {"q": w, "sort": "date"},
            "one section": lambda w, s: {"q": w, "section": s},
        }
        for kind, params in kinds.items():
            times, counts, results = [], [], []
            for _ in range(args.queries):
                word, section = rng.choice(words)
                spent, queries, response = timed(
                    client, path + "?" + urlencode(params(word, section))
                )
                times += spent
                counts.append(queries)
                results.append(response.content.decode().count('class="search-result"'))
            rows.append((language, kind, times, counts, results))
        # The second page: follow "More results" of one-word searches.
        times, counts, results = [], [], []
        for _ in range(args.queries // 3):
            word, _section = rng.choice(words)
            first = client.get(path + "?" + urlencode({"q": word})).content.decode()
            found = re.search(r'href="(\?[^"]+)" rel="next"', first)
            if not found:
                continue
            spent, queries, response = timed(client, path + found.group(1).replace("&amp;", "&"))
            times += spent
            counts.append(queries)
            results.append(response.content.decode().count('class="search-result"'))
        if times:
            rows.append((language, "second page", times, counts, results))
        # Reference: All news rendered afresh, the same number of times.
        ref_times = []
        for _ in range(args.queries):
            ref_times += timed(client, f"/{language}/news/")[0]
        reference[language] = statistics.median(ref_times)

    lines = [
        f"# Search benchmark, {datetime.date.today():%Y-%m-%d}",
        "",
        f"{total:,} articles on {connection.vendor} "
        f"({connection.cursor().connection.info.server_version if connection.vendor == 'postgresql' else ''}), "
        f"{args.queries} queries per row, in-process (no page cache); "
        "PostgreSQL with `random_page_cost = 1.1` (README, Search).",
        "",
    ]
    if index_seconds:
        lines += [f"Indexing the archive (`newsdesk update_index`): {index_seconds:.0f} s.", ""]
    lines += [
        "| edition | query | median ms | p90 ms | p99 ms | × All news render | queries | results (median) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for language, kind, times, counts, results in rows:
        median = statistics.median(times)
        lines.append(
            f"| {language} | {kind} | {median:.1f} | {percentile(times, 0.9):.1f} | "
            f"{percentile(times, 0.99):.1f} | {median / reference[language]:.2f} | "
            f"{max(counts)} | {statistics.median(results):.0f} |"
        )
    lines += [
        "",
        "Reference, same run: All news rendered afresh (no page cache), median "
        + ", ".join(f"{lang} {ms:.1f} ms" for lang, ms in reference.items())
        + ".",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    write_report(report, f"{datetime.date.today():%Y-%m-%d}-search.md")


if __name__ == "__main__":
    main()
