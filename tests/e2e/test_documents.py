"""The audit's attack on documents, in a real browser against the real server: an editor plants an
HTML page and a script among the documents and sends an administrator the link; the script, run
with the administrator's session, would make the editor a superuser. Pages and scripts are
refused at upload; what is stored already (any name, any content) only ever downloads."""

import json
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import new_context
from tests.processes import newsdesk

pytestmark = pytest.mark.e2e

PASSWORD = "pass-9-word-x-" + secrets.token_hex(4)

# What the editor's script does with an administrator's session: it loads the administrator's
# form for the editor's account, ticks "superuser" and posts it back with the form's CSRF token.
ATTACK = """(async () => {
  const edit = "EDIT_URL";
  const html = await (await fetch(edit, {credentials: "same-origin"})).text();
  const page = new DOMParser().parseFromString(html, "text/html");
  const form = page.querySelector("input[name=is_superuser]").form;
  const data = new FormData(form);
  data.set("is_superuser", "on");
  await (await fetch(edit, {method: "POST", body: data, credentials: "same-origin"})).text();
  document.title = "owned";
})();
"""

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model

User, Document = get_user_model(), get_document_model()
token, password, attack = {token!r}, {password!r}, {attack!r}
editor = User.objects.create_user(
    f"editor-{{token}}", f"editor-{{token}}@example.org", password,
    first_name="Eve", last_name="Editor",
)
editor.groups.add(Group.objects.get(name="Editors"))
User.objects.create_superuser(f"chief-{{token}}", f"chief-{{token}}@example.org", password)
attack = attack.replace("EDIT_URL", reverse("wagtailusers_users:edit", args=[editor.pk]))
# Stored before documents had an allow-list, as an upload left them: a script, and a page that
# runs it from the site's own origin.
script = Document.objects.create(
    title=f"notes {{token}}", file=ContentFile(attack.encode(), name=f"notes-{{token}}.js")
)
page = f'<!doctype html><title>Ruling</title><script src="/media/{{script.file.name}}"></script>'
legacy = Document.objects.create(
    title=f"ruling {{token}}", file=ContentFile(page.encode(), name=f"ruling-{{token}}.html")
)
# A format documents may have, holding the same page.
disguised = Document.objects.create(
    title=f"report {{token}}", file=ContentFile(page.encode(), name=f"report-{{token}}.pdf")
)
print(json.dumps({{
    "editor": editor.username,
    "chief": f"chief-{{token}}",
    "page": page,
    "documents": {{
        kind: {{"id": document.pk, "url": document.url, "raw": "/media/" + document.file.name}}
        for kind, document in (("script", script), ("legacy", legacy), ("disguised", disguised))
    }},
}}))
"""

STATE = """
import json
from django.contrib.auth import get_user_model
editor = get_user_model().objects.get(username={username!r})
print(json.dumps({{"superuser": editor.is_superuser, "staff": editor.is_staff,
                  "groups": sorted(editor.groups.values_list("name", flat=True))}}))
"""

CLEANUP = """
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.documents import get_document_model
planted = Q(title__endswith={token!r}) | Q(uploaded_by_user__username__endswith={token!r})
for document in get_document_model().objects.filter(planted):
    document.file.delete(save=False)
    document.delete()
get_user_model().objects.filter(username__endswith={token!r}).delete()
"""


def shell(live_server_process, script: str) -> str:
    """Runs Python in the server's database: the last line it printed."""
    output = newsdesk(live_server_process.env, "shell", "-v0", "-c", script).stdout.strip()
    return output.splitlines()[-1] if output else ""


@pytest.fixture
def planted(live_server_process):
    """An editor of the newsroom, an administrator, and the documents the editor planted."""
    token = secrets.token_hex(4)
    script = SETUP.format(token=token, password=PASSWORD, attack=ATTACK)
    yield json.loads(shell(live_server_process, script))
    shell(live_server_process, CLEANUP.format(token=token))


def editor_account(live_server_process, planted) -> dict:
    return json.loads(shell(live_server_process, STATE.format(username=planted["editor"])))


def logged_in(browser, live_site, username):
    context = new_context(browser, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.goto(live_site + "/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url(live_site + "/admin/")
    return tab


def test_an_editor_cannot_upload_an_html_page_or_a_script_as_a_document(
    browser, live_site, planted, tmp_path
):
    editor = logged_in(browser, live_site, planted["editor"])
    editor.goto(live_site + "/admin/documents/multiple/add/")
    for name in ("ruling.html", "notes.js"):
        (tmp_path / name).write_text(planted["page"])
        editor.set_input_files("#fileupload", str(tmp_path / name))
        refusal = editor.locator("#upload-list .error_messages").last
        # Django's own message, in the editor's language: the extension, and the ones allowed.
        extension = name.rsplit(".", 1)[1]
        expect(refusal).to_contain_text(f"“{extension}”")
        expect(refusal).to_contain_text("pdf, ")
    (tmp_path / "ruling.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    editor.set_input_files("#fileupload", str(tmp_path / "ruling.pdf"))
    expect(editor.locator("#upload-list .status-msg.success").last).to_be_visible()
    editor.context.close()


def test_documents_an_administrator_opens_only_download_and_run_nothing(
    browser, live_site, live_server_process, planted
):
    chief = logged_in(browser, live_site, planted["chief"])
    documents = planted["documents"]
    # The link the editor sends: the stored page at its raw address in the uploads folder.
    # Until the network is quiet: whatever the page started has run its course.
    raw = chief.goto(live_site + documents["legacy"]["raw"], wait_until="networkidle")
    assert editor_account(live_server_process, planted)["superuser"] is False
    assert raw.status == 404 and chief.title() != "owned"
    for kind in ("script", "disguised"):
        assert chief.goto(live_site + documents[kind]["raw"]).status == 404, kind
    # Through the back office, as an administrator opens a document: its link downloads it.
    for kind in ("legacy", "disguised"):
        edit_page = f"{live_site}/admin/documents/edit/{documents[kind]['id']}/"
        chief.goto(edit_page)
        with chief.expect_download() as download:
            chief.locator(f'a[href="{documents[kind]["url"]}"]').first.click()
        saved = Path(download.value.path()).read_text()
        assert saved == planted["page"], kind
        assert chief.url == edit_page  # the page stays: nothing was rendered in its place
    account = editor_account(live_server_process, planted)
    assert account == {"superuser": False, "staff": False, "groups": ["Editors"]}
    chief.context.close()
