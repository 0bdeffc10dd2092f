"""Host-based tenant routing with clear answers for unknown hosts."""

from django.http import HttpResponseNotFound
from django.utils.html import escape
from django_tenants.middleware.main import TenantMainMiddleware

from config.api import error_response


class TenantMiddleware(TenantMainMiddleware):
    def get_tenant(self, domain_model, hostname):
        tenant = super().get_tenant(domain_model, hostname)
        if tenant.is_template:
            raise domain_model.DoesNotExist
        return tenant

    def no_tenant_found(self, request, hostname):
        message = f'No Growiyo account is served at "{hostname}".'
        if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
            return error_response(404, message, code="unknown_host")
        return HttpResponseNotFound(f"<h1>Not found</h1><p>{escape(message)}</p>")
