"""Health checks for load balancers and orchestrators (README "Several machines").

`/healthz`: the process answers requests (no database, no cache: a node whose database is down
is still alive, and restarting it would not help). `/readyz`: the database and the cache answer,
200; otherwise 503 naming which does not, so a balancer stops sending readers to a node that
cannot serve them. Neither is ever cached (`Cache-Control: no-store`: the page cache and any
proxy pass them on), and neither is under an edition's prefix. Operators read them, not readers:
plain English text.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

READY_KEY = "newsdesk:readyz"


def plain(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    return plain("ok")


def database_answers(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("readyz: database %s does not answer: %s", alias, error)
        return False


def cache_answers() -> bool:
    # The Redis backend turns failures into misses (core.cache) and says so in `reachable`.
    try:
        cache.set(READY_KEY, 1, timeout=10)
        answered = cache.get(READY_KEY) == 1
    except Exception as error:  # noqa: BLE001 - any failure of the backend means not ready
        logger.warning("readyz: the cache does not answer: %s", error)
        return False
    return answered and getattr(cache, "reachable", True)


@never_cache
def readyz(request):
    checks = {"database": database_answers("default"), "cache": cache_answers()}
    # Replicas are reported, not required: reads move to the primary without them.
    replicas = {
        alias: database_answers(alias) for alias in settings.DATABASES if alias != "default"
    }
    failing = [name for name, ok in checks.items() if not ok]
    lines = [
        f"{name}: {'ok' if ok else 'unreachable'}" for name, ok in {**checks, **replicas}.items()
    ]
    if failing:
        logger.warning("readyz: not ready, %s unreachable", " and ".join(failing))
        return plain("not ready: " + ", ".join(failing) + " unreachable\n" + "\n".join(lines), 503)
    return plain("ready\n" + "\n".join(lines))
