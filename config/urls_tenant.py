"""URLs of a tenant host (<slug>.localhost): owner dashboard, REST API, public shopper surfaces."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts import views as account_views

api_v1 = [
    path("", include("accounts.api_urls")),
    path("", include("features.api_urls")),
    path("shop/", include("shop.api_urls")),
    path("chat/", include("chatbot.api_urls")),
    path("assistant/", include("assistant.api_urls")),
    path("booking/", include("booking.api_urls")),
    path("email/", include("emailing.api_urls")),
    path("addons/", include("addons.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("health/", account_views.health, name="tenant-health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1)),
    path("", include("accounts.urls")),
    path("", include("chatbot.public_urls")),  # /widget.js and /demo/ (chatbot)
    path("shop/", include("shop.urls")),
    path("chat/", include("chatbot.urls")),
    path("assistant/", include("assistant.urls")),
    path("booking/", include("booking.urls")),
    path("email/", include("emailing.urls")),
    path("addons/", include("addons.urls")),
]

handler404 = "accounts.views.not_found"
