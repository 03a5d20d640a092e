from django.urls import path, re_path

from newsdesk.syndication import views

# Under the language prefix: feeds of each edition.
edition_urlpatterns = [
    path("feeds/<str:fmt>/", views.feed, name="feed"),
    path("feeds/<str:kind>/<str:slug>/<str:fmt>/", views.feed, name="feed_scoped"),
]

# At the root: what crawlers look for there.
root_urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    re_path(
        r"^sitemaps/news-(?P<language>[a-z]{2})\.xml$", views.news_sitemap, name="news_sitemap"
    ),
    re_path(
        r"^sitemaps/(?P<section>[a-z]{2}-[a-z0-9-]+)\.xml$",
        views.sitemap_section,
        name="sitemap_section",
    ),
]
