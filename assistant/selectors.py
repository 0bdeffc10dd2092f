"""Reads for the assistant: period figures from ANALYTICS_DAILY, product rankings, catalog gaps,
actions, memory. Money is Decimal here and text ("123.45") in tool results, so nothing rounds."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Q, Sum

from assistant.analytics import account_timezone, analytics_ensure
from assistant.models import AnalyticsDaily, AssistantAction, AssistantMemory, AssistantSession

CENT = Decimal("0.01")


def _money(value) -> str | None:
    return None if value is None else str(Decimal(value).quantize(CENT))


def analytics_days(*, start: date, end: date) -> list[AnalyticsDaily]:
    analytics_ensure(start=start, end=end)
    return list(AnalyticsDaily.objects.filter(day__gte=start, day__lte=end).order_by("day"))


def period_summary(*, start: date, end: date) -> dict:
    """Figures of [start, end] summed from the daily rows (see docs/assistant.md)."""
    rows = analytics_days(start=start, end=end)
    revenue = sum((row.revenue for row in rows), Decimal("0"))
    orders = sum(row.orders_count for row in rows)
    days = (end - start).days + 1
    # Visits-based figures only when every day of the period was reported: a partial sum
    # would understate visits and overstate conversion.
    visits_known = len(rows) == days and all(row.visits is not None for row in rows)
    visits = sum(row.visits for row in rows) if visits_known else None
    carts_known = len(rows) == days and all(row.abandoned_carts is not None for row in rows)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "days": days,
        "revenue": _money(revenue),
        "orders_count": orders,
        "avg_cart": _money(revenue / orders) if orders else None,
        "refunds_count": sum(row.refunds_count for row in rows),
        "refunds_amount": _money(sum((row.refunds_amount for row in rows), Decimal("0"))),
        "cancelled_count": sum(row.cancelled_count for row in rows),
        "visits": visits,
        "conversion": str((Decimal(orders) / visits).quantize(Decimal("0.000001"))) if visits else None,
        "abandoned_carts": sum(row.abandoned_carts for row in rows) if carts_known else None,
    }


def daily_series(*, start: date, end: date) -> list[dict]:
    return [
        {
            "day": row.day.isoformat(),
            "revenue": _money(row.revenue),
            "orders_count": row.orders_count,
            "avg_cart": _money(row.avg_cart),
        }
        for row in analytics_days(start=start, end=end)
    ]


_PRODUCT_SALES_SQL = """
SELECT coalesce(nullif(i.product_external_id, ''), 'id:' || i.product_id::text, i.name) AS item_key,
       max(i.product_id) AS product_id, max(i.name) AS name,
       sum(i.quantity) AS quantity, sum(i.quantity * i.unit_price) AS revenue
FROM shop_orderitem i JOIN shop_order o ON o.id = i.order_id
WHERE o.status = 'paid'
  AND o.created_at >= (%(start)s::date::timestamp AT TIME ZONE %(tz)s)
  AND o.created_at < ((%(end)s::date + 1)::timestamp AT TIME ZONE %(tz)s)
GROUP BY 1
"""


def product_sales(*, start: date, end: date, worst: bool = False, limit: int = 5) -> list[dict]:
    """Products ranked by paid revenue in the period. `worst` ranks active catalog products
    from the lowest revenue up, including those that sold nothing."""
    params = {"start": start, "end": end, "tz": account_timezone(), "limit": max(1, min(limit, 50))}
    if worst:
        sql = (
            f"WITH sales AS ({_PRODUCT_SALES_SQL}) "
            "SELECT p.id, p.name, coalesce(sum(s.quantity), 0), coalesce(sum(s.revenue), 0) "
            "FROM shop_product p LEFT JOIN sales s ON s.product_id = p.id WHERE p.is_active "
            "GROUP BY p.id, p.name ORDER BY 4 ASC, 3 ASC, p.name LIMIT %(limit)s"
        )
    else:
        sql = (
            f"SELECT product_id, name, quantity, revenue FROM ({_PRODUCT_SALES_SQL}) s "
            "ORDER BY revenue DESC, quantity DESC, item_key LIMIT %(limit)s"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        {"product_id": pid, "name": name, "quantity": int(qty), "revenue": _money(rev)}
        for pid, name, qty, rev in rows
    ]


def low_stock(*, threshold: int = 5, limit: int = 20) -> list[dict]:
    from shop.models import Product

    products = (
        Product.objects.filter(is_active=True, stock__quantity__lte=threshold)
        .select_related("stock")
        .order_by("stock__quantity", "name")[:limit]
    )
    return [{"product_id": p.pk, "name": p.name, "quantity": p.stock.quantity} for p in products]


def products_without_description(*, limit: int = 20) -> tuple[int, list[dict]]:
    from shop.models import Product

    qs = Product.objects.filter(is_active=True).filter(Q(description="") | Q(description__isnull=True))
    return qs.count(), [{"product_id": p.pk, "name": p.name} for p in qs.order_by("name")[:limit]]


def product_find(*, name: str):
    """The active product best matching a name the owner typed (trigram similarity)."""
    from django.contrib.postgres.search import TrigramSimilarity

    from shop.models import Product

    name = (name or "").strip()
    if not name:
        return None
    exact = Product.objects.filter(name__iexact=name).first()
    if exact:
        return exact
    return (
        Product.objects.annotate(sim=TrigramSimilarity("name", name))
        .filter(Q(sim__gt=0.2) | Q(name__icontains=name))
        .order_by("-sim", "name")
        .first()
    )


def revenue_total_direct(*, start: date, end: date) -> Decimal:
    """Paid revenue straight from shop_order (used to cross-check the rollup)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(total), 0) FROM shop_order WHERE status = 'paid' "
            "AND created_at >= (%(s)s::date::timestamp AT TIME ZONE %(tz)s) "
            "AND created_at < ((%(e)s::date + 1)::timestamp AT TIME ZONE %(tz)s)",
            {"s": start, "e": end, "tz": account_timezone()},
        )
        return cursor.fetchone()[0]


def analytics_totals(*, start: date, end: date) -> dict:
    return AnalyticsDaily.objects.filter(day__gte=start, day__lte=end).aggregate(
        revenue=Sum("revenue"), orders=Sum("orders_count")
    )


def memory_list() -> list[AssistantMemory]:
    return list(AssistantMemory.objects.order_by("key"))


def memory_notes() -> list[str]:
    notes = []
    for item in memory_list():
        value = item.value.get("text") if isinstance(item.value, dict) else item.value
        notes.append(f"{item.key}: {value}")
    return notes


def action_list(*, status: str | None = None, limit: int = 200) -> list[AssistantAction]:
    qs = AssistantAction.objects.select_related("approved_by", "rejected_by")
    if status:
        qs = qs.filter(status=status)
    return list(qs.order_by("-created_at")[:limit])


def session_get(*, public_id) -> AssistantSession | None:
    return AssistantSession.objects.filter(public_id=public_id).first()


def session_list(*, limit: int = 20) -> list[AssistantSession]:
    return list(AssistantSession.objects.order_by("-started_at")[:limit])


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
