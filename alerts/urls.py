from django.urls import path

from alerts import views

urlpatterns = [
    path("alerts/follow/", views.follow, name="follow"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
    path("alerts/checklist/", views.checklist, name="checklist"),
    path("alerts/checklist/<str:token>/", views.checklist_confirm, name="checklist_confirm"),
]
