from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "newsdesk.search"
    label = "newsdesk_search"  # "search" alone reads like Wagtail's own search app
    verbose_name = _("Search")

    def ready(self):
        from newsdesk.core import page_requests
        from newsdesk.news.pagination import CURSOR_PARAMETER
        from newsdesk.search import signals

        signals.connect()
        # The search form's fields and the cursor (core.page_requests).
        page_requests.reads_query(
            r"^/[^/]+/search/$", "q", "section", "date_from", "date_to", "sort", CURSOR_PARAMETER
        )
