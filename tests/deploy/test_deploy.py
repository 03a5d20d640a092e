"""The shipped deployment files work: nginx from Debian's package runs deploy/nginx/newsdesk.conf on
loopback in front of the real `newsdesk serve`, and the systemd units start real commands."""

import gzip
import json
import re
import urllib.error
import urllib.request

import pytest

from tests.deploy.nginx import DEPLOY, Nginx
from tests.processes import editor_session_cookie, newsdesk

pytestmark = pytest.mark.e2e

SANDBOX = "default-src 'none'; sandbox"


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def nginx_site(live_server_process, tmp_path_factory):
    app_port = int(live_server_process.url.rsplit(":", 1)[1])
    nginx = Nginx(tmp_path_factory.mktemp("nginx"), [app_port], live_server_process.var_dir)
    yield nginx.start().url
    nginx.stop()


def test_nginx_serves_the_site_from_the_application_page_cache_and_keeps_no_copy(nginx_site):
    status, headers, body = fetch(nginx_site + "/ru/news/")
    assert status == 200 and "Все новости" in body.decode()
    assert headers["Server"] == "nginx"  # no version
    # Pages come from the application's page cache, which every node shares; nginx keeps none
    # (its whole-second ages would hold a page past the newsroom's second).
    outcomes = {fetch(nginx_site + "/ru/news/")[1]["X-Cache"] for _ in range(5)}
    assert "HIT" in outcomes
    assert "public" in headers["Cache-Control"] and "X-Micro-Cache" not in headers


def test_nginx_serves_static_files_itself_for_a_year_and_compressed(nginx_site):
    _status, _headers, body = fetch(nginx_site + "/en/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', body.decode()).group(1)
    status, headers, css = fetch(nginx_site + stylesheet, {"Accept-Encoding": "gzip"})
    assert status == 200 and "immutable" in headers["Cache-Control"]
    assert headers["Content-Encoding"] == "gzip" and b"{" in gzip.decompress(css)
    assert "Cross-Origin-Opener-Policy" not in headers  # from disk, not from the application


def test_nginx_serves_uploaded_photos_from_disk_sandboxed_and_unsniffed(nginx_site):
    _status, _headers, body = fetch(nginx_site + "/en/")
    photo = re.search(r'src="(/media/[^"]+\.(?:jpg|jpeg|webp|avif))"', body.decode()).group(1)
    status, headers, data = fetch(nginx_site + photo)
    assert status == 200 and headers["Content-Type"].startswith("image/") and len(data) > 1000
    assert headers["Content-Security-Policy"] == SANDBOX
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Cross-Origin-Opener-Policy" not in headers  # from disk, not from the application


# A page stored among the documents before they had an allow-list, as an upload left it.
STORED_PAGE = """
import json
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
document = get_document_model().objects.create(
    title="deploy test page",
    file=ContentFile(b"<!doctype html><script>alert(1)</script>", name="ruling.html"),
)
print(json.dumps({"id": document.pk, "url": document.url, "name": document.file.name}))
"""
FORGET_PAGE = """
from wagtail.documents import get_document_model
document = get_document_model().objects.get(pk={pk})
document.file.delete(save=False)
document.delete()
"""


@pytest.fixture
def stored_page(live_server_process):
    env = live_server_process.env
    document = json.loads(newsdesk(env, "shell", "-v0", "-c", STORED_PAGE).stdout.splitlines()[-1])
    yield document
    newsdesk(env, "shell", "-v0", "-c", FORGET_PAGE.format(pk=document["id"]))


def test_nginx_never_serves_documents_from_the_uploads_folder(nginx_site, stored_page):
    name = stored_page["name"]
    assert name.startswith("documents/")
    for path in (f"/media/{name}", f"/media/images/../{name}", f"/media//{name}"):
        status, _headers, body = fetch(nginx_site + path)
        assert status == 404 and b"<script>" not in body, path


def test_nginx_passes_documents_on_as_sandboxed_downloads(nginx_site, stored_page):
    status, headers, body = fetch(nginx_site + stored_page["url"])
    assert status == 200 and body == b"<!doctype html><script>alert(1)</script>"
    assert headers["Content-Disposition"].startswith("attachment")
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Security-Policy"] == SANDBOX
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_nginx_serves_no_other_upload_as_a_page(nginx_site, live_server_process):
    stray = live_server_process.var_dir / "media" / "uploaded_files" / "stray-page.html"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("<!doctype html><script>alert(1)</script>")
    try:
        status, headers, _body = fetch(nginx_site + "/media/uploaded_files/stray-page.html")
    finally:
        stray.unlink()
    assert status == 200 and headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Security-Policy"] == SANDBOX
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_editors_and_the_back_office_pass_nginx_uncached(nginx_site, live_server_process):
    editor = editor_session_cookie(live_server_process.env)
    status, headers, _body = fetch(nginx_site + "/ru/news/", editor)
    assert status == 200 and "X-Cache" not in headers  # past the page cache too, to Django
    assert "private" in headers["Cache-Control"]
    # A made-up session cookie is no editor's: the public page, from the page cache.
    _status, headers, _body = fetch(nginx_site + "/ru/news/", {"Cookie": "sessionid=editor"})
    assert headers["X-Cache"] in ("HIT", "MISS") and "public" in headers["Cache-Control"]
    status, headers, body = fetch(nginx_site + "/admin/login/")
    assert status == 200 and "X-Cache" not in headers
    assert "public" not in headers.get("Cache-Control", "")


def test_systemd_units_run_real_newsdesk_commands():
    from django.core.management import get_commands

    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert {unit.name for unit in units} >= {"newsdesk.service", "newsdesk-worker.service"}
    for unit in units:
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart="):
                command = line.split("/bin/newsdesk ", 1)[1].split()[0]
                assert command in get_commands(), f"{unit.name}: no command {command}"
    for timer in (DEPLOY / "systemd").glob("*.timer"):
        assert (DEPLOY / "systemd" / timer.name.replace(".timer", ".service")).exists()
