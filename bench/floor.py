"""The server's floor for bench/serve.py: granian, run as `newsdesk serve` runs it, answering the
saved bytes and headers of each measured page with no other work. The gap between it and nginx
is granian's own cost for a request; the gap between it and the application is ours.

Reads `FLOOR_PAGES`: a JSON file of {path: [headers, body file]} written by bench/serve.py.
"""

import json
import os
from pathlib import Path

_pages = json.loads(Path(os.environ["FLOOR_PAGES"]).read_text())
PAGES = {
    path: ([tuple(header) for header in headers], Path(body).read_bytes())
    for path, (headers, body) in _pages.items()
}


def application(environ, start_response):
    page = PAGES.get(environ.get("PATH_INFO"))
    if page is None:
        start_response("404 Not Found", [("Content-Length", "0")])
        return [b""]
    start_response("200 OK", page[0].copy())
    return [page[1]]
