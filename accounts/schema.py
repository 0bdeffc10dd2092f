"""OpenAPI description of the API-key scheme (drf-spectacular), so Swagger UI offers an
"Authorize" box for `Authorization: Api-Key gy_…`."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api_auth.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key gy_<prefix>_<secret>` — a key of the account whose host you call.",
        }
