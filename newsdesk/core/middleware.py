"""Responses made for a logged-in editor are theirs alone.

Public pages carry no Cache-Control of their own (the page cache adds `public` to what it
serves); an editor's copy of the same address shows the Wagtail user bar and may show drafts, so
it is marked private for any cache in front (nginx, a CDN, a proxy at the newsroom).
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


def private_for_editors(get_response):
    def middleware(request):
        response = get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    return middleware
