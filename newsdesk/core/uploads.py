"""Uploaded files as readers' browsers get them: never a page or a script of the site's origin.

A file an editor uploaded, opened from the site's own address, would otherwise be shown as a
page or run as a script with the session of whoever opens it (an administrator, say). So:

- documents only download, through Wagtail's serve view (`download_document`), with a policy
  that sandboxes them and nothing sniffed; one stored before the allow-list of extensions
  (settings.WAGTAILDOCS_EXTENSIONS) is sent as plain bytes whatever its name says;
- the uploads folder (`serve_media`, when Django serves it: SERVE_MEDIA) never serves the
  documents' folder, and sandboxes what it serves; anything but a photo is sent as plain bytes.

deploy/nginx/newsdesk.conf does the same for the uploads folder behind nginx.
"""

import logging
import posixpath
from pathlib import PurePosixPath

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.views.static import serve
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve_document

logger = logging.getLogger(__name__)

# No script, no plugin, no request of its own, and an origin of its own were it ever shown.
SANDBOX_POLICY = "default-src 'none'; sandbox"
PLAIN_BYTES = "application/octet-stream"
# What photos and their renditions are stored as (settings.WAGTAILIMAGES_EXTENSIONS; no SVG).
PHOTO_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}


def sandboxed(response):
    # django-csp's middleware leaves a policy the view has set in place.
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download_document(request, document_id, document_filename):
    """Wagtail's serve view (settings: always an attachment), sandboxed."""
    response = wagtail_serve_document(request, document_id, document_filename)
    if not isinstance(response, (FileResponse, HttpResponseNotModified)):
        return response  # a private collection's password form, or a redirect to log in
    extension = PurePosixPath(document_filename).suffix.removeprefix(".").lower()
    if isinstance(response, FileResponse) and extension not in settings.WAGTAILDOCS_EXTENSIONS:
        response["Content-Type"] = PLAIN_BYTES
    return sandboxed(response)


def documents_folder() -> str:
    return get_document_model()._meta.get_field("file").upload_to


def serve_media(request, path):
    # As Django's serve() resolves it, so that "images/../documents/…" is refused too.
    resolved = posixpath.normpath(path).lstrip("/")
    if PurePosixPath(resolved).parts[:1] == (documents_folder(),):
        logger.warning("refused %s: documents are downloaded through /documents/", request.path)
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200 and response["Content-Type"] not in PHOTO_TYPES:
        response["Content-Type"] = PLAIN_BYTES
    return sandboxed(response)
