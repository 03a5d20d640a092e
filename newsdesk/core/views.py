"""Error pages in the reader's language. The 500 page renders without touching the database."""

import logging

from django.http import HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


def _error_page(request, template_name, status):
    return TemplateResponse(request, template_name, {"request_path": request.path}, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    logger.warning("400 %s: %s", request.path, exception)
    return _error_page(request, "400.html", 400)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404)


@requires_csrf_token
def server_error(request):
    # Plain template, no context processors: the database may be what failed.
    try:
        return HttpResponseServerError(loader.get_template("500.html").render({}))
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        logger.exception("the 500 page could not be rendered")
        return HttpResponseServerError(
            "Server error / Ошибка сервера", content_type="text/plain; charset=utf-8"
        )
