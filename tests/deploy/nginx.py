"""Debian's nginx running the shipped deploy/nginx/newsdesk.conf on loopback, in front of the
application nodes a test started, in folders of the test's own."""

import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.components import require
from tests.processes import free_port

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The application nodes' lines in the shipped upstream block.
NODE_LINE = re.compile(r"^(\s*)server 127\.0\.0\.1:80\d\d( [^;]*)?;$", re.MULTILINE)


def site_config(app_ports: list[int], port: int, var_dir: Path) -> str:
    """The shipped site configuration, listening on `port`, over the given nodes."""
    site_conf = (DEPLOY / "nginx" / "newsdesk.conf").read_text()
    nodes = NODE_LINE.findall(site_conf)
    assert len(nodes) >= 2, "deploy/nginx/newsdesk.conf no longer lists two application nodes"
    indent, options = nodes[0]
    lines = "\n".join(f"{indent}server 127.0.0.1:{app}{options};" for app in app_ports)
    site_conf = NODE_LINE.sub("", site_conf, count=len(nodes) - 1)
    site_conf = NODE_LINE.sub(lines, site_conf, count=1)
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{port};",
        "server_name news.example;": "server_name 127.0.0.1;",
        "/srv/newsdesk/var/": f"{var_dir}/",
    }
    for old, new in replacements.items():
        assert old in site_conf, f"deploy/nginx/newsdesk.conf no longer contains {old!r}"
        site_conf = site_conf.replace(old, new)
    return site_conf


class Nginx:
    """nginx with the shipped site configuration; its access log names the node that answered
    each request (`upstreams()`)."""

    def __init__(self, root: Path, app_ports: list[int], var_dir: Path, http_extra: str = ""):
        require(
            "nginx", Path(NGINX).exists(), "install Debian's nginx (apt-get install nginx-light)"
        )
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.port = free_port()
        (root / "newsdesk.conf").write_text(site_config(app_ports, self.port, var_dir))
        # The main context Debian's /etc/nginx/nginx.conf would give.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (root / "nginx.conf").write_text(
            f"""{user}worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    log_format upstreams '$request_uri|$status|$upstream_addr|$upstream_status';
    access_log {root}/access.log upstreams;
    client_body_temp_path {root}/body; proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi; uwsgi_temp_path {root}/uwsgi; scgi_temp_path {root}/scgi;
    {http_extra}
    include {root}/newsdesk.conf;
}}
"""
        )
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Nginx":
        config = ["-p", str(self.root), "-c", str(self.root / "nginx.conf")]
        test = subprocess.run([NGINX, "-t", *config], capture_output=True, text=True)
        assert test.returncode == 0, test.stderr
        self.process = subprocess.Popen(
            [NGINX, *config, "-g", "daemon off;"], stderr=subprocess.DEVNULL
        )
        for _attempt in range(100):
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not start:\n" + (self.root / "error.log").read_text())

    def upstreams(self) -> list[tuple[str, str, str, str]]:
        """(address, status, nodes asked, their statuses) for each request so far."""
        log = self.root / "access.log"
        lines = log.read_text().splitlines() if log.exists() else []
        return [tuple(line.split("|")) for line in lines]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
