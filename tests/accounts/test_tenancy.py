from django.db import connection

from tests.conftest import host


def test_unknown_host_gets_json_404(client, db):
    response = client.get("/api/v1/account/", HTTP_HOST="nobody.localhost")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_host"


def test_api_key_of_tenant_a_is_refused_on_tenant_b(client, tenant_a, tenant_b, api_key_a):
    response = client.get(
        "/api/v1/account/",
        HTTP_HOST=host(tenant_b),
        HTTP_AUTHORIZATION=f"Api-Key {api_key_a}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 401
    assert "Invalid" in response.json()["error"]["message"]


def test_api_key_works_on_its_own_tenant(client, tenant_a, api_key_a):
    response = client.get(
        "/api/v1/account/", HTTP_HOST=host(tenant_a), HTTP_AUTHORIZATION=f"Api-Key {api_key_a}"
    )
    assert response.status_code == 200
    assert response.json()["slug"] == "alpha"


def test_template_schema_is_not_routable(client, db):
    from accounts.models import Domain

    connection.set_schema_to_public()
    from django.conf import settings

    assert not Domain.objects.filter(tenant__schema_name=settings.TENANT_BASE_SCHEMA).exists()


def test_owner_login_is_per_tenant(client, tenant_a, tenant_b, owner_a):
    response = client.post(
        "/login/", {"username": owner_a[0], "password": owner_a[1]}, HTTP_HOST=host(tenant_b)
    )
    assert response.status_code == 200  # form re-rendered with an error: no such user in beta
    response = client.post(
        "/login/", {"username": owner_a[0], "password": owner_a[1]}, HTTP_HOST=host(tenant_a)
    )
    assert response.status_code == 302


def test_dashboard_home_renders_for_owner(owner_client_a):
    response = owner_client_a.get("/")
    assert response.status_code == 200
    assert "Alpha Shop" in response.content.decode()
