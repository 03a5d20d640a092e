import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
application = get_wsgi_application()
import_module(settings.ROOT_URLCONF)  # the views and all they import: now, not at a first request

answer = None
if settings.PAGE_CACHE:
    from newsdesk.core.pagecache import PageCache

    application = PageCache(application)
    answer = application.answer

# Outermost, so that page-cache hits are counted too, its kept answers sent from there
# directly (newsdesk.core.metrics).
from newsdesk.core.metrics import RequestMetrics  # noqa: E402

application = RequestMetrics(application, answer=answer)

# What is loaded by now (Django, Wagtail, the apps: about 190,000 objects) lives as long as the
# worker: frozen, the collector's full passes skip it. They walked it all, 80–200 ms with the GIL
# held while the worker's other requests waited; the load test's servers also held 1.0 GiB after
# the warm-up without this and 0.6 GiB with it (bench/results/2026-12-04-load-100k.md).
gc.freeze()
