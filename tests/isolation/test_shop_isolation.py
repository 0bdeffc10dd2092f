"""Shop-specific isolation: real object ids of A on B's host, sync with A's key on B, sessions."""

import json

import pytest

from shop.models import Product
from tests.conftest import host


def _get(client, account, key, path):
    return client.get(path, HTTP_HOST=host(account), HTTP_AUTHORIZATION=f"Api-Key {key}")


@pytest.mark.parametrize("kind", ["products", "orders"])
def test_object_ids_of_a_are_404_on_b(client, shop_data, tenant_a, tenant_b, api_key_a, api_key_b, kind):
    ids_only_in_a = shop_data["a"][f"{kind[:-1]}_ids"] - shop_data["b"][f"{kind[:-1]}_ids"]
    assert ids_only_in_a
    for pk in ids_only_in_a:
        assert _get(client, tenant_a, api_key_a, f"/api/v1/shop/{kind}/{pk}/").status_code == 200
        response = _get(client, tenant_b, api_key_b, f"/api/v1/shop/{kind}/{pk}/")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_same_id_on_b_answers_with_bs_own_row(client, shop_data, tenant_b, api_key_b):
    for pk in shop_data["b"]["product_ids"]:
        body = _get(client, tenant_b, api_key_b, f"/api/v1/shop/products/{pk}/").json()
        assert body["name"].startswith("BETAONLY")


def test_search_on_b_never_returns_a_products(client, shop_data, tenant_b, api_key_b):
    body = _get(client, tenant_b, api_key_b, "/api/v1/shop/products/?q=majica").json()
    assert body["count"] == 2
    assert all(p["name"].startswith("BETAONLY") for p in body["results"])
    assert _get(client, tenant_b, api_key_b, "/api/v1/shop/products/?q=alphaonly").json()["count"] == 0


def test_sync_with_a_key_on_b_writes_nothing_anywhere(
    client, shop_data, tenant_a, tenant_b, api_key_a, in_tenant
):
    response = client.post(
        "/api/v1/shop/sync/products/",
        data=json.dumps({"products": [{"external_id": "INTRUDER", "name": "x", "price": "1.00"}]}),
        content_type="application/json",
        HTTP_HOST=host(tenant_b),
        HTTP_AUTHORIZATION=f"Api-Key {api_key_a}",
    )
    assert response.status_code == 401
    for account in (tenant_a, tenant_b):
        with in_tenant(account):
            assert not Product.objects.filter(external_id="INTRUDER").exists()


def test_owner_session_of_a_is_not_valid_on_b(owner_client_a, shop_data, tenant_b):
    assert owner_client_a.get("/api/v1/shop/products/").status_code == 200
    response = owner_client_a.get("/api/v1/shop/products/", HTTP_HOST=host(tenant_b))
    assert response.status_code in (401, 403)
    assert b"ALPHAONLY" not in response.content


def test_revoked_key_is_refused(client, shop_data, tenant_a, api_key_a):
    from accounts.services import api_key_revoke, api_key_verify

    api_key_revoke(account=tenant_a, key_id=api_key_verify(plaintext=api_key_a).pk)
    assert _get(client, tenant_a, api_key_a, "/api/v1/shop/products/").status_code == 401


def test_garbage_key_is_refused(client, shop_data, tenant_a):
    response = _get(client, tenant_a, "gy_nope_nope", "/api/v1/shop/products/")
    assert response.status_code == 401
    assert response.json()["error"]["message"]
