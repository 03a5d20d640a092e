"""Uploads on S3-compatible object storage (moto's server mode, a local emulator of the S3
protocol: no cloud is reachable here), as the nodes behind nginx use it: pages link photos at the
bucket's address, and no upload there is ever a page, while documents stay private and reach
readers only through the site's download view."""

import json
import re
import urllib.error
import urllib.request

import pytest

from tests.machines.cluster import BUCKET
from tests.processes import fetch, newsdesk

SANDBOX = "default-src 'none'; sandbox"

STORE = """
import json
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail.documents import get_document_model
document = get_document_model().objects.create(
    title="storage test ruling",
    file=ContentFile(b"<!doctype html><script>alert(1)</script>", name="ruling.html"),
)
stray = default_storage.save("uploaded_files/page.svg", ContentFile(b"<svg onload='alert(1)'/>"))
print(json.dumps({"id": document.pk, "url": document.url, "name": document.file.name,
                  "stray": stray}))
"""


@pytest.fixture(scope="module")
def stored(machines):
    """A page stored as a document (as an upload before the allow-list left it) and a stray SVG
    in another folder, written through a node's storage."""
    output = newsdesk(machines.node_env("node-a"), "shell", "-v0", "-c", STORE).stdout
    return json.loads(output.strip().splitlines()[-1])


def anonymous(url: str):
    """A reader's browser asking the bucket directly."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def test_pages_show_photos_from_the_bucket_and_allow_only_that_origin(machines, nodes):
    page = fetch(nodes.nginx.url + "/en/")
    photos = re.findall(r'src="([^"]+\.(?:jpg|jpeg|webp|avif|png))"', page.text)
    assert photos and all(
        photo.startswith(f"{machines.storage.endpoint}/{BUCKET}/images/") for photo in photos
    )
    img_src = re.search(r"img-src ([^;]+)", page.headers["Content-Security-Policy"]).group(1)
    assert img_src.split() == ["'self'", "data:", machines.storage.endpoint]
    status, headers = anonymous(photos[0])
    assert status == 200 and headers["Content-Type"].startswith("image/")
    assert "max-age=2592000" in headers["Cache-Control"]


def test_documents_in_the_bucket_are_private_and_download_only_through_the_site(
    machines, nodes, stored
):
    s3 = machines.storage.client()
    head = s3.head_object(Bucket=BUCKET, Key=stored["name"])
    assert head["ContentType"] == "application/octet-stream"
    assert head["ContentDisposition"] == "attachment"
    status, _headers = anonymous(f"{machines.storage.endpoint}/{BUCKET}/{stored['name']}")
    assert status == 403

    download = fetch(nodes.nginx.url + stored["url"])
    assert download.status == 200 and download.text == "<!doctype html><script>alert(1)</script>"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Content-Type"] == "application/octet-stream"
    assert download.headers["Content-Security-Policy"] == SANDBOX
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_no_other_upload_in_the_bucket_is_public_or_shown_as_a_page(machines, stored):
    head = machines.storage.client().head_object(Bucket=BUCKET, Key=stored["stray"])
    assert head["ContentType"] == "application/octet-stream"
    assert head["ContentDisposition"] == "attachment"
    status, _headers = anonymous(f"{machines.storage.endpoint}/{BUCKET}/{stored['stray']}")
    assert status == 403
