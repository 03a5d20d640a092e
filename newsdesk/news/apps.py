from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "newsdesk.news"
    label = "news"
    verbose_name = _("News")

    def ready(self):
        from newsdesk.core import images
        from newsdesk.news import fragments, signals  # noqa: F401
        from newsdesk.news.permissions import (
            install_photo_permission_policy,
            refuse_changing_photo_on_live_articles,
        )

        install_photo_permission_policy()
        images.register_change_check(refuse_changing_photo_on_live_articles)
        fragments.register()
