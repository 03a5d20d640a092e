"""Every place Newsdesk reaches into Wagtail's internals for speed, and nowhere else:

- `serving.serve_page`: Wagtail's `serve` view, minus the walk down the tree for the edition's
  known pages (the chrome maps their addresses); hooks run as in Wagtail.
- `image_filters`: `Filter.operations` patched to share each spec's parsed operations.
- `site_paths`: pages' `_get_site_root_paths` (private) read once per epoch, not per object.
- `search` and `indexing`: Wagtail's PostgreSQL search backend with private methods of its query
  compiler reused (`_build_rank_expression`, `_apply_ordering_and_scoring`), and its index
  working out each object's search text once per batch and writing a batch's entries in one
  statement with the SQL Wagtail's expressions compile to (`_refresh_title_norms` reused).

Each has a test comparing it with what Wagtail itself answers (tests/core/test_wagtail_internals.py),
and they were written against the Wagtail version below: another one fails the system check
until they are checked again, so that an upgrade fails loudly instead of quietly.
"""

import wagtail
from django.core import checks

CHECKED_WAGTAIL = (7, 4)


def version_problems(version: tuple) -> list[checks.CheckMessage]:
    if tuple(version[:2]) == CHECKED_WAGTAIL:
        return []
    checked = ".".join(map(str, CHECKED_WAGTAIL))
    running = ".".join(map(str, version[:3]))
    return [
        checks.Error(
            f"Newsdesk's speed-ups reach into Wagtail {checked}'s internals; this is Wagtail "
            f"{running}.",
            hint="Run tests/core/test_wagtail_internals.py (and the PostgreSQL run) against it, "
            "fix what differs, then update CHECKED_WAGTAIL in newsdesk/core/wagtail_internals.",
            id="newsdesk.E001",
        )
    ]


@checks.register(checks.Tags.compatibility)
def wagtail_is_the_checked_version(app_configs, **kwargs):
    return version_problems(wagtail.VERSION)
