from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "newsdesk.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from newsdesk.core import (  # noqa: F401
            admin_language,
            checks,
            metrics,
            page_requests,
            replicas,
            signals,
        )
        from newsdesk.core.wagtail_internals.image_filters import share_parsed_operations

        share_parsed_operations()
        admin_language.apply()
        # Wagtail's own public addresses (password form, login for private pages) read what
        # they are given, e.g. `next` (core.page_requests).
        page_requests.reads_query(r"^/[^/]+/_util/", page_requests.EVERY_PARAMETER)
