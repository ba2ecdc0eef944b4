"""Request forms, "My requests" and sign-in for institution users."""

from django.urls import path

from . import message_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("new/<str:identifier>/", views.new_request, name="new"),
    path("mine/", views.my_requests, name="mine"),
    path("r/<str:reference>/", views.request_detail, name="detail"),
    path("r/<str:reference>/files/<int:pk>/", views.attachment, name="attachment"),
    path("r/<str:reference>/messages/", message_views.requester_message, name="message"),
]
