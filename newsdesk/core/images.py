"""Uploaded photos: decoded in full and re-encoded before they are stored.

Wagtail already refuses unknown formats, extensions that lie about the format and images with
too many pixels (decompression bombs) from the file's header. Here, on top (`ImageForm`, the base
of Wagtail's image forms via WAGTAILIMAGES_IMAGE_FORM_BASE):
- the whole image is decoded, so a truncated or corrupt file is refused at upload, not found out
  by a reader's page that cannot make its renditions;
- it is saved again by Pillow: only pixels (and the colour profile) survive, no metadata; EXIF
  (GPS position, camera serial, the photographer's software) goes, after the EXIF orientation is
  applied to the pixels;
- the upload is refused with a clear message when the media disk has no room for it and its
  renditions, rather than failing half-way through a write.
"""

import io
import logging
import os
import re
import shutil
import warnings
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from newsdesk.core.admin_language import interpolated

logger = logging.getLogger(__name__)

# What re-encoding writes for each format Pillow names (WAGTAILIMAGES_EXTENSIONS).
SAVE_OPTIONS = {
    "JPEG": {"quality": 92, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 92},
    "GIF": {},
    "AVIF": {"quality": 80},
}
# Room to leave on the media disk beyond the file itself: its renditions, and the rest of the
# newsroom's uploads.
FREE_SPACE_MARGIN = 64 * 1024 * 1024


# Wagtail's message ids (newsdesk.core.admin_language).
SUPPORTED_FORMATS_AND_SIZE = (
    "Supported formats: %(supported_formats)s. Maximum filesize: %(max_upload_size)s."
)
NOT_A_SUPPORTED_FORMAT = "Not a supported image format. Supported formats: %(supported_formats)s."
TOO_BIG = "This file is too big. Maximum filesize %(max_filesize)s."

DAMAGED = _("This image file is damaged or incomplete. Please upload it again.")


class ImageFileField(WagtailImageField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail writes the help text and two messages in the language active when the field
        # is made, and this one is made once, with the form class: in the editor's language
        # each time instead (newsdesk.core.admin_language).
        size = lazy(filesizeformat, str)(self.max_upload_size)
        formats = self.supported_formats_text
        self.help_text = interpolated(
            SUPPORTED_FORMATS_AND_SIZE, supported_formats=formats, max_upload_size=size
        )
        self.error_messages["invalid_image_extension"] = interpolated(
            NOT_A_SUPPORTED_FORMAT, supported_formats=formats
        )
        self.error_messages["file_too_large_unknown_size"] = interpolated(
            TOO_BIG, max_filesize=size
        )

    def to_python(self, data):
        try:
            return super().to_python(data)
        except Image.DecompressionBombError as error:
            # Past twice its own limit Pillow will not even open the file, so Wagtail's pixel
            # check never runs: Wagtail's refusal, from the size Pillow read in the header.
            logger.warning("upload refused: %s", error)
            claimed = re.search(r"\((\d+) pixels\)", str(error))
            raise forms.ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {
                    "num_pixels": claimed.group(1) if claimed else "?",
                    "max_pixels_count": self.max_image_pixels,
                },
                code="file_too_many_pixels",
            ) from error
        except OSError as error:
            # Wagtail counts frames, which decodes the file: a truncated one raises there.
            logger.warning("upload refused: %s", error)
            raise forms.ValidationError(DAMAGED, code="damaged_image") from error


# Rules beyond Wagtail's on who may change a photo (its file, title or description), from the
# apps whose pages show photos: `check(user, image)` raises a ValidationError saying why not.
# The news app's: a photo live articles show is the editors' to change (news.permissions).
change_checks: list[Callable[[object, object], None]] = []


def register_change_check(check: Callable[[object, object], None]) -> None:
    if check not in change_checks:
        change_checks.append(check)


def title_from_file_name(name: str) -> str:
    """The file's name without its extension, as Wagtail's upload script makes the title."""
    return os.path.splitext(os.path.basename(name))[0][:255] or name[:255]


class ImageForm(BaseImageForm):
    # Wagtail's own file input, whose script fills an empty title from the file's name (a field
    # declared here does not get the Meta widget of Wagtail's form).
    file = ImageFileField(label=capfirst(_("file")), widget=BaseImageForm.Meta.widgets["file"])

    def __init__(self, *args, **kwargs):
        # Wagtail's edit views pass the editing user (for the collection choices).
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        if "title" in self.fields:  # left empty: made from the file's name (clean)
            self.fields["title"].required = False

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if "title" in self.fields and not (cleaned_data.get("title") or "").strip():
            if upload is None:
                self.add_error("title", self.fields["title"].error_messages["required"])
            else:
                cleaned_data["title"] = title_from_file_name(upload.name)
        if self.user is not None:
            for check in change_checks:
                check(self.user, self.instance)
        return cleaned_data

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or upload is self.instance.file or not hasattr(upload, "image"):
            return upload  # unchanged on an edit
        reencoded = reencode(upload)
        if not isinstance(default_storage, FileSystemStorage):
            return reencoded  # object storage (settings MEDIA_STORAGE_URL): no disk to fill
        free = shutil.disk_usage(ensure_media_root()).free
        if free < reencoded.size * 4 + FREE_SPACE_MARGIN:
            logger.error("upload of %s refused: %d bytes free on the media disk", upload.name, free)
            raise forms.ValidationError(
                _(
                    "The server has no room left for new photos. Nothing was saved; please tell "
                    "the site administrator."
                ),
                code="disk_full",
            )
        return reencoded


def ensure_media_root():
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    return settings.MEDIA_ROOT


def reencode(upload) -> SimpleUploadedFile:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, on pixel counts past its own bomb limit; Wagtail's
            # lower limit has refused those already, so a warning here is an error too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                animated = getattr(image, "is_animated", False)
                image.load()  # the whole file: a truncated one fails here
                icc_profile = image.info.get("icc_profile")
                if animated:
                    # Re-saving would lose frames: checked in full (the first frame), and kept
                    # as uploaded (GIF carries no EXIF).
                    upload.seek(0)
                    return SimpleUploadedFile(upload.name, upload.read(), upload.content_type)
                pixels = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as error:
        logger.warning("upload of %s refused: %s", upload.name, error)
        raise forms.ValidationError(DAMAGED, code="damaged_image") from error
    if image_format == "JPEG" and pixels.mode not in ("RGB", "L", "CMYK"):
        pixels = pixels.convert("RGB")
    output = io.BytesIO()
    options = dict(SAVE_OPTIONS.get(image_format, {}))
    if icc_profile:
        options["icc_profile"] = icc_profile
    pixels.save(output, format=image_format, **options)
    return SimpleUploadedFile(upload.name, output.getvalue(), upload.content_type)
