"""The `newsdesk` command: Django's manage.py under the project's name.

`newsdesk serve`, `newsdesk demo`, `newsdesk migrate`, … are management commands of the apps.
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv or sys.argv)
    return 0
