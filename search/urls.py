"""Search page (language-prefixed) and the JSON API (unprefixed, language as a parameter)."""

from django.urls import include, path

from search import views

urlpatterns = [
    path("", views.search_page, name="search"),
    path("go/<slug:log_ref>/<str:identifier>/", views.click, name="click"),
]

_api = [
    path("search/", views.api_search, name="search"),
    path("autocomplete/", views.api_autocomplete, name="autocomplete"),
    path("openapi.json", views.openapi_schema, name="openapi"),
]

api_urlpatterns = [
    path("api/", include((_api, "search_api"))),
]
