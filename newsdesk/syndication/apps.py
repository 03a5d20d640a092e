from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "newsdesk.syndication"
    label = "syndication"
    verbose_name = _("Feeds and sitemaps")

    def ready(self):
        from newsdesk.core import page_requests
        from newsdesk.syndication import signals  # noqa: F401

        # Month sitemaps come in pages (core.page_requests).
        page_requests.reads_query(r"^/sitemaps/", "p")
