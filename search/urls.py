"""Search page (language-prefixed) and the JSON API (unprefixed, language as a parameter)."""

from django.urls import include, path

from search import views

urlpatterns = [
    path("", views.search_page, name="search"),
]

_api = [
    path("search/", views.api_search, name="search"),
    path("autocomplete/", views.api_autocomplete, name="autocomplete"),
]

api_urlpatterns = [
    path("api/", include((_api, "search_api"))),
    path("healthz", views.healthz, name="healthz"),
]
