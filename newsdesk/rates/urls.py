from django.urls import path

from newsdesk.rates import views

urlpatterns = [
    path("rates/", views.rates_page, name="rates"),
    path("rates/<str:code>.csv", views.history_csv, name="rates_csv"),
    path("rates/<str:code>.json", views.history_json, name="rates_json"),
    path("rates/<str:code>/", views.currency_page, name="rates_currency"),
]
