"""Public URLs of catalogue_pages that are not Wagtail pages (sitemap, feedback, exports)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
unprefixed_urlpatterns: list = []
