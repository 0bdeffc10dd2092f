"""URLs of the public host (localhost / agents.<domain>): staff admin, health, API docs."""

from django.contrib import admin
from django.urls import path

from accounts import views as account_views

admin.site.site_header = "Growiyo Agents"
admin.site.site_title = "Growiyo Agents"

urlpatterns = [
    path("", account_views.public_home, name="public-home"),
    path("health/", account_views.health, name="health"),
    path("admin/", admin.site.urls),
]
