"""API-key authentication for integrations: `Authorization: Api-Key gy_<prefix>_<secret>`.

A key belongs to one account; it authenticates only on that account's host. A key of tenant A
sent to tenant B's host is refused exactly like a wrong key.
"""

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from accounts.services import api_key_verify


class ApiKeyUser:
    """The identity of a request made with an API key (not a Django user)."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    pk = None

    def __init__(self, api_key):
        self.api_key = api_key
        self.username = f"api-key:{api_key.prefix}"

    def __str__(self) -> str:
        return self.username


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _sep, plaintext = header.partition(" ")
        if scheme.lower() not in ("api-key", "bearer"):
            return None
        key = api_key_verify(plaintext=plaintext.strip())
        tenant = getattr(request, "tenant", None)
        # The key must belong to the tenant whose host was called (django-tenants set the schema).
        if (
            key is None
            or tenant is None
            or key.account_id != tenant.pk
            or connection.schema_name != tenant.schema_name
        ):
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key for this account."))
        if key.last_used_at is None or (timezone.now() - key.last_used_at).total_seconds() > 60:
            type(key).objects.filter(pk=key.pk).update(last_used_at=timezone.now())
        return ApiKeyUser(key), key

    def authenticate_header(self, request):
        return self.keyword
