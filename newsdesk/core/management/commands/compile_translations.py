"""Compile the gettext catalogues (.po → .mo) with Babel.

Django's compilemessages needs GNU gettext's msgfmt, which a fresh machine with only Python does
not have; Babel does the same in pure Python. Fuzzy or untranslated entries are refused.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogues():
    for locale_dir in settings.LOCALE_PATHS:
        yield from sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po"))


def problems(catalogue) -> list[str]:
    found = []
    for message in catalogue:
        if not message.id:
            continue
        label = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            found.append(f"fuzzy: {label!r}")
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if not all(strings):
            found.append(f"untranslated: {label!r}")
    return found


class Command(BaseCommand):
    help = "Compile translation catalogues with Babel, refusing fuzzy or missing translations."

    def handle(self, *args, **options):
        failures = []
        for po_path in catalogues():
            with po_path.open("rb") as po_file:
                catalogue = read_po(po_file, locale=po_path.parent.parent.name)
            found = problems(catalogue)
            if found:
                failures.append(f"{po_path}:\n  " + "\n  ".join(found))
                continue
            with po_path.with_suffix(".mo").open("wb") as mo_file:
                write_mo(mo_file, catalogue)
            self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
        if failures:
            raise CommandError("Incomplete translations:\n" + "\n".join(failures))
