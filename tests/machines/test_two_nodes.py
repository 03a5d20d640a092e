"""Two application nodes behind one address: Debian's nginx with the shipped configuration over
two `newsdesk serve` nodes on loopback, sharing PostgreSQL (with its replica), Redis and object
storage, each with a folder of its own as on a machine of its own."""

import io
import os
import re
import signal
import threading
import time
import uuid

import requests
from PIL import Image

from tests.machines.cluster import BUCKET, publish_to_visible, report
from tests.processes import fetch

EDITOR = {"username": "editor", "password": "newsdesk-demo"}


def test_a_publish_on_node_a_is_fresh_on_node_b_through_nginx_within_a_second(machines, nodes):
    for _ in range(4):  # both nodes have the page cached
        assert fetch(nodes.nginx.url + "/ru/news/").status == 200

    def visible_on_both_nodes(headline):
        seen_by = set()

        def visible():
            page = fetch(nodes.nginx.url + "/ru/news/")
            assert page.status == 200
            if headline in page.text:
                seen_by.add(nodes.node_of(page.headers["X-Upstream"]))
            return seen_by >= {"A", "B"}

        return visible

    _, delays = publish_to_visible(
        machines.node_env("node-a"), "Опубликовано на узле A", visible_on_both_nodes
    )
    report(
        "publish on node A to visible through nginx on both nodes: "
        + ", ".join(f"{delay:.3f}" for delay in delays)
        + " s"
    )
    assert min(delays) <= 1


def logged_in_editor(base_url: str) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: loopback only
    form = session.get(f"{base_url}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = session.post(
        f"{base_url}/admin/login/",
        data={**EDITOR, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base_url}/admin/login/"},
    )
    assert answer.status_code == 200 and "/admin/logout/" in answer.text, answer.text[:500]
    return session


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (1600, 900), (30, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "Spy camera"  # Make
    exif[0x8825] = {1: "N", 2: (55.0, 45.0, 0.0)}  # GPS latitude
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def test_a_photo_uploaded_through_node_a_is_shown_by_node_b_from_object_storage(machines, nodes):
    editor = logged_in_editor(nodes.a.url)
    form = editor.get(f"{nodes.a.url}/admin/images/add/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    title = f"Parade {uuid.uuid4().hex[:6]}"
    started = time.perf_counter()
    answer = editor.post(
        f"{nodes.a.url}/admin/images/add/",
        data={"csrfmiddlewaretoken": token, "title": title, "tags": "", "collection": "1"},
        files={"file": ("parade.jpg", photo_with_gps(), "image/jpeg")},
        headers={"Referer": f"{nodes.a.url}/admin/images/add/"},
        allow_redirects=False,
    )
    report(
        f"photo upload (1600x900 JPEG) through node A to object storage: "
        f"{time.perf_counter() - started:.3f} s"
    )
    assert answer.status_code == 302, answer.text[:2000]
    listing = editor.get(f"{nodes.a.url}/admin/images/?q={title}")
    image_id = re.search(r'href="/admin/images/(\d+)/"[^>]*>\s*' + title, listing.text)
    image_id = image_id or re.search(r"/admin/images/(\d+)/", listing.text)
    assert image_id, listing.text[:2000]

    # Node B (the same session: it lives in the database) shows it, with a rendition it made
    # from the original in the bucket, at the bucket's address.
    editor_on_b = requests.Session()
    editor_on_b.trust_env = False
    editor_on_b.cookies.update(editor.cookies)
    page = editor_on_b.get(f"{nodes.b.url}/admin/images/{image_id.group(1)}/")
    assert page.status_code == 200
    rendition = re.search(
        rf'src="({re.escape(machines.storage.endpoint)}/{BUCKET}/images/[^"]+\.jpg)"', page.text
    )
    assert rendition, page.text[:3000]
    photo = fetch(rendition.group(1))  # anonymous, as a reader's browser
    assert photo.status == 200 and photo.headers["Content-Type"] == "image/jpeg"

    # Stored once, in the bucket, without its EXIF; on neither node's disk.
    s3 = machines.storage.client()
    originals = [
        item["Key"]
        for item in s3.list_objects_v2(Bucket=BUCKET, Prefix="original_images/parade")["Contents"]
    ]
    original = s3.get_object(Bucket=BUCKET, Key=originals[-1])
    assert original["ContentType"] == "image/jpeg"
    with Image.open(io.BytesIO(original["Body"].read())) as stored:
        assert dict(stored.getexif()) == {} and stored.size == (1600, 900)
    for node in ("node-a", "node-b"):
        assert not list((machines.root / node).glob("media/**/*.jpg"))


def test_readers_keep_getting_pages_through_nginx_when_node_a_is_killed(nodes):
    paths = ["/ru/", "/ru/news/", "/en/", "/en/news/", "/ru/feeds/rss/"]
    answers = []
    stop = threading.Event()

    def reader():
        number = 0
        while not stop.is_set():
            page = fetch(nodes.nginx.url + paths[number % len(paths)])
            answers.append((page.status, nodes.node_of(page.headers.get("X-Upstream", ""))))
            number += 1
            time.sleep(0.01)

    for path in paths * 2:  # cached on both nodes
        assert fetch(nodes.nginx.url + path).status == 200
    readers = [threading.Thread(target=reader) for _ in range(2)]
    for thread in readers:
        thread.start()
    try:
        time.sleep(1)
        os.killpg(nodes.a.process.pid, signal.SIGKILL)  # the node's server, without warning
        killed_at = len(answers)
        time.sleep(3)
    finally:
        stop.set()
        for thread in readers:
            thread.join(timeout=30)
        nodes.a.process.wait(timeout=10)
        nodes.a.start("--workers", "1")  # back for whatever runs next
    statuses = [status for status, _node in answers]
    assert killed_at >= 10 and len(answers) - killed_at >= 30
    assert set(statuses) == {200}, [answer for answer in answers if answer[0] != 200]
    assert {node for _status, node in answers[killed_at + 5 :]} == {"B"}
