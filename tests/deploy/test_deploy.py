"""The shipped deployment files work: nginx from Debian's package runs deploy/nginx/newsdesk.conf on
loopback in front of the real `newsdesk serve`, and the systemd units start real commands."""

import gzip
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import require
from tests.processes import free_port

pytestmark = pytest.mark.e2e

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def nginx_site(live_server_process, tmp_path_factory):
    require("nginx", Path(NGINX).exists(), "install Debian's nginx (apt-get install nginx-light)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    app_port = live_server_process.url.rsplit(":", 1)[1]
    var_dir = live_server_process.var_dir
    site_conf = (DEPLOY / "nginx" / "newsdesk.conf").read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{port};",
        "server_name news.example;": "server_name 127.0.0.1;",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "/srv/newsdesk/var/": f"{var_dir}/",
        "/var/cache/nginx/newsdesk": str(tmp / "cache"),
    }
    for old, new in replacements.items():
        assert old in site_conf, f"deploy/nginx/newsdesk.conf no longer contains {old!r}"
        site_conf = site_conf.replace(old, new)
    (tmp / "newsdesk.conf").write_text(site_conf)
    # The main context Debian's /etc/nginx/nginx.conf would give, in folders of the test's own.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(
        f"""{user}worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    include {tmp}/newsdesk.conf;
}}
"""
    )
    test = subprocess.run(
        [NGINX, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], capture_output=True, text=True
    )
    assert test.returncode == 0, test.stderr
    server = subprocess.Popen(
        [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(50):
        try:
            urllib.request.urlopen(base + "/robots.txt", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    server.terminate()
    server.wait(timeout=10)


def test_nginx_serves_the_site_and_keeps_pages_in_its_micro_cache(nginx_site):
    status, headers, body = fetch(nginx_site + "/ru/news/")
    assert status == 200 and "Все новости" in body.decode()
    assert headers["Server"] == "nginx"  # no version
    # Within the second the micro-cache keeps a page, readers are served by nginx alone.
    outcomes = {fetch(nginx_site + "/ru/news/")[1]["X-Micro-Cache"] for _ in range(5)}
    assert "HIT" in outcomes


def test_nginx_serves_static_files_itself_for_a_year_and_compressed(nginx_site):
    _status, _headers, body = fetch(nginx_site + "/en/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', body.decode()).group(1)
    status, headers, css = fetch(nginx_site + stylesheet, {"Accept-Encoding": "gzip"})
    assert status == 200 and "immutable" in headers["Cache-Control"]
    assert headers["Content-Encoding"] == "gzip" and b"{" in gzip.decompress(css)
    assert "X-Micro-Cache" not in headers  # from disk, not from the application


def test_nginx_serves_uploaded_photos_from_disk(nginx_site):
    _status, _headers, body = fetch(nginx_site + "/en/")
    photo = re.search(r'src="(/media/[^"]+\.(?:jpg|jpeg|webp|avif))"', body.decode()).group(1)
    status, headers, data = fetch(nginx_site + photo)
    assert status == 200 and headers["Content-Type"].startswith("image/") and len(data) > 1000


def test_editors_and_the_back_office_pass_nginx_uncached(nginx_site):
    _status, headers, _body = fetch(nginx_site + "/ru/news/", {"Cookie": "sessionid=editor"})
    assert headers["X-Micro-Cache"] == "BYPASS"
    status, headers, body = fetch(nginx_site + "/admin/login/")
    assert status == 200 and "X-Micro-Cache" not in headers
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
