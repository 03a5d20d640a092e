"""Lighthouse scores and page weight of the home page, an article and All news.

    .venv/bin/python bench/lighthouse.py [--base-url http://127.0.0.1:8000] [--language ru]

Runs npm's lighthouse@12.2.3 (installed into bench/.lighthouse on first use; 13 needs Node 22)
with Debian's Chromium, on the phone profile Lighthouse uses by default, against a running site
(`make demo` serves one on :8000). Prints each category's score and the article's transfer size
of HTML, CSS and JS (compressed), and writes them under bench/results/. Not a timed test.
"""

import argparse
import datetime
import json
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = ROOT / "bench" / ".lighthouse"
LIGHTHOUSE = PREFIX / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def ensure_lighthouse():
    if not LIGHTHOUSE.exists():
        print("installing lighthouse@12.2.3 into bench/.lighthouse …", flush=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(PREFIX),
             "lighthouse@12.2.3"],
            check=True,
        )  # fmt: skip


def audit(url: str, out: Path, attempts: int = 3) -> dict:
    # Lighthouse 12 with a newer Chromium sometimes loses the trace (NO_NAVSTART): run again.
    for attempt in range(1, attempts + 1):
        try:
            return audit_once(url, out)
        except subprocess.CalledProcessError:
            if attempt == attempts:
                raise
            print(f"lighthouse failed on {url}, trying again", flush=True)
    raise AssertionError("unreachable")


def audit_once(url: str, out: Path) -> dict:
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
            "--disable-background-networking --disable-component-update --disable-sync "
            "--no-first-run",
        ],
        check=True,
        env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    return json.loads(out.read_text())


def transfer_sizes(report: dict) -> dict:
    sizes = {"Document": 0, "Stylesheet": 0, "Script": 0, "Image": 0, "Font": 0}
    for item in report["audits"]["network-requests"]["details"]["items"]:
        kind = item.get("resourceType")
        if kind in sizes:
            sizes[kind] += item.get("transferSize", 0)
    return sizes


def failing(report: dict, category: str) -> list[str]:
    refs = report["categories"][category]["auditRefs"]
    return [
        ref["id"]
        for ref in refs
        if ref.get("weight", 0) > 0 and (report["audits"][ref["id"]].get("score") or 0) < 1
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--language", default="ru")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    try:
        home = NO_PROXY.open(f"{base}/{args.language}/", timeout=10).read().decode()
    except OSError as error:
        sys.exit(f"{base} does not answer ({error}): start the site first (make demo)")
    article = re.search(rf'href="(/{args.language}/news/\d{{4}}/\d{{2}}/\d{{2}}/[^"]+/)"', home)
    pages = {
        "home": f"{base}/{args.language}/",
        "article": f"{base}{article.group(1)}",
        "All news": f"{base}/{args.language}/news/",
    }
    ensure_lighthouse()
    work = Path(tempfile.mkdtemp(prefix="newsdesk-lighthouse-"))
    lines = [
        f"# Lighthouse 12.2.3, {datetime.date.today().isoformat()}",
        "",
        f"Debian Chromium, Lighthouse's default mobile profile (simulated throttling), {base}.",
        "",
        "| page | " + " | ".join(CATEGORIES) + " | HTML+CSS+JS transferred |",
        "|---|" + "---|" * (len(CATEGORIES) + 1),
    ]
    notes = []
    for name, url in pages.items():
        report = audit(url, work / f"{name.replace(' ', '-')}.json")
        scores = [round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES]
        sizes = transfer_sizes(report)
        weight = sizes["Document"] + sizes["Stylesheet"] + sizes["Script"]
        lines.append(f"| {name} | " + " | ".join(map(str, scores)) + f" | {weight / 1024:.1f} KB |")
        for category in CATEGORIES:
            missed = failing(report, category)
            if missed:
                notes.append(f"- {name}, {category}: {', '.join(missed)}")
    text = "\n".join(lines + ([""] + ["Audits not passed:"] + notes if notes else []))
    print(text)
    out = ROOT / "bench" / "results" / f"{datetime.date.today().isoformat()}-lighthouse.md"
    out.write_text(text + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
