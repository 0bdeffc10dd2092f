"""Every /api/v1/ route of the tenant URLconf, walked from the URL resolver (so routes added later
are covered without editing this file), with both tenants holding data:

- an unknown host gets a JSON 404;
- tenant A's credentials (API key and widget key) on tenant B's host are refused;
- no credentials at all are refused (except the public OpenAPI schema and docs);
- no GET answer on B's host, even with B's own key, contains anything of A (and vice versa);
- ids that do not exist on the host are a JSON 404, never a 500.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from accounts.api_auth import ApiKeyAuthentication
from tests.conftest import host

PUBLIC_BY_DESIGN = {"api/v1/schema/", "api/v1/docs/"}
SAMPLES = {"int": "2147480000", "uuid": "00000000-0000-0000-0000-000000000000"}
_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _concrete(route: str) -> str:
    route = route.replace("^", "").replace("$", "")
    return "/" + _PARAM.sub(lambda m: SAMPLES.get(m.group("conv") or "str", "nonexistent-0"), route)


def _view_class(callback):
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


def _methods(callback) -> list[str]:
    cls = _view_class(callback)
    if cls is None:
        return ["get", "post"]
    return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)]


def _is_drf(callback) -> bool:
    cls = _view_class(callback)
    return cls is not None and issubclass(cls, APIView)


def _uses_api_keys(callback) -> bool:
    cls = _view_class(callback)
    return _is_drf(callback) and any(issubclass(a, ApiKeyAuthentication) for a in cls.authentication_classes)


def _allows_anyone(callback) -> bool:
    cls = _view_class(callback)
    return _is_drf(callback) and any(p is AllowAny for p in cls.permission_classes)


ROUTES = sorted(
    {
        (route, callback)
        for route, callback in _walk(get_resolver("config.urls_tenant").url_patterns)
        if route.startswith("api/v1/") and "(?P<format>" not in route
    },
    key=lambda item: item[0],
)
CASES = [(route, callback, method) for route, callback in ROUTES for method in _methods(callback)]
GET_ROUTES = [(route, callback) for route, callback in ROUTES if "get" in _methods(callback)]


def test_the_walk_finds_the_shop_routes():
    routes = {route for route, _cb in ROUTES}
    assert {"api/v1/shop/products/", "api/v1/shop/products/<int:pk>/", "api/v1/shop/sync/products/"} <= routes
    assert "api/v1/account/" in routes


def row_counts(*schemas: str) -> dict[str, int]:
    """Rows in every table of the given tenant schemas: a write anywhere shows up here."""
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY(%s)", [list(schemas)]
        )
        for schema, table in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
            counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def _send(client, method: str, path: str, **headers):
    kwargs = {"data": "{}", "content_type": "application/json"} if method != "get" else {}
    return getattr(client, method)(path, **kwargs, **headers)


@pytest.mark.parametrize(
    ("route", "callback", "method"), CASES, ids=[f"{m.upper()} {r}" for r, _c, m in CASES]
)
def test_unknown_host_is_a_json_404(client, db, route, callback, method):
    response = _send(client, method, _concrete(route), HTTP_HOST="nobody.localhost")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_host"


@pytest.mark.parametrize(
    ("route", "callback", "method"), CASES, ids=[f"{m.upper()} {r}" for r, _c, m in CASES]
)
def test_credentials_of_a_are_refused_on_b(
    client, shop_data, tenant_a, tenant_b, api_key_a, route, callback, method
):
    before = row_counts("alpha", "beta")
    response = _send(
        client,
        method,
        _concrete(route),
        HTTP_HOST=host(tenant_b),
        HTTP_AUTHORIZATION=f"Api-Key {api_key_a}",
        HTTP_X_WIDGET_KEY=tenant_a.widget_key,
        HTTP_ORIGIN="https://alpha.example",
    )
    if route in PUBLIC_BY_DESIGN:
        assert response.status_code < 500
    elif _uses_api_keys(callback):
        assert response.status_code == 401
        assert response.json()["error"]["code"] in ("authentication_failed", "not_authenticated")
    else:
        assert 400 <= response.status_code < 500
    assert b"ALPHAONLY" not in (b"" if response.streaming else response.content)
    assert row_counts("alpha", "beta") == before


# The OpenAPI schema and docs are readable by anyone on purpose; every other route needs credentials.
GUARDED = [(r, c, m) for r, c, m in CASES if r not in PUBLIC_BY_DESIGN and not _allows_anyone(c)]


@pytest.mark.parametrize(
    ("route", "callback", "method"), GUARDED, ids=[f"{m.upper()} {r}" for r, _c, m in GUARDED]
)
def test_no_credentials_are_refused(client, shop_data, tenant_b, route, callback, method):
    response = _send(client, method, _concrete(route), HTTP_HOST=host(tenant_b))
    if _is_drf(callback):
        assert response.status_code in (401, 403)
    else:
        assert 400 <= response.status_code < 500
    assert b"BETAONLY" not in (b"" if response.streaming else response.content)


@pytest.mark.parametrize(("route", "callback"), GET_ROUTES, ids=[r for r, _c in GET_ROUTES])
def test_nothing_of_a_is_readable_on_b_with_bs_own_key(
    client, shop_data, tenant_b, api_key_b, route, callback
):
    response = client.get(
        _concrete(route), HTTP_HOST=host(tenant_b), HTTP_AUTHORIZATION=f"Api-Key {api_key_b}"
    )
    assert response.status_code < 500
    if not response.streaming:
        assert b"ALPHAONLY" not in response.content and b"Alpha Shop" not in response.content


@pytest.mark.parametrize(("route", "callback"), GET_ROUTES, ids=[r for r, _c in GET_ROUTES])
def test_nothing_of_b_is_readable_on_a_with_as_own_key(
    client, shop_data, tenant_a, api_key_a, route, callback
):
    response = client.get(
        _concrete(route), HTTP_HOST=host(tenant_a), HTTP_AUTHORIZATION=f"Api-Key {api_key_a}"
    )
    assert response.status_code < 500
    if not response.streaming:
        assert b"BETAONLY" not in response.content and b"Beta Shop" not in response.content


ID_ROUTES = [(r, c) for r, c in GET_ROUTES if "<int:" in r]


@pytest.mark.parametrize(("route", "callback"), ID_ROUTES, ids=[r for r, _c in ID_ROUTES])
def test_unknown_ids_are_a_json_404(client, shop_data, tenant_b, api_key_b, route, callback):
    response = client.get(
        _concrete(route), HTTP_HOST=host(tenant_b), HTTP_AUTHORIZATION=f"Api-Key {api_key_b}"
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
