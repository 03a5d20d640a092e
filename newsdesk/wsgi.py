import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
application = get_wsgi_application()

if settings.PAGE_CACHE:
    from newsdesk.core.pagecache import PageCache

    application = PageCache(application)

# Outermost, so that page-cache hits are counted too (newsdesk.core.metrics).
from newsdesk.core.metrics import RequestMetrics  # noqa: E402

application = RequestMetrics(application)
