"""Wagtail's site root paths, remembered per process for the current epoch (core.dependencies).

Wagtail reads them from the cache once per page *object* when it builds a page's URL; a listing
of twenty teasers holds twenty section objects, so twenty cache round trips for the same small
list. Sites and the tree's top change only through saves that bump the epoch, so one
copy per version is enough.
"""

from wagtail.models import Site

from newsdesk.core import dependencies

_memo: tuple[int | None, list] = (None, [])


def site_root_paths() -> list:
    global _memo
    try:
        version = dependencies.version(dependencies.EPOCH)
    except dependencies.Unavailable:
        return Site.get_site_root_paths()
    if _memo[0] != version:
        _memo = (version, Site.get_site_root_paths())
    return _memo[1]


class SiteRootPathsMixin:
    """For page models: URLs without a cache round trip per page object."""

    def _get_site_root_paths(self, request=None):
        return site_root_paths()
