"""Shared REST API plumbing: one JSON error shape, pagination, per-tenant throttling.

Every error answer looks like::

    {"error": {"code": "validation_error", "message": "A sentence a person understands.",
               "details": {...}}}
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.http import Http404, JsonResponse
from rest_framework import exceptions, pagination, throttling

_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "throttled",
}


def error_body(code: str, message: str, details=None) -> dict:
    body = {"error": {"code": code, "message": str(message)}}
    if details:
        body["error"]["details"] = details
    return body


def error_response(status: int, message: str, *, code: str | None = None, details=None) -> JsonResponse:
    return JsonResponse(error_body(code or _CODES.get(status, "error"), message, details), status=status)


def _first_message(detail) -> str:
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    if isinstance(detail, dict) and detail:
        key, value = next(iter(detail.items()))
        inner = _first_message(value)
        return inner if key in ("non_field_errors", "detail") else f"{key}: {inner}"
    return str(detail)


def exception_handler(exc, context):
    # Imported here: rest_framework.views reads DEFAULT_THROTTLE_CLASSES, which names this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        code = "validation_error"
        message = _first_message(detail)
        details = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    else:
        code = getattr(exc, "default_code", None) or _CODES.get(response.status_code, "error")
        message = detail.get("detail", detail) if isinstance(detail, dict) else _first_message(detail)
        details = None
    response.data = error_body(code, message, details)
    return response


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class TenantScopedThrottle(throttling.SimpleRateThrottle):
    """Rate limit per API key (or user, or IP) within the current tenant."""

    scope = "tenant"

    def get_cache_key(self, request, view):
        auth = getattr(request, "auth", None)
        if auth is not None and hasattr(auth, "prefix"):
            ident = f"key:{auth.prefix}"
        elif request.user and getattr(request.user, "is_authenticated", False):
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return f"throttle:{connection.schema_name}:{ident}"
