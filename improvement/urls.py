"""Public URLs: problem reports and the statistics page (language-prefixed), the JSON API."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("report-problem/done/", views.problem_done, name="problem_done"),
    path("report-problem/<str:identifier>/", views.report_problem, name="report_problem"),
    path("digest/unsubscribe/<str:token>/", views.digest_optout, name="digest_optout"),
    path("statistics/services/<str:identifier>/", views.service_statistics, name="statistics"),
]

_api = [
    path("services/<str:identifier>/", views.api_service_statistics, name="service"),
]

api_urlpatterns = [path("api/statistics/", include((_api, "improvement_api")))]
