"""Open-data URLs: machine endpoints without a language prefix, the human page with one."""

from django.urls import path

from open_data import views

urlpatterns: list = [
    path("open-data/cpsv-ap.jsonld", views.dump, {"fmt": "jsonld"}, name="dump_jsonld"),
    path("open-data/cpsv-ap.ttl", views.dump, {"fmt": "ttl"}, name="dump_ttl"),
    path("open-data/changes", views.changes, name="changes"),
    path("open-data/catalog.ttl", views.catalog, name="catalog"),
]
#: Under the language prefix (/lv/, /en/); the slug is the same in both languages so a
#: language switch stays a prefix swap.
localised_urlpatterns: list = [
    path("atvertie-dati/", views.index, name="index"),
]
