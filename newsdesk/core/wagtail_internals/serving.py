"""Wagtail's `serve` view for the edition's known pages, without its walk down the tree."""

from django.apps import apps
from django.http import HttpResponse
from django.utils import translation
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.wagtail_hooks import check_view_restrictions

from newsdesk.core import dependencies
from newsdesk.core.context_processors import get_chrome


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
