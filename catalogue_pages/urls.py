"""Public URLs of catalogue_pages that are not Wagtail pages (sitemap, robots, exports)."""

from django.urls import path

from catalogue_pages import views

urlpatterns: list = [
    path("feedback/", views.submit_feedback, name="feedback"),
    # The service folder's slug is fixed by site_tree.INDEX_SLUGS in both languages.
    path("pakalpojumi/<slug:slug>/cpsv-ap.jsonld", views.cpsv_ap_export, name="cpsv_ap"),
]
unprefixed_urlpatterns: list = [
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
