from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site composed of the apps below it: the chrome (menu, footer, routes) built from the
    edition's pages, serving the page tree, error pages, and `newsdesk setup_site`."""

    name = "newsdesk.site"
    label = "site"
    verbose_name = _("Site")

    def ready(self):
        from newsdesk.core import context_processors
        from newsdesk.site.chrome import build_chrome_in_language

        # The base layer keeps the chrome per epoch; what is in it is read from the apps here.
        context_processors.set_builder(build_chrome_in_language)
