import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
application = get_wsgi_application()

if settings.PAGE_CACHE:
    from newsdesk.core.pagecache import PageCache

    application = PageCache(application)
