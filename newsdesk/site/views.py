"""Serving the page tree, and error pages in the reader's language (the 500 page renders without
touching the database)."""

import logging
import sys

from django.apps import apps
from django.core.exceptions import BadRequest
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.log import log_response
from django.views.decorators.csrf import requires_csrf_token
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.wagtail_hooks import check_view_restrictions

from newsdesk.core import dependencies
from newsdesk.core.context_processors import get_chrome

logger = logging.getLogger(__name__)


def serve_page(request, path):
    """Wagtail's `serve` view, minus the walk down the tree for the edition's known pages.

    The site chrome (cached per epoch, core.dependencies) maps each live page's address to its model and
    id: one query fetches the page, instead of the site, the root, its translation, each level of
    the path and the view restrictions. Anything not in the map (or any site with view
    restrictions) goes to Wagtail as usual. Hooks run as in Wagtail.
    """
    chrome = get_chrome(translation.get_language())
    routes, full = chrome.routes, request.path
    match, remaining = routes.get(full), []
    if match is None:
        # A routable page's sub-addresses (/ru/news/tag/…/): the longest routable prefix.
        prefixes = [p for p, route in routes.items() if route.routable]
        prefix = max((p for p in prefixes if full.startswith(p)), key=len, default=None)
        if prefix is not None:
            match = routes[prefix]
            remaining = [part for part in full[len(prefix) :].split("/") if part]
    if match is None or chrome.restricted:
        return wagtail_views.serve(request, path)
    label, pk = match.model_label, match.pk
    # The edition's pages (home, sections, All news, tags, authors, information pages) are built
    # from its stories and the chrome: stale when the edition publishes, not when another does.
    dependencies.depends_on(dependencies.edition(translation.get_language()))
    page = apps.get_model(label)._default_manager.filter(pk=pk, live=True).first()
    if page is None:  # unpublished a moment ago: let Wagtail answer
        return wagtail_views.serve(request, path)
    page, args, kwargs = page.route(request, remaining)
    chain = wagtail_views.serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if fn is check_view_restrictions:
            continue  # two queries to learn what the chrome knows: no page is restricted here
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)


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
