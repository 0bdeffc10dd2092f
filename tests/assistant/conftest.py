"""Fixtures of the assistant tests: a shop with ~430 days of orders of known totals."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection

from tests.assistant.helpers import LJ

PRODUCTS = [
    # name, unit price, stock, description
    ("Linen Shirt", "24.90", 2, "Light linen shirt."),
    ("Wool Cap", "12.50", 3, ""),
    ("Canvas Bag", "18.00", 40, "Sturdy canvas bag."),
    ("Silk Scarf", "31.20", 0, "A silk scarf."),
]


def seed_orders(today: date, days: int = 430) -> list:
    """Deterministic orders: 0–3 a day, some refunded or cancelled, lines over four products."""
    from shop.models import Order, OrderItem, Price, Product, Stock

    products = []
    for index, (name, price, stock, description) in enumerate(PRODUCTS):
        product = Product.objects.create(external_id=f"sku-{index}", name=name, description=description)
        Price.objects.create(product=product, price=Decimal(price))
        Stock.objects.create(product=product, quantity=stock)
        products.append((product, Decimal(price)))
    orders, lines = [], []
    number = 0
    for offset in range(days):
        day = today - timedelta(days=offset)
        ordinal = day.toordinal()
        for i in range((ordinal * 7) % 4):
            number += 1
            product, price = products[(ordinal + i) % 4]
            quantity = 1 + (ordinal + i) % 3
            status = "refunded" if number % 11 == 0 else "cancelled" if number % 17 == 0 else "paid"
            orders.append(
                Order(
                    external_id=f"ord-{number}",
                    total=price * quantity,
                    status=status,
                    created_at=datetime(day.year, day.month, day.day, 8 + 4 * i, 15, tzinfo=LJ),
                )
            )
            lines.append((product, quantity, price))
    created = Order.objects.bulk_create(orders)
    OrderItem.objects.bulk_create(
        OrderItem(
            order=order,
            product=product,
            product_external_id=product.external_id,
            name=product.name,
            quantity=quantity,
            unit_price=price,
        )
        for order, (product, quantity, price) in zip(created, lines, strict=True)
    )
    return [product for product, _price in products]


def sql_sales(start: date, end: date) -> tuple[Decimal, int]:
    """Paid revenue and paid order count straight from shop_order (the reference figures)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(total) FILTER (WHERE status = 'paid'), 0), count(*) FILTER (WHERE status = 'paid') "
            "FROM shop_order WHERE (created_at AT TIME ZONE 'Europe/Ljubljana')::date BETWEEN %s AND %s",
            [start, end],
        )
        return cursor.fetchone()


def sql_top_products(
    start: date, end: date, *, limit: int = 5, worst: bool = False
) -> list[tuple[str, Decimal]]:
    order = "ASC" if worst else "DESC"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.name, coalesce(sum(i.quantity * i.unit_price) FILTER (WHERE o.status = 'paid' AND "
            "(o.created_at AT TIME ZONE 'Europe/Ljubljana')::date BETWEEN %s AND %s), 0) AS revenue "
            "FROM shop_product p LEFT JOIN shop_orderitem i ON i.product_id = p.id "
            "LEFT JOIN shop_order o ON o.id = i.order_id "
            f"GROUP BY p.name HAVING %s OR coalesce(sum(i.quantity * i.unit_price) FILTER (WHERE o.status = 'paid' "
            "AND (o.created_at AT TIME ZONE 'Europe/Ljubljana')::date BETWEEN %s AND %s), 0) > 0 "
            f"ORDER BY revenue {order} LIMIT %s",
            [start, end, worst, start, end, limit],
        )
        return cursor.fetchall()


@pytest.fixture
def today():
    from assistant.analytics import local_today

    return local_today("Europe/Ljubljana")


@pytest.fixture
def seeded(tenant_a, in_tenant, today):
    with in_tenant(tenant_a):
        yield seed_orders(today)
