from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "newsdesk.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from newsdesk.core import admin_language, checks, metrics, replicas, signals  # noqa: F401
        from newsdesk.core.wagtail_internals.image_filters import share_parsed_operations

        share_parsed_operations()
        admin_language.apply()
