"""What authors may read in the back office: not the list of every document (the admin API
serves it to users who may choose or upload documents) and not the site history, which names
every change, who made it and when (editors and administrators only)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db

DOCUMENTS_API = "/admin/api/main/documents/"
SITE_HISTORY = [
    "/admin/reports/site-history/",
    "/admin/reports/site-history/results/",
    "/admin/reports/site-history/?export=csv",
]


def logged_in(client, username, group=None, superuser=False):
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username, password="pass-9-word-x")
    else:
        user = User.objects.create_user(username, password="pass-9-word-x")
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.fixture
def ruling(site):
    return get_document_model().objects.create(
        title="Sealed ruling", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="sealed.pdf")
    )


def test_an_author_cannot_list_the_documents_through_the_admin_api(client, ruling):
    response = logged_in(client, "writer", "Authors").get(DOCUMENTS_API)
    assert response.status_code == 403
    assert "Sealed ruling" not in response.content.decode()
    assert (
        logged_in(client, "writer-2", "Authors").get(f"{DOCUMENTS_API}{ruling.pk}/").status_code
        == 403
    )


def test_an_editor_still_lists_the_documents_through_the_admin_api(client, ruling):
    response = logged_in(client, "desk", "Editors").get(DOCUMENTS_API)
    assert response.status_code == 200
    assert "Sealed ruling" in response.content.decode()


def test_an_author_cannot_read_the_site_history(client, site):
    logged_in(client, "writer", "Authors")
    for path in SITE_HISTORY:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="ru")
        assert response.status_code == 403, path
        assert "для редакторов и администраторов" in response.content.decode(), path
    menu = client.get("/admin/").content.decode()
    assert "/admin/reports/site-history/" not in menu


@pytest.mark.parametrize("who", ["editor", "administrator"])
def test_editors_and_administrators_read_the_site_history(client, site, who):
    if who == "editor":
        logged_in(client, "desk", "Editors")
    else:
        logged_in(client, "chief", superuser=True)
    for path in SITE_HISTORY:
        assert client.get(path).status_code == 200, path


def test_the_site_history_still_asks_a_stranger_to_log_in(client, site):
    response = client.get(SITE_HISTORY[0])
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
