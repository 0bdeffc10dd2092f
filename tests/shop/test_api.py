import json

import pytest

from shop.models import Product
from shop.services import order_bulk_sync, product_bulk_sync
from tests.conftest import host
from tests.shop.factories import CATALOG, order_row, product_row


@pytest.fixture
def api(client, tenant_a, api_key_a):
    def call(method, path, payload=None, **extra):
        kwargs = {"HTTP_HOST": host(tenant_a), "HTTP_AUTHORIZATION": f"Api-Key {api_key_a}", **extra}
        if payload is not None:
            kwargs.update(data=json.dumps(payload), content_type="application/json")
        return getattr(client, method)(f"/api/v1/shop/{path}", **kwargs)

    return call


def test_sync_products_reports_counts(api, tenant_a, in_tenant):
    response = api("post", "sync/products/", {"products": [product_row(external_id="A1")]})
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"], body["failed"]) == (1, 0, 0, 0)
    with in_tenant(tenant_a):
        assert Product.objects.filter(external_id="A1").exists()


def test_sync_accepts_a_bare_list(api):
    assert api("post", "sync/products/", [product_row(external_id="A1")]).json()["created"] == 1


def test_sync_rerun_reports_unchanged(api):
    rows = {"products": [product_row(external_id="A1"), product_row(external_id="A2")]}
    api("post", "sync/products/", rows)
    assert api("post", "sync/products/", rows).json()["unchanged"] == 2


def test_sync_row_errors_come_back_with_index_and_external_id(api):
    payload = {"products": [product_row(external_id="OK"), product_row(external_id="BAD", price=-5)]}
    body = api("post", "sync/products/", payload).json()
    assert body["created"] == 1
    assert body["errors"] == [
        {"index": 1, "external_id": "BAD", "errors": {"price": "Must not be negative."}}
    ]


def test_malformed_json_is_a_400_in_the_error_shape(api, tenant_a, in_tenant):
    response = api("post", "sync/products/", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["error"]) >= {"code", "message"}
    with in_tenant(tenant_a):
        assert not Product.objects.exists()


def test_payload_that_is_not_a_list_is_refused(api):
    response = api("post", "sync/products/", {"products": {"external_id": "A1"}})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert "list of products" in response.json()["error"]["message"]


def test_too_many_rows_is_a_413(api, tenant_a, in_tenant):
    response = api("post", "sync/products/", {"products": [product_row() for _ in range(1001)]})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert "At most 1000" in response.json()["error"]["message"]
    with in_tenant(tenant_a):
        assert not Product.objects.exists()


def test_sync_orders_and_read_them_back(api):
    api("post", "sync/products/", {"products": [product_row(external_id="P-1")]})
    assert api("post", "sync/orders/", {"orders": [order_row(external_id="O1")]}).json()["created"] == 1
    orders = api("get", "orders/").json()
    assert orders["count"] == 1
    order = orders["results"][0]
    assert order["external_id"] == "O1" and order["items"][0]["product_external_id"] == "P-1"
    assert api("get", f"orders/{order['id']}/").json()["total"] == "29.90"


def test_order_filters_validate_their_input(api):
    assert api("get", "orders/?status=lost").status_code == 400
    assert api("get", "orders/?since=last-week").json()["error"]["details"]["since"]
    assert api("get", "orders/?since=2026-01-01&status=paid").status_code == 200


def test_company_put_then_get(api):
    payload = {
        "name": "Alpha",
        "contact": {"email": "info@alpha.test"},
        "working_hours": {"mon": [["08:00", "16:00"]]},
    }
    assert api("put", "sync/company/", payload).json()["created"] == 1
    assert api("put", "sync/company/", payload).json()["unchanged"] == 1
    assert api("get", "company/").json()["contact"] == {"email": "info@alpha.test"}


def test_company_put_with_bad_hours_is_a_400(api):
    response = api("put", "sync/company/", {"working_hours": {"mon": "all day"}})
    assert response.status_code == 400
    assert "working_hours" in response.json()["error"]["details"]


@pytest.fixture
def catalog(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        product_bulk_sync(rows=[dict(row) for row in CATALOG] + [product_row() for _ in range(7)])
        order_bulk_sync(rows=[order_row()])


def test_product_list_is_paginated(api, catalog):
    first = api("get", "products/?page_size=5").json()
    assert first["count"] == 12 and len(first["results"]) == 5 and first["next"]
    last = api("get", "products/?page_size=5&page=3").json()
    assert len(last["results"]) == 2 and last["next"] is None


def test_page_past_the_end_is_a_json_404(api, catalog):
    response = api("get", "products/?page=99")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_product_search_by_query_is_paginated_and_ranked(api, catalog):
    body = api("get", "products/?q=majca&page_size=1").json()
    assert body["count"] >= 2
    assert body["results"][0]["name"] in {"Rdeča majica", "Modra majica"}
    assert body["results"][0]["score"] > 0


def test_product_search_in_stock_filter(api, catalog):
    names = [p["name"] for p in api("get", "products/?q=majica&in_stock=1").json()["results"]]
    assert "Modra majica" not in names and "Rdeča majica" in names


def test_product_detail_and_missing_id(api, catalog):
    listing = api("get", "products/?external_id=TS-RED").json()["results"]
    detail = api("get", f"products/{listing[0]['id']}/").json()
    assert (detail["name"], detail["price"], detail["stock_quantity"]) == ("Rdeča majica", "19.90", 12)
    missing = api("get", "products/987654/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_owner_session_can_read_products(owner_client_a, catalog):
    assert owner_client_a.get("/api/v1/shop/products/").json()["count"] == 12


def test_openapi_schema_and_docs_render(client, tenant_a, api_key_a):
    auth = {"HTTP_HOST": host(tenant_a), "HTTP_AUTHORIZATION": f"Api-Key {api_key_a}"}
    schema = client.get("/api/v1/schema/", **auth)
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/shop/sync/products/" in text and "/api/v1/shop/products/{id}/" in text
    assert client.get("/api/v1/docs/", **auth).status_code == 200
