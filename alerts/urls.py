from django.urls import path

from alerts import views

urlpatterns = [
    path("alerts/follow/", views.follow, name="follow"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
]
