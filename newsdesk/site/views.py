"""Error pages in the reader's language (the 500 page renders without touching the database).
The page tree is served by core.wagtail_internals.serving."""

import logging
import sys

from django.core.exceptions import BadRequest
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.log import log_response
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


def _error_page(request, template_name, status):
    return TemplateResponse(request, template_name, {"request_path": request.path}, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    response = _error_page(request, "400.html", 400)
    if isinstance(exception, BadRequest):
        # A parameter the site cannot read (a malformed cursor or period): one line saying why.
        # Logged through Django's own helper, which escapes what the reader typed and marks the
        # response as logged, so Django does not log it again with the traceback.
        log_response("%s: %s", str(exception), request.path, response=response, request=request)
    else:
        logger.warning("400 %s: %s", request.path, exception)
    return response


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404)


# Asked again after this long, by browsers and crawlers that honour Retry-After.
RETRY_AFTER_SECONDS = 30


def database_unavailable(error) -> bool:
    """An outage (server down, connection lost, file unreadable), not a bug in a query."""
    return isinstance(error, (OperationalError, InterfaceError)) or type(error) is DatabaseError


@requires_csrf_token
def server_error(request):
    # Plain templates, no context processors: the database may be what failed. Django calls
    # this while handling the exception, so sys.exc_info() names it.
    if database_unavailable(sys.exc_info()[1]):
        template_name, status = "503.html", 503
    else:
        template_name, status = "500.html", 500
    try:
        response = HttpResponse(loader.get_template(template_name).render({}), status=status)
    except Exception:  # the error page itself must not fail
        logger.exception("the %s page could not be rendered", status)
        response = HttpResponse(
            "Server error / Ошибка сервера", content_type="text/plain; charset=utf-8", status=status
        )
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
