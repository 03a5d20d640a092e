"""A bounded load test: the production server under a newsroom's traffic while editors publish.

    .venv/bin/python bench/load.py [--duration 600] [--rounds 2] [--warmup 180] [--articles 100000]
    .venv/bin/python bench/load.py --demo [--duration 60] …

Runs `newsdesk serve` (granian, one worker per core) over PostgreSQL and Redis:
BENCH_LOAD_DATABASE_URL (default: the `newsdesk_load` database on 127.0.0.1, loaded with
`newsdesk demo` when it holds fewer than --articles articles) and BENCH_LOAD_REDIS_URL (default
redis://127.0.0.1:6379/4). With --demo, the demo as `make demo` runs it instead: its content in
SQLite, no Redis, one server process.

wrk sends the mix of requests (a Lua script picks each one): 90% article pages (four in five
among the newest 1,000 articles, as readers follow the day's news; the rest drawn from 20,000
addresses across the archive), 5% All news and its "Show more news" pages, 5% feeds. Meanwhile
this process publishes an article every 10 seconds, as an editor would, in every other round
(P Q Q P …: the same mix with nobody publishing, in the same run), and times how long until
readers see it (its own page, All news, the All news column of an old article page, the RSS
feed, through the page cache). After a warm-up under the same traffic (--warmup, then on until
at most --settled pages are rendered a second: the archive's pages have each been rendered once
and the processes' bounded in-memory caches are full), reported for each kind of round:
requests/s, pages rendered a second, p50/p90/p99 latency, the share of answers from the page
cache (the server's /metrics) and of article requests (sampled), and the ratio of the two
throughputs; errors (non-2xx/3xx and socket errors), publish-to-visible times, the warm-up's
figures, and the server processes' resident memory. Not a timed test:
figures go to bench/results/<date>-load.md (-load-demo.md).
"""

import argparse
import datetime
import itertools
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve import (
    NEWSDESK,
    WRK,
    Stack,
    commit,
    draft_article,
    ensure_search_index,
    free_port,
    get,
    postgres_database,
    setup_django,
    wait_until_up,
    write_report,
)

ROOT = Path(__file__).resolve().parent.parent
PUBLISH_EVERY_SECONDS = 10
WARM_STEP_SECONDS = 30

LUA = """
local newest = {%(newest)s}
local articles = {%(articles)s}
local listings = {%(listings)s}
local feeds = {%(feeds)s}
-- Each wrk thread, and each run of wrk, its own random sequence (the run's number comes as the
-- script's argument). With one seed, both threads asked for the same pages in the same order,
-- and every run of wrk (each warm-up step, each round) replayed the first one's requests.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
init = function(args)
  math.randomseed(%(seed)d + 1000 * tonumber(args[1] or 0) + thread_number)
end
request = function()
  local r = math.random()
  local pool = articles
  if r >= 0.95 then pool = feeds elseif r >= 0.90 then pool = listings
  elseif r < 0.72 then pool = newest end
  return wrk.format("GET", pool[math.random(#pool)], {["Accept-Encoding"] = "gzip"})
end
"""


def server_pids(pid: int) -> list[int]:
    pids, queue = [], [pid]
    while queue:
        one = queue.pop()
        pids.append(one)
        children = Path(f"/proc/{one}/task/{one}/children")
        if children.exists():
            queue += [int(child) for child in children.read_text().split()]
    return pids


def resident_mib(pid: int) -> dict[int, float]:
    sizes = {}
    for one in server_pids(pid):
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except FileNotFoundError:
            continue
        sizes[one] = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024
    return sizes


def lua_list(paths) -> str:
    return ",".join(f'"{path}"' for path in paths)


def addresses(app: str) -> tuple[list[str], list[str], list[str], list[str]]:
    from newsdesk.news.models import Article

    ids = list(Article.objects.filter(live=True).values_list("id", flat=True))
    chosen = random.Random(6).sample(ids, min(20_000, len(ids)))
    articles = [
        article.get_url()
        for article in Article.objects.filter(id__in=chosen).select_related("locale").iterator()
    ]
    newest = [
        article.get_url()
        for article in Article.objects.filter(live=True)
        .select_related("locale")
        .order_by("-published_at")[:1000]
    ]
    listings = []
    for language in ("ru", "en"):
        path = f"/{language}/news/"
        for _page in range(10):  # All news, then "Show more news" nine times
            listings.append(path)
            body = get(app + path)[2].decode()
            found = re.search(r'href="([^"]+)" rel="next" data-show-more', body)
            if not found:
                break
            query = found.group(1).replace("&amp;", "&")
            path = f"/{language}/news/{query}" if query.startswith("?") else query
    feeds = []
    for language in ("ru", "en"):
        body = get(app + f"/{language}/")[2].decode()
        for href in re.findall(
            r'<link rel="alternate" type="application/[^"]+" [^>]*href="([^"]+)"', body
        ):
            feeds.append(href.split("127.0.0.1", 1)[-1] if "://" in href else href)
    return newest, articles, listings, sorted(set(feeds)) or ["/ru/feeds/rss/"]


class Publisher(threading.Thread):
    """Publishes an article every PUBLISH_EVERY_SECONDS while `publishing` is set, and times
    until readers see it everywhere it shows: its page, All news, the All news column of an old
    article page (a piece put in as the page is served) and the RSS feed."""

    def __init__(self, app: str, old_article: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.app, self.old_article, self.stop_event = app, old_article, stop
        self.publishing = threading.Event()
        # Publishes during the warm-up are timed apart: the server is still rendering the
        # archive's first views then, and a publish's pages queue behind them (`measuring`).
        self.measuring = False
        self.warmup_delays: list[float] = []
        self.warmup_failures: list[str] = []
        # Each measured publish: (seconds until seen everywhere, the place seen last, seconds
        # the publish itself took: the editor's click until it is committed).
        self.timed: list[tuple[float, str, float]] = []
        self.delays_by_place: dict[str, list[float]] = {}
        self.failures: list[str] = []

    def run(self):
        import uuid

        from django.db import connection

        from newsdesk.news.models import SectionPage

        section = SectionPage.objects.filter(locale__language_code="ru").first()
        while not self.stop_event.wait(PUBLISH_EVERY_SECONDS):
            if not self.publishing.is_set():
                continue
            headline = f"Нагрузка {uuid.uuid4().hex[:8]}"
            article = draft_article(section, headline, "Публикация под нагрузкой.")
            measuring = self.measuring
            started = time.perf_counter()
            article.save_revision().publish()
            published = time.perf_counter() - started
            article.refresh_from_db()
            places = {
                "article": (article.url, None),
                "all news": ("/ru/news/", headline),
                "column": (self.old_article, headline),
                "feed": ("/ru/feeds/rss/", headline),
            }
            seen: dict[str, float] = {}
            while len(seen) < len(places) and time.perf_counter() - started < 30:
                for place, (path, text) in places.items():
                    if place not in seen and self.shows(path, text):
                        seen[place] = time.perf_counter() - started
                time.sleep(0.02)
            if len(seen) == len(places) and not measuring:
                self.warmup_delays.append(max(seen.values()))
            elif len(seen) == len(places):
                last = max(seen, key=seen.get)
                self.timed.append((seen[last], last, published))
                for place, delay in seen.items():
                    self.delays_by_place.setdefault(place, []).append(delay)
            elif measuring:
                self.failures.append(headline)
            else:
                self.warmup_failures.append(headline)
        connection.close()

    def shows(self, path: str, text: str | None) -> bool:
        status, _headers, body = get(self.app + path)
        return status == 200 and (text is None or text in body.decode())


class ArticleSampler(threading.Thread):
    """Asks for article pages from the same pools as wrk, a few a second, and records whether
    the page cache answered (X-Cache HIT or STALE): the share of article requests served from
    the cache, measured from outside (wrk cannot tell one response's request from another's)."""

    def __init__(self, app: str, newest: list[str], archive: list[str], stop: threading.Event):
        super().__init__(daemon=True)
        self.app, self.newest, self.archive, self.stop_event = app, newest, archive, stop
        self.outcomes: list[str] = []
        self.random = random.Random(7)

    def run(self):
        while not self.stop_event.wait(0.1):
            pool = self.newest if self.random.random() < 0.8 else self.archive
            headers = {"Accept-Encoding": "gzip"}
            _status, response_headers, _body = get(
                self.app + self.random.choice(pool), headers=headers
            )
            by_name = {name.lower(): value for name, value in response_headers.items()}
            self.outcomes.append(by_name.get("x-cache", "none"))


def page_cache_counts(app: str) -> dict[str, float]:
    """The server's page-cache answers so far, by outcome, and all its answers (/metrics)."""
    text = get(app + "/metrics")[2].decode()
    counts = {"HIT": 0.0, "MISS": 0.0, "STALE": 0.0, "all": 0.0}
    for outcome, value in re.findall(
        r'^newsdesk_page_cache_total\{outcome="(\w+)"\} ([\d.e+]+)$', text, re.M
    ):
        counts[outcome] = float(value)
    for value in re.findall(r"^newsdesk_http_requests_total\{[^}]*\} ([\d.e+]+)$", text, re.M):
        counts["all"] += float(value)
    return counts


_wrk_runs = itertools.count()


def run_wrk(url: str, script: Path, duration: int, connections: int) -> str:
    return subprocess.run(
        [WRK, "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency"]
        + ["-s", str(script), url, "--", str(next(_wrk_runs))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def parse_wrk(output: str) -> dict:
    def latency(label):
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p90": latency("90"),
        "p99": latency("99"),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=600, help="seconds of each round")
    parser.add_argument("--rounds", type=int, default=2, help="publishing rounds (as many quiet)")
    parser.add_argument("--articles", type=int, default=100_000, help="archive size to load")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=180, help="seconds of load before measuring")
    parser.add_argument(
        "--settled",
        type=float,
        default=2.0,
        help="after --warmup, warm on until at most this many pages are rendered a second",
    )
    parser.add_argument("--workers", type=int, help="server processes (default: serve's)")
    parser.add_argument("--threads", type=int, help="threads per process (default: serve's)")
    parser.add_argument("--warmup-max", type=int, default=1800, help="seconds of warm-up at most")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="the demo as `make demo` runs it: SQLite, no Redis, one process, the demo's content",
    )
    args = parser.parse_args()
    if not WRK:
        sys.exit("missing wrk: apt-get install wrk")

    var_dir = Path(os.environ.get("BENCH_VAR_DIR", ROOT / "var" / "bench-load"))
    if args.demo:
        var_dir = var_dir.with_name(var_dir.name + "-demo")
    var_dir.mkdir(parents=True, exist_ok=True)
    if args.demo:
        env = setup_django(
            var_dir,
            database_url=f"sqlite:///{var_dir / 'demo.sqlite3'}",
            redis_url="",
            cache_prefix="load",
        )
    else:
        env = setup_django(
            var_dir,
            database_url=os.environ.get("BENCH_LOAD_DATABASE_URL")
            or postgres_database("newsdesk_load"),
            redis_url=os.environ.get("BENCH_LOAD_REDIS_URL", "redis://127.0.0.1:6379/4"),
            cache_prefix="load",
        )
    from django.core.cache import cache
    from django.core.management import call_command

    from newsdesk.news.models import Article

    if args.demo:
        if not Article.objects.exists():
            print("loading the demo …", flush=True)
            call_command("demo", verbosity=1)
    elif Article.objects.count() < args.articles:
        Article.objects.all().delete()
        stories = int(args.articles / 1.74)  # the demo translates about three stories in four
        print(f"loading the demo with {stories:,} stories …", flush=True)
        call_command("demo", articles=stories, days=730, verbosity=1)
    if not args.demo:
        ensure_search_index()
    cache.clear()
    total = Article.objects.filter(live=True).count()
    print(f"archive: {total:,} live articles", flush=True)

    work = Path(tempfile.mkdtemp(prefix="newsdesk-load-"))
    stack = Stack(env, work)
    try:
        port = free_port()
        serve = [NEWSDESK, "serve", "--bind", f"127.0.0.1:{port}"]
        for option in ("workers", "threads"):
            if getattr(args, option):
                serve += [f"--{option}", str(getattr(args, option))]
        server = stack.start(serve, "server")
        app = f"http://127.0.0.1:{port}"
        wait_until_up(app + "/robots.txt", server)
        newest, articles, listings, feeds = addresses(app)
        script = work / "mix.lua"
        script.write_text(
            LUA
            % {
                "newest": lua_list(newest),
                "articles": lua_list(articles),
                "listings": lua_list(listings),
                "feeds": lua_list(feeds),
                "seed": 2026,
            }
        )
        memory = {"idle": resident_mib(server.pid)}
        stop = threading.Event()
        old_article = next(path for path in articles if path.startswith("/ru/"))
        publisher = Publisher(app, old_article, stop)
        publisher.publishing.set()
        publisher.start()
        # Warm-up: the same traffic until the processes' bounded caches (pages kept in memory,
        # compiled templates, connections) have filled; the test measures the steady state.
        print(f"warm-up: {args.warmup} s …", flush=True)
        run_wrk(app, script, args.warmup, args.connections)
        # …then until the archive's pages have been rendered once: a first render of an archive
        # page costs 25 ms of CPU, so at a few thousand requests/s the server renders only about
        # fifty a second, and 20,000 addresses take longer than any fixed warm-up. Measured
        # before they are all in, the rounds time first views, not publishing.
        warmed, warming = args.warmup, []
        while warmed < args.warmup_max:
            before = page_cache_counts(app)
            step = parse_wrk(run_wrk(app, script, WARM_STEP_SECONDS, args.connections))
            warmed += WARM_STEP_SECONDS
            renders = (page_cache_counts(app)["MISS"] - before["MISS"]) / WARM_STEP_SECONDS
            warming.append((warmed, renders, step["rps"], step["p99"]))
            print(f"  {warmed} s: {renders:.1f} pages rendered a second", flush=True)
            if renders <= args.settled:
                break
        publisher.measuring = True
        memory["start"] = resident_mib(server.pid)
        samples = []

        def sample_memory():
            while not stop.wait(60):
                samples.append(sum(resident_mib(server.pid).values()))

        sampler = threading.Thread(target=sample_memory, daemon=True)
        sampler.start()
        # Rounds with and without publishing, alternating (P Q Q P P Q …) so that neither kind
        # always comes second on a warmer cache or a quieter machine.
        rounds = {"publishing": [], "quiet": []}
        order = []
        for pair in range(args.rounds):
            order += ["publishing", "quiet"] if pair % 2 == 0 else ["quiet", "publishing"]
        for kind in order:
            if kind == "publishing":
                publisher.publishing.set()
            else:
                publisher.publishing.clear()
            print(f"{kind} round: {args.duration} s, {args.connections} connections …", flush=True)
            article_sampler = ArticleSampler(app, newest, articles, threading.Event())
            before = page_cache_counts(app)
            article_sampler.start()
            result = parse_wrk(run_wrk(app, script, args.duration, args.connections))
            article_sampler.stop_event.set()
            article_sampler.join()
            after = page_cache_counts(app)
            answered = after["all"] - before["all"]
            served = sum(after[o] - before[o] for o in ("HIT", "STALE"))
            result["renders_per_s"] = (after["MISS"] - before["MISS"]) / args.duration
            result["hit_ratio"] = served / answered if answered else 0.0
            outcomes = article_sampler.outcomes
            result["article_hit_ratio"] = (
                sum(o in ("HIT", "STALE") for o in outcomes) / len(outcomes) if outcomes else 0
            )
            result["article_samples"] = len(outcomes)
            rounds[kind].append(result)
        memory["end"] = resident_mib(server.pid)
        memory["samples"] = samples
        stop.set()
        publisher.join(timeout=60)
        sampler.join()
        log = (work / "server.log").read_text(errors="replace")
    finally:
        stack.stop()
    pools = (newest, articles, listings, feeds)
    report(args, total, rounds, publisher, memory, warming, log, pools)


def combined(results: list[dict]) -> dict:
    """The rounds of one kind as one: total requests over total time, the worst percentiles."""
    requests = sum(r["requests"] for r in results)
    seconds = sum(r["requests"] / r["rps"] for r in results if r["rps"])
    samples = sum(r["article_samples"] for r in results)
    return {
        "requests": requests,
        "rps": requests / seconds if seconds else 0.0,
        "p50": statistics.median(r["p50"] for r in results),
        "p90": max(r["p90"] for r in results),
        "p99": max(r["p99"] for r in results),
        "non_2xx": sum(r["non_2xx"] for r in results),
        "socket_errors": sum(r["socket_errors"] for r in results),
        "hit_ratio": statistics.mean(r["hit_ratio"] for r in results),
        "renders_per_s": statistics.mean(r["renders_per_s"] for r in results),
        "article_hit_ratio": (
            sum(r["article_hit_ratio"] * r["article_samples"] for r in results) / samples
            if samples
            else 0.0
        ),
        "article_samples": samples,
    }


def report(args, total, rounds, publisher, memory, warming, log, pools):
    """`warming`: (seconds so far, pages rendered a second, requests/s, p99) of each warm-up
    step after the first --warmup seconds."""
    warmed = warming[-1][0] if warming else args.warmup
    load, quiet = combined(rounds["publishing"]), combined(rounds["quiet"])
    start, end = sum(memory["start"].values()), sum(memory["end"].values())
    growth = (end - start) / start * 100
    errors = load["non_2xx"] + load["socket_errors"] + quiet["non_2xx"] + quiet["socket_errors"]
    delays = sorted(delay for delay, _place, _published in publisher.timed)
    publish_seconds = [published for _delay, _place, published in publisher.timed]
    warmup = sorted(publisher.warmup_delays)
    server_errors = len(re.findall(r"\bERROR\b|Traceback", log))
    where = (
        "the demo as `make demo` runs it: SQLite, no Redis, `newsdesk serve` in one process"
        if args.demo
        else f"PostgreSQL + Redis; `newsdesk serve` (granian, {len(memory['end']) - 1} workers"
        f"{f' of {args.threads} threads' if args.threads else ''})"
    )
    per_round = ", ".join(
        f"{kind[0].upper()} {r['rps']:,.0f}"
        for kind in ("publishing", "quiet")
        for r in rounds[kind]
    )
    by_place = ", ".join(
        f"{place} {statistics.median(values) * 1000:.0f}"
        for place, values in publisher.delays_by_place.items()
    )
    lines = [
        f"# Load test, {datetime.date.today():%Y-%m-%d}"
        + (" (the demo)" if args.demo else "")
        + f" (commit {commit()})",
        "",
        f"`bench/load.py{' --demo' if args.demo else ''} --duration {args.duration} "
        f"--rounds {args.rounds} --warmup {args.warmup} --connections {args.connections}` "
        f"(warm-up: {warmed} s, until at most {args.settled:g} pages were rendered a "
        f"second) on "
        f"{platform.machine()}, {os.cpu_count()} cores; {where}. Archive: {total:,} live "
        f"articles. Mix: 90% articles (72% the newest {len(pools[0]):,}, 18% "
        f"{len(pools[1]):,} drawn across the archive), 5% All news and Show more "
        f"({len(pools[2])} addresses), 5% feeds ({len(pools[3])}). Rounds of {args.duration} s "
        f"alternate between an article published every {PUBLISH_EVERY_SECONDS} s and nobody "
        "publishing.",
        "",
        "| figure | publishing | quiet |",
        "|---|---|---|",
        f"| requests | {load['requests']:,} | {quiet['requests']:,} |",
        f"| requests/s | {load['rps']:,.0f} | {quiet['rps']:,.0f} |",
        f"| latency p50 / p90 / p99 (ms) | {load['p50']:.1f} / {load['p90']:.1f} / "
        f"{load['p99']:.1f} | {quiet['p50']:.1f} / {quiet['p90']:.1f} / {quiet['p99']:.1f} |",
        f"| answered from the page cache (all requests, /metrics) | {load['hit_ratio']:.1%} | "
        f"{quiet['hit_ratio']:.1%} |",
        f"| pages rendered a second (first views and pages gone stale) | "
        f"{load['renders_per_s']:.1f} | {quiet['renders_per_s']:.1f} |",
        f"| article requests answered from the cache (sampled) | "
        f"{load['article_hit_ratio']:.1%} of {load['article_samples']} | "
        f"{quiet['article_hit_ratio']:.1%} of {quiet['article_samples']} |",
        "",
        "| figure | value |",
        "|---|---|",
        f"| publishing / quiet (requests/s) | {load['rps'] / quiet['rps']:.2f} |",
        f"| each round (requests/s) | {per_round} |",
        f"| errors (non-2xx/3xx + socket) | {errors} |",
        f"| server log errors | {server_errors} |",
        f"| publishes seen by readers (in the rounds) | {len(delays)} of "
        f"{len(delays) + len(publisher.failures)} |",
        "| publish-to-visible everywhere, median / max | "
        + (
            f"{statistics.median(delays) * 1000:.0f} / {delays[-1] * 1000:.0f} ms |"
            if delays
            else "– |"
        ),
        f"| publish-to-visible median by place (ms) | {by_place or '–'} |",
        "| the publish itself (committed), median / max | "
        + (
            f"{statistics.median(publish_seconds) * 1000:.0f} / "
            f"{max(publish_seconds) * 1000:.0f} ms |"
            if publish_seconds
            else "– |"
        ),
        "| publish-to-visible during the warm-up (first views still rendering), median / max | "
        + (
            f"{statistics.median(warmup) * 1000:.0f} / {warmup[-1] * 1000:.0f} ms "
            f"({len(warmup)} publishes, {len(publisher.warmup_failures)} not seen within 30 s) |"
            if warmup
            else f"– ({len(publisher.warmup_failures)} not seen within 30 s) |"
        ),
        "| the slowest publishes: to visible (its place), of which the publish itself | "
        + "; ".join(
            f"{delay * 1000:.0f} ms ({place}), {published * 1000:.0f} ms"
            for delay, place, published in sorted(publisher.timed, reverse=True)[:3]
        )
        + (" |" if publisher.timed else "– |"),
        f"| server memory: idle, after warm-up, end | {sum(memory['idle'].values()):.0f}, "
        f"{start:.0f}, {end:.0f} MiB ({growth:+.1f}%) |",
        "| warm-up after the first "
        f"{args.warmup} s: pages rendered a second, requests/s, p99 (ms), every "
        f"{WARM_STEP_SECONDS} s | "
        + "; ".join(f"{renders:.0f}, {rps:,.0f}, {p99:.0f}" for _s, renders, rps, p99 in warming)
        + " |",
        "| server memory each minute | "
        + ", ".join(f"{sample:.0f}" for sample in memory["samples"])
        + " MiB |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    suffix = "-load-demo.md" if args.demo else "-load.md"
    write_report(text, f"{datetime.date.today():%Y-%m-%d}{suffix}")
    if errors or publisher.failures or growth > 10:
        sys.exit("load test: errors, unseen publishes or memory growth above 10%")


if __name__ == "__main__":
    main()
