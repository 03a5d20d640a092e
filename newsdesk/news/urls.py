from django.urls import path

from newsdesk.news import views

# Inside the edition's language prefix, ahead of Wagtail's page tree (see views.py).
urlpatterns = [
    path("news/latest.json", views.latest_stories, name="latest_stories"),
    path(
        "news/<int:year>/<int:month>/<int:day>/<slug:slug>/",
        views.article_page,
        name="article",
    ),
]
