"""A bounded load test: the production server under a newsroom's traffic while editors publish.

    .venv/bin/python bench/load.py [--duration 600] [--warmup 180] [--articles 100000]

Runs `newsdesk serve` (granian, one worker per core) over PostgreSQL and Redis:
BENCH_LOAD_DATABASE_URL (default: the `newsdesk_load` database on 127.0.0.1, loaded with
`newsdesk demo` when it holds fewer than --articles articles) and BENCH_LOAD_REDIS_URL (default
redis://127.0.0.1:6379/4).

wrk sends the mix of requests (a Lua script picks each one): 90% article pages (four in five
among the newest 1,000 articles, as readers follow the day's news; the rest drawn from 20,000
addresses across the archive), 5% All news and its "Show more news" pages, 5% feeds. Meanwhile
this process publishes an article every 10 seconds, as an editor would, and times how long until
readers see it (its own page and All news, through the page cache). After a warm-up under the
same traffic (--warmup: until the processes' bounded in-memory caches are full), reported:
requests/s, p50/p99 latency, errors (non-2xx/3xx and socket errors), publish-to-visible times,
and the server processes' resident memory at the start, each minute and at the end. Not a timed test: figures go to
bench/results/<date>-load.md.
"""

import argparse
import datetime
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
    draft_article,
    free_port,
    get,
    postgres_database,
    setup_django,
    wait_until_up,
    write_report,
)

ROOT = Path(__file__).resolve().parent.parent
PUBLISH_EVERY_SECONDS = 10

LUA = """
local newest = {%(newest)s}
local articles = {%(articles)s}
local listings = {%(listings)s}
local feeds = {%(feeds)s}
math.randomseed(%(seed)d)
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
    """Publishes an article every PUBLISH_EVERY_SECONDS and times until readers see it."""

    def __init__(self, app: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.app, self.stop_event = app, stop
        self.delays: list[float] = []
        self.failures: list[str] = []

    def run(self):
        import uuid

        from django.db import connection

        from newsdesk.news.models import SectionPage

        section = SectionPage.objects.filter(locale__language_code="ru").first()
        while not self.stop_event.wait(PUBLISH_EVERY_SECONDS):
            headline = f"Нагрузка {uuid.uuid4().hex[:8]}"
            article = draft_article(section, headline, "Публикация под нагрузкой.")
            started = time.perf_counter()
            article.save_revision().publish()
            article.refresh_from_db()
            seen = {"article": False, "all news": False}
            while not all(seen.values()) and time.perf_counter() - started < 30:
                if not seen["article"]:
                    seen["article"] = get(self.app + article.url)[0] == 200
                if not seen["all news"]:
                    seen["all news"] = headline in get(self.app + "/ru/news/")[2].decode()
                time.sleep(0.02)
            if all(seen.values()):
                self.delays.append(time.perf_counter() - started)
            else:
                self.failures.append(headline)
        connection.close()


def run_wrk(url: str, script: Path, duration: int, connections: int) -> str:
    return subprocess.run(
        [WRK, "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency"]
        + ["-s", str(script), url],
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
    parser.add_argument("--duration", type=int, default=600, help="seconds of load")
    parser.add_argument("--articles", type=int, default=100_000, help="archive size to load")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--warmup", type=int, default=180, help="seconds of load before measuring")
    args = parser.parse_args()
    if not WRK:
        sys.exit("missing wrk: apt-get install wrk")

    var_dir = Path(os.environ.get("BENCH_VAR_DIR", ROOT / "var" / "bench-load"))
    var_dir.mkdir(parents=True, exist_ok=True)
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

    if Article.objects.count() < args.articles:
        Article.objects.all().delete()
        stories = int(args.articles / 1.74)  # the demo translates about three stories in four
        print(f"loading the demo with {stories:,} stories …", flush=True)
        call_command("demo", articles=stories, days=730, no_index=True, verbosity=1)
    cache.clear()
    total = Article.objects.filter(live=True).count()
    print(f"archive: {total:,} live articles", flush=True)

    work = Path(tempfile.mkdtemp(prefix="newsdesk-load-"))
    stack = Stack(env, work)
    try:
        port = free_port()
        server = stack.start([NEWSDESK, "serve", "--bind", f"127.0.0.1:{port}"], "server")
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
        publisher = Publisher(app, stop)
        publisher.start()
        # Warm-up: the same traffic until the processes' bounded caches (pages kept in memory,
        # compiled templates, connections) have filled; the test measures the steady state.
        print(f"warm-up: {args.warmup} s …", flush=True)
        run_wrk(app, script, args.warmup, args.connections)
        memory["start"] = resident_mib(server.pid)
        samples = []

        def sample_memory():
            while not stop.wait(60):
                samples.append(sum(resident_mib(server.pid).values()))

        sampler = threading.Thread(target=sample_memory, daemon=True)
        sampler.start()
        print(f"load: {args.duration} s, {args.connections} connections …", flush=True)
        output = run_wrk(app, script, args.duration, args.connections)
        memory["end"] = resident_mib(server.pid)
        memory["samples"] = samples
        stop.set()
        publisher.join(timeout=60)
        sampler.join()
        # The same traffic with nobody publishing: what a publish every 10 s costs readers is
        # the ratio of the two rounds, measured minutes apart on the same warm server.
        print(f"quiet round: {args.duration} s, nobody publishing …", flush=True)
        quiet = parse_wrk(run_wrk(app, script, args.duration, args.connections))
        log = (work / "server.log").read_text(errors="replace")
    finally:
        stack.stop()
    report(
        args,
        total,
        parse_wrk(output),
        quiet,
        publisher,
        memory,
        log,
        (newest, articles, listings, feeds),
    )


def report(args, total, load, quiet, publisher, memory, log, pools):
    start, end = sum(memory["start"].values()), sum(memory["end"].values())
    growth = (end - start) / start * 100
    errors = load["non_2xx"] + load["socket_errors"] + quiet["non_2xx"] + quiet["socket_errors"]
    delays = sorted(publisher.delays)
    server_errors = len(re.findall(r"\bERROR\b|Traceback", log))
    lines = [
        f"# Load test, {datetime.date.today():%Y-%m-%d}",
        "",
        f"`bench/load.py --duration {args.duration} --warmup {args.warmup} "
        f"--connections {args.connections}` on "
        f"{platform.machine()}, {os.cpu_count()} cores; PostgreSQL + Redis; `newsdesk serve` "
        f"(granian, {len(memory['end']) - 1} workers). Archive: {total:,} live articles. Mix: "
        f"90% articles (72% the newest {len(pools[0]):,}, 18% {len(pools[1]):,} drawn across "
        f"the archive), 5% All news and Show more ({len(pools[2])} addresses), 5% feeds "
        f"({len(pools[3])}); an article published every "
        f"{PUBLISH_EVERY_SECONDS} s.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| requests | {load['requests']:,} |",
        f"| requests/s | {load['rps']:,.0f} |",
        f"| requests/s of the same mix with nobody publishing (the next {args.duration} s) | "
        f"{quiet['rps']:,.0f} (p50 {quiet['p50']:.1f} ms) |",
        f"| publishing / quiet | {load['rps'] / quiet['rps']:.2f} |",
        f"| latency p50 / p90 / p99 | {load['p50']:.1f} / {load['p90']:.1f} / "
        f"{load['p99']:.1f} ms |",
        f"| errors (non-2xx/3xx + socket) | {errors} ({load['non_2xx']} + "
        f"{load['socket_errors']}) |",
        f"| server log errors | {server_errors} |",
        f"| publishes seen by readers | {len(delays)} of {len(delays) + len(publisher.failures)} |",
        "| publish-to-visible median / max | "
        + (
            f"{statistics.median(delays) * 1000:.0f} / {delays[-1] * 1000:.0f} ms |"
            if delays
            else "– |"
        ),
        f"| server memory: idle, after warm-up, end | {sum(memory['idle'].values()):.0f}, "
        f"{start:.0f}, {end:.0f} MiB ({growth:+.1f}% over the {args.duration} s) |",
        "| server memory each minute | "
        + ", ".join(f"{sample:.0f}" for sample in memory["samples"])
        + " MiB |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    write_report(text, f"{datetime.date.today():%Y-%m-%d}-load.md")
    if errors or publisher.failures or growth > 10:
        sys.exit("load test: errors, unseen publishes or memory growth above 10%")


if __name__ == "__main__":
    main()
