from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from newsdesk.core import back_office, health, metrics, uploads
from newsdesk.core.accounts import ThrottledPasswordResetView
from newsdesk.core.wagtail_internals import serving
from newsdesk.site import views as site_views
from newsdesk.syndication import urls as syndication_urls

handler400 = site_views.bad_request
handler404 = site_views.page_not_found
handler500 = site_views.server_error

urlpatterns = [
    *syndication_urls.root_urlpatterns,
    # Wagtail's password reset, throttled (before Wagtail's own address, which it replaces).
    path(
        "admin/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    *back_office.site_history_urlpatterns,  # before Wagtail's own, which they stand in for
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document download (same address and name), sandboxed: newsdesk.core.uploads.
    re_path(r"^documents/(\d+)/(.*)$", uploads.download_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
]

# For load balancers and monitoring (README "Several machines"): outside the editions, never
# cached.
urlpatterns += [path("healthz", health.healthz), path("readyz", health.readyz)]
if settings.METRICS_PATH:
    urlpatterns += [path(settings.METRICS_PATH, metrics.metrics)]

if settings.SERVE_MEDIA:
    # Single-machine set-ups (the demo); behind nginx the media folder is served directly.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", uploads.serve_media)]

urlpatterns += i18n_patterns(
    path("", include("newsdesk.news.urls")),
    path("", include("newsdesk.rates.urls")),
    path("", include("newsdesk.search.urls")),
    path("", include(syndication_urls.edition_urlpatterns)),
    # The edition's pages without Wagtail's tree walk (falls back to Wagtail's serve view).
    # Wagtail's own addresses under _util/ (the password form of a private page posts to
    # _util/authenticate_with_password/…, login-only pages use _util/login/) reach wagtail_urls.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", serving.serve_page, name="serve_page"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
