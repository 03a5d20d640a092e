from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "newsdesk.search"
    label = "newsdesk_search"  # "search" alone reads like Wagtail's own search app
    verbose_name = _("Search")

    def ready(self):
        from newsdesk.search import signals

        signals.connect()
