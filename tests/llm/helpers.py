"""Assertions that compare agent answers with the database (prices, stock, hours as stored)."""

import re

from django_tenants.utils import tenant_context

from llm.render import money, stock_text

PRICE = r"(?:€\d+\.\d{2}|\d+,\d{2} €)"
LINE = re.compile(
    rf"^- (?P<name>.+?) – (?P<price>{PRICE})(?: \((?:prej|was) (?P<regular>{PRICE})\))?, (?P<stock>[^,]+)"
)


def product_row(account, **lookup) -> dict:
    from shop.models import Product

    with tenant_context(account):
        product = Product.objects.select_related("price", "stock").get(**lookup)
        return {
            "name": product.name,
            "external_id": product.external_id,
            "price": product.price.price,
            "regular_price": product.price.regular_price,
            "stock": product.stock.quantity,
            "attributes": product.attributes,
            "category": product.category,
        }


def listed_products(answer: str) -> list[dict]:
    return [m.groupdict() for line in answer.splitlines() if (m := LINE.match(line.strip()))]


def assert_listing_matches_db(account, answer: str, lang: str) -> list[dict]:
    """Every product line states the stored price (and regular price) and stock exactly."""
    lines = listed_products(answer)
    assert lines, f"no product lines in: {answer!r}"
    rows = []
    for line in lines:
        row = product_row(account, name=line["name"])
        assert line["price"].strip() == money(row["price"], "EUR", lang), (line, row)
        if row["regular_price"] and row["regular_price"] > row["price"]:
            assert line["regular"] == money(row["regular_price"], "EUR", lang), (line, row)
        assert line["stock"].strip() == stock_text(row["stock"], lang), (line, row)
        rows.append(row)
    return rows
