"""Root URLs. Public pages live under a language prefix (/lv/, /en/); admin and APIs do not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from alerts import urls as alerts_urls
from catalogue_pages import urls as catalogue_urls
from improvement import urls as improvement_urls
from open_data import urls as open_data_urls
from portal import health, metrics
from search import admin_search
from search import urls as search_urls
from service_requests import urls as request_urls
from themes import views as theme_views

urlpatterns = [
    # The admin's page search with the editors' synonyms, in front of Wagtail's own.
    path("admin/pages/search/", admin_search.search_view),
    path("admin/pages/search/results/", admin_search.search_results_view),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("favicon.ico", theme_views.favicon, name="favicon"),
    path("", include(search_urls.api_urlpatterns)),
    path("", include(improvement_urls.api_urlpatterns)),
    path("", include(catalogue_urls.unprefixed_urlpatterns)),
    path("", include((open_data_urls.urlpatterns, "open_data"))),
    path("", RedirectView.as_view(url=f"/{settings.LANGUAGE_CODE}/", permanent=False)),
]

urlpatterns += i18n_patterns(
    path("search/", include((search_urls.urlpatterns, "search"))),
    path("requests/", include((request_urls.urlpatterns, "service_requests"))),
    path("", include((alerts_urls.urlpatterns, "alerts"))),
    path("", include((improvement_urls.urlpatterns, "improvement"))),
    path("", include((catalogue_urls.urlpatterns, "catalogue_pages"))),
    path("", include((open_data_urls.localised_urlpatterns, "open_data_pages"))),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = theme_views.page_not_found
handler500 = theme_views.server_error
