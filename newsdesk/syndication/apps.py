from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "newsdesk.syndication"
    label = "syndication"
    verbose_name = _("Feeds and sitemaps")

    def ready(self):
        from newsdesk.syndication import signals  # noqa: F401
