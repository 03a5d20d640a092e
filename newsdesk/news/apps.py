from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "newsdesk.news"
    label = "news"
    verbose_name = _("News")

    def ready(self):
        from newsdesk.core import images, page_requests
        from newsdesk.news import fragments, pagination, signals  # noqa: F401
        from newsdesk.news.permissions import (
            install_photo_permission_policy,
            refuse_changing_photo_on_live_articles,
        )

        install_photo_permission_policy()
        images.register_change_check(refuse_changing_photo_on_live_articles)
        fragments.register()
        # Listings (All news, sections, tags, authors) page with a cursor; article pages read
        # no parameter (core.page_requests: the page cache keys pages by what they read).
        page_requests.reads_query(r"^/[^/]+/(?!news/\d+/\d+/\d+/)", pagination.CURSOR_PARAMETER)
