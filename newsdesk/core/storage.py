"""Where uploads are kept: the local disk (the default), or S3-compatible object storage shared
by every application node (settings MEDIA_STORAGE_URL, README "Several machines").

Local disk: Django's FileSystemStorage, without leftovers: a write that fails part-way (the disk
filled up) removes what it wrote, which would otherwise keep the disk full with a file nothing
refers to.

Object storage: django-storages' S3 backend. The bucket, not the site, answers for the files, so
the rules of newsdesk.core.uploads travel with each object as it is written: photos (JPEG, PNG,
GIF, WebP, AVIF, by their extension) are public and typed as images; everything else (documents,
above all) is private, typed as plain bytes and marked as an attachment, so that even a bucket
made public by mistake never shows one as a page. Readers get documents only through the
download view, which reads them with the storage's credentials.
"""

import contextlib
import mimetypes
import os
from pathlib import PurePosixPath

from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

from newsdesk.core.uploads import PHOTO_TYPES, PLAIN_BYTES


class MediaStorage(FileSystemStorage):
    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError:
            with contextlib.suppress(OSError):
                os.remove(self.path(name))
            raise


# Wagtail's folders of originals and renditions: the only public ones.
PHOTO_FOLDERS = {"original_images", "images"}


class ObjectMediaStorage(S3Storage):
    def get_default_settings(self):
        # Whether to set each object's ACL: off for buckets with ACLs turned off (AWS's default
        # for new buckets), whose policy must then make only PHOTO_FOLDERS public.
        return {**super().get_default_settings(), "object_acls": True}

    def get_object_parameters(self, name):
        parameters = dict(super().get_object_parameters(name))
        content_type, _encoding = mimetypes.guess_type(name)
        # The name the storage writes starts with its own folder (`location`), if any.
        parts = PurePosixPath(name).parts[len(PurePosixPath(self.location).parts) :]
        photo = parts[:1] and parts[0] in PHOTO_FOLDERS and content_type in PHOTO_TYPES
        if photo:
            parameters["ContentType"] = content_type
        else:
            parameters["ContentType"] = PLAIN_BYTES
            parameters["ContentDisposition"] = "attachment"
        if self.object_acls:
            parameters["ACL"] = "public-read" if photo else "private"
        return parameters
