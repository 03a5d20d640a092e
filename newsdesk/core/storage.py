"""Uploaded media on the local disk (Django's FileSystemStorage), without leftovers: a write that
fails part-way (the disk filled up) removes what it wrote, which would otherwise keep the disk
full with a file nothing refers to."""

import contextlib
import os

from django.core.files.storage import FileSystemStorage


class MediaStorage(FileSystemStorage):
    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError:
            with contextlib.suppress(OSError):
                os.remove(self.path(name))
            raise
