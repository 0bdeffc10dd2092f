"""Reads over the shop's read-source data.

Other apps (chatbot, assistant, email, add-ons) read products through `product_search` and
`product_get`, which return plain `ProductHit` values, never model instances.
"""

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from shop import product_query
from shop.models import CompanyInfo, Order, OrderItem, Product
from shop.search import query_tokens

MAX_SEARCH_LIMIT = 500


@dataclass(frozen=True)
class ProductHit:
    id: int
    external_id: str
    name: str
    price: Decimal | None
    regular_price: Decimal | None
    currency: str
    stock_quantity: int
    attributes: dict
    category: str
    url: str
    score: float
    description: str = ""
    image_url: str = ""
    is_active: bool = True

    @property
    def in_stock(self) -> bool:
        return self.stock_quantity > 0

    @property
    def on_sale(self) -> bool:
        return bool(
            self.regular_price is not None and self.price is not None and self.regular_price > self.price
        )

    def as_dict(self) -> dict:
        """JSON-ready: prices as strings (exact decimals), flags included."""
        data = asdict(self)
        for key in ("price", "regular_price"):
            data[key] = None if data[key] is None else str(data[key])
        data["in_stock"] = self.in_stock
        data["on_sale"] = self.on_sale
        return data


def _hit_from_row(row) -> ProductHit:
    (pk, external_id, name, description, attributes, category, url, image_url) = row[:8]
    price, regular_price, currency, quantity, score = row[8:13]
    return ProductHit(
        id=pk,
        external_id=external_id,
        name=name,
        price=price,
        regular_price=regular_price,
        currency=currency,
        stock_quantity=quantity,
        # Django's psycopg setup leaves jsonb undecoded in raw cursors.
        attributes=json.loads(attributes) if isinstance(attributes, str) else attributes or {},
        category=category,
        url=url,
        score=round(float(score), 4),
        description=description,
        image_url=image_url,
    )


def _hit_from_product(product: Product, score: float = 1.0) -> ProductHit:
    price = getattr(product, "price", None)
    stock = getattr(product, "stock", None)
    return ProductHit(
        id=product.pk,
        external_id=product.external_id,
        name=product.name,
        price=price.price if price else None,
        regular_price=price.regular_price if price else None,
        currency=price.currency if price else "EUR",
        stock_quantity=stock.quantity if stock else 0,
        attributes=product.attributes or {},
        category=product.category,
        url=product.url,
        score=score,
        description=product.description,
        image_url=product.image_url,
        is_active=product.is_active,
    )


# Settings the search query runs with, set for its transaction only (see _run_search).
SEARCH_SETTINGS = {
    # pg_trgm's `<%` operator reads its threshold from this setting.
    "pg_trgm.word_similarity_threshold": str(product_query.WORD_SIMILARITY_THRESHOLD),
    # The planner prices `@@` and `<%` as cheap operators and, for a word in 5–10 % of the catalog,
    # prefers reading every product (≈30 ms per 10,000) to the GIN indexes (≈1 ms).
    "enable_seqscan": "off",
}


def _run_search(sql: product_query.SearchSQL) -> list:
    # SET LOCAL semantics (set_config(..., true)): the settings end with this transaction; when we
    # are nested in a caller's transaction the old values are put back so the caller's other
    # queries are unaffected.
    nested = connection.in_atomic_block
    names = list(SEARCH_SETTINGS)
    with transaction.atomic(), connection.cursor() as cursor:
        # missing_ok: before pg_trgm is first used in a session its setting does not exist yet.
        cursor.execute(
            "SELECT "
            + ", ".join("current_setting(%s, true)" for _ in names)
            + ", "
            + ", ".join("set_config(%s, %s, true)" for _ in names),
            names + [item for pair in SEARCH_SETTINGS.items() for item in pair],
        )
        previous = cursor.fetchone()[: len(names)]
        cursor.execute(sql.sql, sql.params)
        rows = cursor.fetchall()
        restore = [(name, value) for name, value in zip(names, previous, strict=True) if value is not None]
        if nested and restore:
            cursor.execute(
                "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in restore),
                [item for pair in restore for item in pair],
            )
    return rows


def product_search(
    *,
    query: str,
    limit: int = 10,
    in_stock_only: bool = False,
    filters: dict | None = None,
    offset: int = 0,
) -> list[ProductHit]:
    """Active products best matching `query` (typo tolerant, diacritics-insensitive), best first.

    `filters`: {"category": "Majice", "min_price": 10, "max_price": 50, "on_sale": True,
    "<attribute>": value or [values]} (attribute values compare case-insensitively; a list means any
    of them). An empty query lists the filtered products by name. One SELECT, prices and stock joined.
    """
    limit = max(0, min(int(limit), MAX_SEARCH_LIMIT))
    sql = product_query.build_search(
        tokens=query_tokens(query or ""),
        filters=filters,
        in_stock_only=in_stock_only,
        limit=limit,
        offset=max(0, int(offset)),
    )
    return [_hit_from_row(row) for row in _run_search(sql)]


def product_search_count(*, query: str, in_stock_only: bool = False, filters: dict | None = None) -> int:
    sql = product_query.build_search(
        tokens=query_tokens(query or ""),
        filters=filters,
        in_stock_only=in_stock_only,
        limit=None,
        count_only=True,
    )
    return _run_search(sql)[0][0]


class ProductSearchResults:
    """A lazily evaluated, sliceable search result, so Django's Paginator can page through it."""

    def __init__(self, *, query: str, in_stock_only: bool = False, filters: dict | None = None):
        self.kwargs = {"query": query, "in_stock_only": in_stock_only, "filters": filters}
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = product_search_count(**self.kwargs)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start = item.start or 0
        stop = item.stop if item.stop is not None else start + MAX_SEARCH_LIMIT
        return product_search(limit=max(0, stop - start), offset=start, **self.kwargs)


def product_get(*, product_id: int | None = None, external_id: str | None = None) -> ProductHit | None:
    """One product (active or not) by our id or the shop's external id; None when absent."""
    if product_id is None and external_id is None:
        raise ValueError("product_get needs product_id or external_id")
    products = Product.objects.select_related("price", "stock")
    lookup = {"pk": product_id} if product_id is not None else {"external_id": external_id}
    try:
        product = products.get(**lookup)
    except (Product.DoesNotExist, ValueError, TypeError):
        return None
    return _hit_from_product(product)


def product_list(
    *,
    category: str | None = None,
    in_stock_only: bool = False,
    include_inactive: bool = False,
    external_id: str | None = None,
) -> QuerySet[Product]:
    """Products by name with price and stock joined (no N+1), for listings and the API."""
    products = Product.objects.select_related("price", "stock").order_by("name", "pk")
    if not include_inactive:
        products = products.filter(is_active=True)
    if category:
        products = products.filter(category__iexact=category)
    if in_stock_only:
        products = products.filter(stock__quantity__gt=0)
    if external_id:
        products = products.filter(external_id=external_id)
    return products


def product_hits(products) -> list[ProductHit]:
    return [_hit_from_product(product) for product in products]


def category_list() -> list[str]:
    return list(
        Product.objects.filter(is_active=True)
        .exclude(category="")
        .order_by("category")
        .values_list("category", flat=True)
        .distinct()
    )


def order_list(
    *,
    status: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    customer_id: int | None = None,
) -> QuerySet[Order]:
    """Orders, newest first, with their items prefetched in one more query."""
    orders = Order.objects.prefetch_related(Prefetch("items", queryset=OrderItem.objects.order_by("pk")))
    if status:
        orders = orders.filter(status=status)
    if since:
        orders = orders.filter(created_at__gte=since)
    if until:
        orders = orders.filter(created_at__lt=until)
    if customer_id is not None:
        orders = orders.filter(customer_id=customer_id)
    return orders.order_by("-created_at", "-pk")


def order_get(*, order_id: int | None = None, external_id: str | None = None) -> Order | None:
    lookup = {"pk": order_id} if order_id is not None else {"external_id": external_id}
    return order_list().filter(**lookup).first()


def order_stats(*, since: datetime, until: datetime) -> dict:
    """Paid orders in [since, until): count, revenue and average cart."""
    stats = Order.objects.filter(
        status=Order.Status.PAID, created_at__gte=since, created_at__lt=until
    ).aggregate(orders_count=Count("pk"), revenue=Sum("total"))
    revenue = stats["revenue"] or Decimal("0")
    count = stats["orders_count"]
    avg = (revenue / count).quantize(Decimal("0.01")) if count else Decimal("0.00")
    return {"orders_count": count, "revenue": revenue, "avg_cart": avg}


def top_products(*, since: datetime, until: datetime, limit: int = 5) -> list[dict]:
    """Best sellers by units in paid orders of [since, until)."""
    rows = (
        OrderItem.objects.filter(
            order__status=Order.Status.PAID, order__created_at__gte=since, order__created_at__lt=until
        )
        .values("product_external_id", "name")
        .annotate(units=Sum("quantity"), orders=Count("order", distinct=True))
        .order_by("-units", "name")[:limit]
    )
    return [dict(row) for row in rows]


def company_info_get() -> CompanyInfo:
    info = CompanyInfo.objects.order_by("pk").first()
    return info or CompanyInfo()


def shop_summary() -> dict:
    products = Product.objects.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(is_active=True)),
        out_of_stock=Count("pk", filter=Q(stock__quantity__lte=0) | Q(stock__isnull=True)),
    )
    return {**products, "orders": Order.objects.count()}
