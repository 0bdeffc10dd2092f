"""Sync rows for shop tests (plain dicts: the sync format is the interface under test)."""

from itertools import count

_seq = count(1)


def product_row(**overrides) -> dict:
    n = next(_seq)
    row = {
        "external_id": f"P-{n}",
        "name": f"Izdelek {n}",
        "description": "",
        "category": "Razno",
        "attributes": {},
        "price": "10.00",
        "stock": 5,
    }
    row.update(overrides)
    return row


def order_row(**overrides) -> dict:
    n = next(_seq)
    row = {
        "external_id": f"O-{n}",
        "customer_id": 7,
        "total": "29.90",
        "status": "paid",
        "created_at": "2026-03-01T10:00:00+01:00",
        "items": [{"product_external_id": "P-1", "name": "Majica", "quantity": 1, "unit_price": "29.90"}],
    }
    row.update(overrides)
    return row


CATALOG = [
    product_row(
        external_id="TS-RED",
        name="Rdeča majica",
        category="Majice",
        description="Mehka bombažna majica s kratkimi rokavi.",
        attributes={"color": ["red", "rdeča"], "material": "cotton", "size": ["S", "M", "L"]},
        price="19.90",
        regular_price="24.90",
        stock=12,
    ),
    product_row(
        external_id="TS-BLUE",
        name="Modra majica",
        category="Majice",
        description="Klasična majica iz organskega bombaža.",
        attributes={"color": ["blue", "modra"], "material": "cotton", "size": ["M", "XL"]},
        price="17.50",
        stock=0,
    ),
    product_row(
        external_id="PANTS-1",
        name="Hlače chino",
        category="Hlače",
        description="Udobne hlače, lepo se podajo k majici.",
        attributes={"color": ["beige"], "material": "cotton", "size": ["32", "34"]},
        price="49.00",
        stock=3,
    ),
    product_row(
        external_id="JACKET-1",
        name="Volnena jakna",
        category="Jakne",
        description="Topla jakna za zimo.",
        attributes={"color": ["black", "črna"], "material": "wool", "size": ["M", "L"]},
        price="129.00",
        stock=2,
    ),
    product_row(
        external_id="SOCKS-1",
        name="Nogavice črtaste",
        category="Nogavice",
        description="Pisane nogavice.",
        attributes={"color": ["red", "white"], "material": "cotton"},
        price="6.90",
        stock=40,
    ),
]
