from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.home, name="dashboard-home"),
    path("login/", auth_views.LoginView.as_view(template_name="dashboard/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account_page, name="account"),
    path("account/api-keys/", views.api_key_create, name="api-key-create"),
    path("account/api-keys/<int:key_id>/revoke/", views.api_key_revoke, name="api-key-revoke"),
]
