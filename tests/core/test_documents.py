"""Documents editors attach (court rulings, reports) and the uploads folder: no uploaded file is
ever shown by a browser as a page or run as a script from the site's origin. Documents are
formats a newsroom attaches, refused otherwise with a message; readers download them through
the download view (an attachment, sandboxed, never sniffed); the uploads folder never serves
documents and sandboxes what it serves."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.documents.permissions import permission_policy as document_policy

from tests.page_requests import request as wsgi_request

pytestmark = pytest.mark.django_db

SANDBOX = "default-src 'none'; sandbox"
HOSTILE_PAGE = b"<!doctype html><title>Ruling</title><script>alert(document.cookie)</script>"


@pytest.fixture
def editor_client(client, site):
    user = get_user_model().objects.create_user("desk-editor", password="pass-9-word-x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def stored_document(name: str, content: bytes):
    """A document as an upload before the allow-list left it: any name, any content."""
    Document = get_document_model()
    return Document.objects.create(title=name, file=ContentFile(content, name=name))


@pytest.mark.parametrize(
    "name, content_type",
    [
        ("ruling.html", "text/html"),
        ("ruling.htm", "text/html"),
        ("payload.js", "text/javascript"),
        ("payload.mjs", "text/javascript"),
        ("chart.svg", "image/svg+xml"),
        ("page.xhtml", "application/xhtml+xml"),
        ("feed.xml", "application/xml"),
    ],
)
def test_an_editor_cannot_attach_a_page_or_a_script_as_a_document(
    editor_client, name, content_type
):
    response = editor_client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, HOSTILE_PAGE, content_type)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200  # the form again, with its message
    extension = name.rsplit(".", 1)[1]
    assert f"File extension “{extension}” is not allowed" in response.content.decode()
    assert not get_document_model().objects.filter(title=name).exists()


def test_an_editor_attaches_a_court_ruling_as_a_pdf(editor_client):
    response = editor_client.post(
        "/admin/documents/add/",
        {
            "title": "Court ruling",
            "file": SimpleUploadedFile("ruling.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_document_model().objects.get(title="Court ruling").file_extension == "pdf"


@pytest.mark.parametrize("name", ["ruling.txt", "ruling.pdf", "old-upload.html", "old.svg"])
def test_a_document_downloads_as_a_sandboxed_attachment_whatever_it_holds(client, site, name):
    document = stored_document(name, HOSTILE_PAGE)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    assert b"".join(response.streaming_content) == HOSTILE_PAGE


def test_a_document_uploaded_before_the_allow_list_is_never_typed_as_a_page_or_script(client, site):
    for name in ("old-upload.html", "old.js", "old.svg", "old.xml"):
        response = client.get(stored_document(name, HOSTILE_PAGE).url)
        assert response["Content-Type"] == "application/octet-stream", name


def test_the_uploads_folder_does_not_serve_documents(client, site):
    document = stored_document("old-upload.html", HOSTILE_PAGE)
    assert document.file.name.startswith("documents/")
    for path in (
        f"/media/{document.file.name}",
        f"/media/images/../{document.file.name}",
        f"/media//{document.file.name}",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/media/documents/", follow=True).status_code == 404


def test_uploaded_photos_are_served_sandboxed_and_unsniffed(client, photo):
    response = client.get(f"/media/{photo.file.name}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_page_left_in_the_uploads_folder_is_not_served_as_a_page(client, site, settings):
    stray = settings.MEDIA_ROOT / "uploaded_files" / "stray.html"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(HOSTILE_PAGE)
    try:
        response = client.get("/media/uploaded_files/stray.html")
    finally:
        stray.unlink()
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Security-Policy"] == SANDBOX


def test_the_page_cache_never_keeps_a_download_or_an_upload(site, photo):
    from newsdesk import wsgi

    document = stored_document("ruling.txt", HOSTILE_PAGE)
    for path in (document.url, f"/media/{photo.file.name}"):
        for _ in range(2):
            response = wsgi_request(wsgi.application, path)
            assert response.status_code == 200, path
            assert "x-cache" not in response.headers, path
            assert response.headers["content-security-policy"] == SANDBOX, path


def test_setup_site_gives_editors_documents_and_authors_none(site):
    # Even where Wagtail's own default groups are gone (or never had these permissions).
    Group.objects.filter(name__in=["Editors", "Authors"]).delete()
    call_command("setup_site", verbosity=0)
    editor = get_user_model().objects.create_user("new-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    author = get_user_model().objects.create_user("new-author")
    author.groups.add(Group.objects.get(name="Authors"))
    for action in ("add", "change", "delete", "choose"):
        assert document_policy.user_has_permission(editor, action), action
        assert not document_policy.user_has_permission(author, action), action


def test_setup_site_takes_documents_from_authors_who_were_given_them(site):
    from wagtail.models import Collection, GroupCollectionPermission

    authors = Group.objects.get(name="Authors")
    GroupCollectionPermission.objects.create(
        group=authors,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(
            content_type__app_label="wagtaildocs", codename="add_document"
        ),
    )
    call_command("setup_site", verbosity=0)
    author = get_user_model().objects.create_user("old-author")
    author.groups.add(authors)
    assert not document_policy.user_has_any_permission(author, ["add", "change", "choose"])


@pytest.mark.parametrize(
    "path",
    [
        "/documents/99999999999999999999999/ruling.pdf",
        "/documents/1/%00",
        "/documents/1/../../settings.py",
        "/documents/0/",
        "/media/%00",
        "/media/../settings.py",
        "/media/..%2f..%2fsettings.py",
        "/media/documents/%2e%2e/settings.py",
    ],
)
def test_a_bad_download_or_upload_address_gets_a_4xx_never_a_500(client, site, path):
    response = client.get(path, follow=True)
    assert response.status_code in (400, 404), path  # 400: a path that leaves the folder
    assert response["Content-Type"].startswith("text/html"), path  # the page that says so
