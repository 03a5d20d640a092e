"""`make bench`: the production server against nginx serving the same page as a static file.

    .venv/bin/python bench/serve.py [--duration 8] [--rounds 3] [--stories 20000]

Uses BENCH_VAR_DIR (default var/bench: photos, static files), BENCH_DATABASE_URL (default: the `newsdesk_bench` PostgreSQL database on 127.0.0.1, else a
SQLite file under var/bench) and BENCH_REDIS_URL (default redis://127.0.0.1:6379/5). An empty
database is loaded with `newsdesk demo --articles <stories>` first; a loaded one is used as it is
(load a million with `newsdesk demo --articles 575000 --days 3650`: 1,006,856 articles over
ten years, with the search index built). An archive without its search index is indexed first.

Runs, all on loopback and bounded in time:
- two application nodes (`newsdesk serve`, granian) sharing the database and Redis, nginx with
  the shipped deploy/nginx/newsdesk.conf in front of the first, and nginx serving a saved copy of
  an article page as a static file (the reference);
- the server's floor (bench/floor.py): granian with `newsdesk serve`'s workers and threads,
  answering the same bytes and headers with no other work; and a third node with one thread per
  worker instead of four;
- wrk against each, in alternating rounds (the order rotates), on the cached article page, All
  news and the RSS feed: requests/s, p50/p99, ratio to static;
- uncached renders through the server: 1,000 distinct articles after an edit of each (their
  pages rendered again), and 300 archive articles nobody asked for (their related reading too);
- uncached renders in-process (Django test client, no page cache) of every kind of page, with
  their query counts;
- publish-to-visible: an article published from this process, polled on the second node;
- peak resident memory of each server process.
Prints a Markdown table and writes it to bench/results/<date>.md. Not a timed test.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from renders import RENDER_ROUNDS, RENDER_TARGETS_MS, explain_plans, median_ms, p99_ms, render_pages

ROOT = Path(__file__).resolve().parent.parent
NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRK = shutil.which("wrk")
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
# Headers the server sets for each response or connection (urllib asks for `Connection: close`):
# not part of the page the floor answers with.
PER_CONNECTION = {"date", "server", "connection", "keep-alive", "transfer-encoding"}


def write_report(text: str, file_name: str) -> None:
    """Keep a benchmark's Markdown report under bench/results/."""
    out = ROOT / "bench" / "results" / file_name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(f"written to {out.relative_to(ROOT)}")


def postgres_database(name: str) -> str:
    """The URL of database `name` on the local PostgreSQL server, created when missing."""
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')
    return url


def default_database_url() -> str:
    try:
        return postgres_database("newsdesk_bench")
    except Exception as error:  # noqa: BLE001 - fall back to SQLite, and say so
        print(f"PostgreSQL not reachable ({error}); benchmarking on SQLite")
        return f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}"


def setup_django(var_dir: Path, *, database_url: str, redis_url: str, cache_prefix: str) -> dict:
    """Production settings over the benchmark's database and Redis, in this process and for the
    servers it starts (the environment returned); migrated, static files collected."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmn",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": cache_prefix,
        "NEWSDESK_VAR_DIR": str(var_dir),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "BASE_URL": "http://127.0.0.1",
    }
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsdesk.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return env


def ensure_search_index() -> None:
    """Measure as a site runs: with every article in the search index (an archive loaded with
    `--no-index`, or by an older `newsdesk demo`, is indexed first)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from wagtail.search.models import IndexEntry

    from newsdesk.news.models import Article

    indexed = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Article)
    ).count()
    articles = Article.objects.count()
    if indexed < articles:
        print(f"search index: {indexed:,} of {articles:,} articles; indexing …", flush=True)
        started = time.monotonic()
        call_command("update_index", verbosity=1)
        print(f"indexed in {time.monotonic() - started:.0f} s", flush=True)


def commit() -> str:
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    dirty = subprocess.run(["git", "diff", "--quiet", "HEAD"], cwd=ROOT).returncode
    return (found.stdout.strip() or "unknown") + ("+changes" if dirty else "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, headers=None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with NO_PROXY.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_until_up(url: str, process=None, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            get(url)
            return
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{url}: the server exited") from None
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def wrk(url: str, duration: int, connections=32) -> dict:
    output = subprocess.run(
        [WRK, "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label):
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def peak_memory_mib(pid: int) -> list[float]:
    """VmHWM of the server process and its workers."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    peaks = []
    for one in pids:
        status = Path(f"/proc/{one}/status")
        if status.exists():
            match = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
            if match:
                peaks.append(int(match.group(1)) / 1024)
    return peaks


class Stack:
    """The processes under test; stopped whatever happens."""

    def __init__(self, env, work: Path):
        self.env, self.work, self.processes = env, work, []

    def start(self, argv, name):
        log = (self.work / f"{name}.log").open("w")
        process = subprocess.Popen(argv, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def stop(self):
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def nginx_config(work: Path, app_port: int, proxy_port: int, static_port: int, var_dir: Path):
    site = (ROOT / "deploy" / "nginx" / "newsdesk.conf").read_text()
    # The shipped upstream's node lines: the first one becomes the measured node.
    site = re.sub(r"server 127\.0\.0\.1:8000 ", f"server 127.0.0.1:{app_port} ", site)
    site = re.sub(r"\n\s*server 127\.0\.0\.1:8001 [^;]*;", "", site)
    for old, new in {
        "listen 80;": f"listen 127.0.0.1:{proxy_port};",
        "server_name news.example;": "server_name 127.0.0.1;",
        "/srv/newsdesk/var/": f"{var_dir}/",
        "/var/cache/nginx/newsdesk": str(work / "nginx-cache"),
    }.items():
        site = site.replace(old, new)
    site = site.replace("    location / {", "    access_log off;\n    location / {", 1)
    (work / "site.conf").write_text(site)
    user = "user root;\n" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(
        f"""{user}worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/t1; proxy_temp_path {work}/t2; fastcgi_temp_path {work}/t3;
    uwsgi_temp_path {work}/t4; scgi_temp_path {work}/t5;
    include {work}/site.conf;
    server {{
        listen 127.0.0.1:{static_port};
        root {work}/static-copy;
        location / {{ default_type text/html; try_files $uri $uri/index.html =404; }}
    }}
}}
"""
    )
    return work / "nginx.conf"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--stories", type=int, default=20_000, help="demo size for an empty DB")
    parser.add_argument("--renders", type=int, default=1000)
    args = parser.parse_args()
    for tool, hint in ((WRK, "apt-get install wrk"), (NGINX, "apt-get install nginx-light")):
        if not tool or not Path(tool).exists():
            sys.exit(f"missing {tool or 'wrk'}: {hint}")

    work = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    # Uploads and photos of the benchmark archive: they belong with its database.
    var_dir = Path(os.environ.get("BENCH_VAR_DIR", ROOT / "var" / "bench"))
    var_dir.mkdir(parents=True, exist_ok=True)
    env = setup_django(
        var_dir,
        database_url=os.environ.get("BENCH_DATABASE_URL") or default_database_url(),
        redis_url=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
        cache_prefix="bench",
    )
    import django
    from django.core.cache import cache
    from django.core.management import call_command

    from newsdesk.news.models import Article

    if not Article.objects.exists():
        print(f"loading the demo with {args.stories:,} stories …", flush=True)
        call_command("demo", articles=args.stories, verbosity=1)
    ensure_search_index()
    cache.clear()
    total = Article.objects.filter(live=True).count()
    engine = django.db.connection.vendor
    print(f"archive: {total:,} live articles on {engine}", flush=True)

    stack = Stack(env, work)
    results = {"archive": total, "engine": engine}
    try:
        run(args, stack, work, var_dir, results)
    finally:
        stack.stop()
    report(results, args)


def run(args, stack, work, var_dir, results):

    from newsdesk.core import dependencies
    from newsdesk.news.models import Article

    port_a, port_b, proxy, static = free_port(), free_port(), free_port(), free_port()
    node_a = stack.start([NEWSDESK, "serve", "--bind", f"127.0.0.1:{port_a}"], "node-a")
    node_b = stack.start([NEWSDESK, "serve", "--bind", f"127.0.0.1:{port_b}"], "node-b")
    app, app_b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
    port_one, port_floor = free_port(), free_port()
    node_one = stack.start(
        [NEWSDESK, "serve", "--bind", f"127.0.0.1:{port_one}", "--threads", "1"], "node-one"
    )
    wait_until_up(app + "/robots.txt", node_a)
    wait_until_up(app_b + "/robots.txt", node_b)
    wait_until_up(f"http://127.0.0.1:{port_one}/robots.txt", node_one)

    newest = Article.objects.filter(live=True, locale__language_code="ru").order_by(
        "-published_at", "-id"
    )
    article_path = newest.first().get_url()
    targets = {"article": article_path, "all news": "/ru/news/", "RSS feed": "/ru/feeds/rss/"}
    # The static reference: the very bytes the application serves for each address; the floor
    # answers them with its headers too (those the server adds itself left out).
    floor_pages = {}
    for name, path in targets.items():
        for _request in range(2):  # cached, then a hit
            status, headers, body = get(app + path)
        assert status == 200, (name, status)
        copy = work / "static-copy" / path.strip("/")
        copy.mkdir(parents=True, exist_ok=True)
        (copy / "index.html").write_bytes(body)
        kept = [[n, v] for n, v in headers.items() if n.lower() not in PER_CONNECTION]
        floor_pages[path] = [kept, str(copy / "index.html")]
    (work / "floor-pages.json").write_text(json.dumps(floor_pages))
    floor = subprocess.Popen(
        [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1"]
        + ["--port", str(port_floor), "--workers", str(os.cpu_count()), "--blocking-threads", "4"]
        + ["--no-access-log", "floor:application"],
        env={**stack.env, "FLOOR_PAGES": str(work / "floor-pages.json")},
        cwd=Path(__file__).parent,
        stdout=(work / "floor.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    stack.processes.append(floor)
    wait_until_up(f"http://127.0.0.1:{port_floor}{article_path}", floor)
    results["article bytes"] = len(get(app + article_path)[2])
    config = nginx_config(work, port_a, proxy, static, var_dir)
    subprocess.run([NGINX, "-t", "-c", str(config)], check=True, capture_output=True)
    stack.start([NGINX, "-c", str(config), "-g", "daemon off;"], "nginx")
    wait_until_up(f"http://127.0.0.1:{proxy}/robots.txt")

    # -- throughput, alternating rounds ----------------------------------------------------
    servers = {
        "nginx static": f"http://127.0.0.1:{static}",
        "granian alone (floor)": f"http://127.0.0.1:{port_floor}",
        "app (granian)": app,
        "app, 1 thread/worker": f"http://127.0.0.1:{port_one}",
        "app behind nginx": f"http://127.0.0.1:{proxy}",
    }
    throughput = {name: {server: [] for server in servers} for name in targets}
    for round_number in range(args.rounds):
        order = list(servers)
        order = order[round_number % len(order) :] + order[: round_number % len(order)]
        for name, path in targets.items():
            for server in order:
                throughput[name][server].append(wrk(servers[server] + path, args.duration))
        print(f"round {round_number + 1}/{args.rounds} done", flush=True)
    results["throughput"] = throughput

    # -- uncached renders through the server ---------------------------------------------
    # Articles far apart (every 400th of the newest), so that no one is among the stories
    # another's related reading shows: each is edited as if alone, as editors edit.
    newest_ids = list(
        Article.objects.filter(live=True)
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)[: args.renders * 400]
    )
    spaced = set(newest_ids[::400])
    measured = list(Article.objects.filter(pk__in=spaced).select_related("locale"))
    paths = [article.get_url() for article in measured]
    for path in paths:  # renditions and connections warm; then every page is stale
        get(app + path)
    # As an edit of each would (core.dependencies): their pages are stale, their pieces are not.
    dependencies.bump(*(dependencies.article(article.pk) for article in measured))
    time.sleep(dependencies.MEMO_SECONDS + 0.1)
    results["uncached server"] = timed_one_by_one(app, paths)
    # First views: archive articles nobody has asked for, so their related reading is built too.
    first_views = [
        article.get_url()
        for article in Article.objects.filter(live=True)
        .select_related("locale")
        .order_by("-published_at", "-id")[args.renders + 5000 : args.renders + 5000 + 300]
    ]
    results["first views"] = timed_one_by_one(app, first_views)

    # -- publish on this process, visible on node B ----------------------------------------
    results["publish"] = publish_to_visible(app_b)

    # -- memory ------------------------------------------------------------------------------
    results["memory"] = {
        "node A": peak_memory_mib(node_a.pid),
        "node B": peak_memory_mib(node_b.pid),
    }

    # -- uncached renders in-process, with query counts ------------------------------------
    results["renders"] = render_pages(article_path)
    results["plans"] = explain_plans()


def timed_one_by_one(app: str, paths: list[str]) -> tuple[float, float, int, int]:
    """(median ms, p99 ms, pages, cache misses) of requesting each path once, in turn."""
    timings, misses = [], 0
    for path in paths:
        started = time.perf_counter()
        _status, headers, _body = get(app + path)
        timings.append(time.perf_counter() - started)
        misses += headers.get("x-cache", headers.get("X-Cache")) == "MISS"
    return median_ms(timings), p99_ms(timings), len(paths), misses


def draft_article(section, headline: str, lead: str):
    """A saved, unpublished article in the section's edition, ready for `save_revision()`."""
    import uuid

    from django.utils import timezone

    from newsdesk.news.models import Article

    article = Article(
        locale=section.locale,
        headline=headline,
        lead=lead,
        section=section,
        translation_key=uuid.uuid4(),
        live=False,
        published_at=timezone.now(),
    )
    article.save()
    return article


def publish_to_visible(node: str) -> list[float]:
    import uuid

    from django.utils import timezone

    from newsdesk.news.models import SectionPage

    section = SectionPage.objects.filter(locale__language_code="ru").first()
    get(node + "/ru/news/")
    delays = []
    for attempt in range(5):
        headline = f"Бенчмарк {uuid.uuid4().hex[:8]}"
        article = draft_article(section, headline, "Проверка скорости публикации.")
        get(node + "/ru/news/")  # cached before the publish
        started = time.perf_counter()
        article.published_at = timezone.now()
        article.save_revision().publish()
        while headline not in get(node + "/ru/news/")[2].decode():
            if time.perf_counter() - started > 10:
                break
            time.sleep(0.01)
        delays.append(time.perf_counter() - started)
        article.delete()
        print(f"publish {attempt + 1}: visible on node B after {delays[-1] * 1000:.0f} ms")
    return delays


def report(results, args):
    today = datetime.date.today().isoformat()
    lines = [
        f"# Newsdesk benchmark, {today} (commit {commit()})",
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}; archive {results['archive']:,} live articles on "
        f"{results['engine']}; wrk -t1 -c32, {args.duration} s per run, {args.rounds} "
        "alternating rounds (medians shown); server, nginx and wrk share the machine.",
        "",
    ]
    if "throughput" in results:
        lines += [
            "## Cached pages: requests/s (p50 / p99 latency), ratio to nginx static",
            "",
            "| page | " + " | ".join(next(iter(results["throughput"].values()))) + " |",
            "|---|" + "---|" * len(next(iter(results["throughput"].values()))),
        ]
        for name, servers in results["throughput"].items():
            static = statistics.median(run["rps"] for run in servers["nginx static"])
            cells = []
            for runs in servers.values():
                rps = statistics.median(run["rps"] for run in runs)
                p50 = statistics.median(run["p50"] for run in runs)
                p99 = statistics.median(run["p99"] for run in runs)
                errors = sum(run["errors"] for run in runs)
                cell = f"{rps:,.0f} ({p50:.2f} / {p99:.1f} ms) **{rps / static:.0%}**"
                cells.append(cell + (f", {errors} errors" if errors else ""))
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    if "uncached server" in results:
        median, p99, count, misses = results["uncached server"]
        lines += [
            f"Uncached article renders through the server: median {median:.1f} ms, p99 "
            f"{p99:.1f} ms over {count:,} distinct articles ({misses:,} were cache misses).",
            "",
        ]
    if "first views" in results:
        median, p99, count, misses = results["first views"]
        lines += [
            f"First views of archive articles through the server (the page and its related "
            f"reading built): median {median:.1f} ms, p99 {p99:.1f} ms over {count:,} articles "
            f"({misses:,} were cache misses).",
            "",
        ]
    if "publish" in results:
        delays = results["publish"]
        lines += [
            f"Publish on one process → visible on a second node (shared PostgreSQL and Redis): "
            f"median {median_ms(delays):.0f} ms, max {max(delays) * 1000:.0f} ms over "
            f"{len(delays)} publishes.",
            "",
        ]
    if "memory" in results:
        for node, peaks in results["memory"].items():
            lines.append(
                f"Peak memory, {node}: "
                + ", ".join(f"{peak:.0f} MiB" for peak in peaks)
                + " (server process, then workers)."
            )
        lines.append("")
    if "renders" in results:
        lines += [
            "## Uncached renders in-process (Django test client, no page cache)",
            "",
            "The article over 300 distinct articles, other pages repeated; best of "
            f"{RENDER_ROUNDS} rounds (each round's median in brackets).",
            "",
            "| page | median ms | rounds | p99 ms | queries | target | status |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, (median, p99, medians, queries, status) in results["renders"].items():
            target = RENDER_TARGETS_MS.get(name, 25)
            verdict = (
                "" if target is None else f"≤ {target} ms " + ("✓" if median <= target else "✗")
            )
            rounds = " / ".join(f"{value:.1f}" for value in medians)
            lines.append(
                f"| {name} | {median:.1f} | {rounds} | {p99:.1f} | {queries} | {verdict} | {status} |"
            )
        lines.append("")
    if "plans" in results:
        lines += ["## Query plans", ""]
        for name, plan in results["plans"].items():
            lines += [f"{name}:", "", "```", plan, "```", ""]
    text = "\n".join(lines)
    print("\n" + text)
    write_report(text, f"{today}.md")


if __name__ == "__main__":
    main()
