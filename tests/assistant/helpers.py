"""Seeding helpers for the assistant tests: orders with known totals, in the current tenant schema."""

from datetime import datetime
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

from shop.models import Order, OrderItem, Price, Product, Stock

LJ = ZoneInfo("Europe/Ljubljana")
_seq = count(1)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LJ)


def product(name: str, *, price: str = "10.00", stock: int = 10, description: str = "desc") -> Product:
    item = Product.objects.create(external_id=f"p-{name}-{next(_seq)}", name=name, description=description)
    Price.objects.create(product=item, price=Decimal(price))
    Stock.objects.create(product=item, quantity=stock)
    return item


def order(when: datetime, lines: list[tuple[Product, int, str]], *, status: str = "paid") -> Order:
    total = sum((Decimal(price) * qty for _p, qty, price in lines), Decimal("0"))
    created = Order.objects.create(external_id=f"o-{next(_seq)}", total=total, status=status, created_at=when)
    for prod, qty, price in lines:
        OrderItem.objects.create(
            order=created,
            product=prod,
            product_external_id=prod.external_id,
            name=prod.name,
            quantity=qty,
            unit_price=Decimal(price),
        )
    return created
