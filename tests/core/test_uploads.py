"""Photos editors upload: hostile or broken files are refused with a clear message; accepted ones
are decoded in full and stored re-encoded, without EXIF (no GPS position) in originals or
renditions; a full disk refuses the upload instead of leaving a broken image behind."""

import io
import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image
from wagtail.images import get_image_model

from tests.components import require
from tests.photos import GPS_IFD, ORIENTATION, photo_bytes

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/images/add/"


@pytest.fixture
def editor_client(client, site):
    user = get_user_model().objects.create_superuser("photo-editor", password="pass-9-word-x")
    client.force_login(user)
    return client


def upload(client, name: str, content: bytes, content_type="image/jpeg"):
    return client.post(
        ADD_URL, {"title": name, "file": SimpleUploadedFile(name, content, content_type)}
    )


def stored_exif(image) -> Image.Exif:
    with image.file.open("rb") as handle, Image.open(handle) as opened:
        return opened.getexif()


def test_an_accepted_photo_is_stored_without_its_gps_position_and_upright(editor_client):
    original = photo_bytes(gps=True, orientation=6)  # "rotate 90°": a phone held upright
    with Image.open(io.BytesIO(original)) as check:
        assert GPS_IFD in check.getexif()  # the upload really carries a position
    response = upload(editor_client, "harbour.jpg", original)
    assert response.status_code == 302
    image = get_image_model().objects.get(title="harbour.jpg")
    exif = stored_exif(image)
    assert GPS_IFD not in exif and ORIENTATION not in exif
    assert (image.width, image.height) == (480, 640)  # the orientation is in the pixels now
    rendition = image.get_rendition("width-200")
    with rendition.file.open("rb") as handle, Image.open(handle) as opened:
        assert GPS_IFD not in opened.getexif()
        assert opened.size == (200, 266)  # upright: taller than wide


@pytest.mark.parametrize("image_format,name", [("PNG", "chart.png"), ("WEBP", "scene.webp")])
def test_other_formats_are_re_encoded_in_their_own_format(editor_client, image_format, name):
    response = upload(editor_client, name, photo_bytes(image_format), f"image/{name[-4:]}")
    assert response.status_code == 302
    image = get_image_model().objects.get(title=name)
    with image.file.open("rb") as handle, Image.open(handle) as opened:
        assert opened.format == image_format
        assert GPS_IFD not in opened.getexif()


def refusal(response) -> str:
    assert response.status_code == 200, "the form should come back with an error"
    return response.content.decode()


def test_an_image_whose_extension_lies_is_refused(editor_client):
    page = refusal(upload(editor_client, "photo.jpg", photo_bytes("PNG")))
    assert "jpeg" in page and "png" in page  # Wagtail names both formats
    assert not get_image_model().objects.exists()


def test_svg_with_a_script_is_refused(editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    refusal(upload(editor_client, "logo.svg", svg, "image/svg+xml"))
    assert not get_image_model().objects.exists()


def test_a_decompression_bomb_is_refused_from_its_header(editor_client):
    bomb = Image.new("1", (12_000, 12_000))  # 144 megapixels in a few kilobytes
    buffer = io.BytesIO()
    bomb.save(buffer, "PNG", optimize=True)
    assert len(buffer.getvalue()) < 200_000
    page = refusal(upload(editor_client, "bomb.png", buffer.getvalue(), "image/png"))
    assert "144000000" in page.replace(",", "").replace("\u00a0", "").replace(" ", "")
    assert not get_image_model().objects.exists()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG file whose header claims `width` × `height` pixels, with (almost) no pixel data: how
    a bomb too large even to build in a test looks to the server."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("address", [ADD_URL, "/admin/images/multiple/add/"])
def test_a_bomb_past_the_image_librarys_own_limit_is_refused_not_a_server_error(
    editor_client, address
):
    """400 megapixels: Pillow refuses to open it at all (DecompressionBombError, before Wagtail's
    own pixel check runs), which must read as a refusal, not a 500."""
    bomb = png_claiming(20_000, 20_000)
    field = "file" if address == ADD_URL else "files[]"
    response = editor_client.post(
        address, {"title": "bomb", field: SimpleUploadedFile("bomb.png", bomb, "image/png")}
    )
    assert response.status_code == 200
    page = response.content.decode() if address == ADD_URL else response.json()["error_message"]
    assert "too many pixels (400000000)" in page or "слишком много пикселей (400000000)" in page
    assert not get_image_model().objects.exists()


def test_a_truncated_photo_is_refused_with_a_clear_message(editor_client):
    whole = photo_bytes(size=(1200, 900))
    page = refusal(upload(editor_client, "cut.jpg", whole[: len(whole) // 2]))
    assert "damaged or incomplete" in page or "повреждён" in page
    assert not get_image_model().objects.exists()


def test_garbage_named_like_a_photo_is_refused(editor_client):
    refusal(upload(editor_client, "photo.jpg", os.urandom(4096)))
    assert not get_image_model().objects.exists()


@pytest.fixture
def tiny_disk():
    """A 2 MB tmpfs as the media disk: a real full disk, not a pretended one."""
    can_mount = os.geteuid() == 0 and shutil.which("mount") is not None
    require("A mountable tmpfs", can_mount, "run as root (mount -t tmpfs) for the disk-full test")
    mount_point = Path(tempfile.mkdtemp(prefix="newsdesk-full-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)
        mount_point.rmdir()


def test_a_full_disk_refuses_the_upload_and_leaves_no_broken_image(editor_client, tiny_disk):
    with override_settings(MEDIA_ROOT=tiny_disk):
        page = refusal(upload(editor_client, "late.jpg", photo_bytes(size=(1600, 1200))))
    assert "no room left" in page or "нет места" in page
    assert not get_image_model().objects.exists()
    assert not list(tiny_disk.rglob("*.jpg"))


def test_the_multiple_uploader_refuses_a_damaged_photo_and_keeps_a_good_one(editor_client):
    whole = photo_bytes(size=(1200, 900))
    damaged = editor_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], "image/jpeg")},
    )
    assert damaged.status_code == 200 and damaged.json()["success"] is False
    assert (
        "damaged or incomplete" in damaged.json()["error_message"]
        or "повреждён" in (damaged.json()["error_message"])
    )
    good = editor_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("whole.jpg", whole, "image/jpeg")},
    )
    assert good.json()["success"] is True
    assert GPS_IFD not in stored_exif(get_image_model().objects.get())


def test_a_disk_that_fills_during_the_write_answers_a_clear_507(
    editor_client, tiny_disk, monkeypatch
):
    from newsdesk.core import images

    # As if the check had seen room that another upload took meanwhile: the write itself fails.
    monkeypatch.setattr(images, "FREE_SPACE_MARGIN", -(10**9))
    noise = Image.effect_noise((1800, 1800), 100).convert("RGB")  # incompressible: > 2 MB
    buffer = io.BytesIO()
    noise.save(buffer, "JPEG", quality=100)
    assert len(buffer.getvalue()) > 2 * 1024 * 1024
    with override_settings(MEDIA_ROOT=tiny_disk):
        response = upload(editor_client, "noise.jpg", buffer.getvalue())
    assert response.status_code == 507
    page = response.content.decode()
    assert "disk is full" in page or "диск сервера заполнен" in page.lower()
    assert not get_image_model().objects.exists()
    assert not list(tiny_disk.rglob("*.jpg"))  # no partial file keeping the disk full
