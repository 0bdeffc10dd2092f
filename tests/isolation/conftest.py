"""Both tenants holding shop data with unmistakable markers, for the isolation suite."""

import pytest

from shop.services import company_info_sync, order_bulk_sync, product_bulk_sync


def _fill(account, in_tenant, marker: str, products: int, orders: int) -> dict:
    with in_tenant(account):
        product_bulk_sync(
            rows=[
                {
                    "external_id": f"{marker}-P{i}",
                    "name": f"{marker} majica {i}",
                    "description": f"Secret description {marker}",
                    "attributes": {"color": ["red"], "note": marker},
                    "price": "10.00",
                    "stock": 3,
                }
                for i in range(products)
            ]
        )
        order_bulk_sync(
            rows=[
                {
                    "external_id": f"{marker}-O{i}",
                    "total": "10.00",
                    "created_at": "2026-03-01T10:00:00+01:00",
                    "items": [{"product_external_id": f"{marker}-P0", "name": marker, "unit_price": "10.00"}],
                }
                for i in range(orders)
            ]
        )
        company_info_sync(
            data={"name": f"{marker} Company", "contact": {"email": f"{marker.lower()}@example.test"}}
        )
        from shop.models import Order, Product

        return {
            "product_ids": set(Product.objects.values_list("pk", flat=True)),
            "order_ids": set(Order.objects.values_list("pk", flat=True)),
        }


@pytest.fixture
def shop_data(tenant_a, tenant_b, in_tenant):
    """A: 6 products and 3 orders, B: 2 and 1, each with its own marker text. Returns the ids per tenant."""
    b = _fill(tenant_b, in_tenant, "BETAONLY", 2, 1)
    a = _fill(tenant_a, in_tenant, "ALPHAONLY", 6, 3)
    return {"a": a, "b": b}
