"""Reads of the add-ons (tenant schema): lists for the dashboard/API and lookups for the tools."""

from django.db.models import Q, QuerySet

from addons.models import (
    FinderResponse,
    LeadScore,
    PricingRule,
    RfqRequest,
    SizeChart,
    StockNotification,
    SupportTicket,
)

FINDER_CATALOG_LIMIT = 2000


def ticket_list(*, status: str = "") -> QuerySet[SupportTicket]:
    tickets = SupportTicket.objects.all()
    return tickets.filter(status=status) if status else tickets


def pricing_rule_list() -> QuerySet[PricingRule]:
    return PricingRule.objects.all()


def pricing_rule_for(*, product_id: int | None, category: str = "") -> PricingRule | None:
    """The active rule for a product: its own rule first, then its category's, then a default
    rule (no product, no category)."""
    rules = PricingRule.objects.filter(is_active=True)
    if product_id is not None:
        own = rules.filter(product_id=product_id).order_by("pk").first()
        if own is not None:
            return own
    if category:
        by_category = rules.filter(product__isnull=True, category__iexact=category).order_by("pk").first()
        if by_category is not None:
            return by_category
    return rules.filter(product__isnull=True, category="").order_by("pk").first()


def size_chart_list() -> QuerySet[SizeChart]:
    return SizeChart.objects.all()


def size_chart_for(*, category: str) -> SizeChart | None:
    """The chart of a category (case-insensitive); with one chart only, that chart."""
    if category:
        chart = SizeChart.objects.filter(category__iexact=category.strip()).first()
        if chart is not None:
            return chart
        chart = SizeChart.objects.filter(Q(category__icontains=category.strip())).first()
        if chart is not None:
            return chart
    charts = list(SizeChart.objects.all()[:2])
    return charts[0] if len(charts) == 1 else None


def stock_notification_list(*, pending_only: bool = False) -> QuerySet[StockNotification]:
    rows = StockNotification.objects.select_related("product")
    return rows.filter(notified_at__isnull=True) if pending_only else rows


def stock_notifications_due() -> QuerySet[StockNotification]:
    """Pending subscriptions whose product is back: stock above zero and still sold."""
    return StockNotification.objects.filter(
        notified_at__isnull=True, product__is_active=True, product__stock__quantity__gt=0
    ).select_related("product")


def rfq_list() -> QuerySet[RfqRequest]:
    return RfqRequest.objects.select_related("draft_action")


def lead_score_list() -> QuerySet[LeadScore]:
    return LeadScore.objects.select_related("lead")


def finder_response_list() -> QuerySet[FinderResponse]:
    return FinderResponse.objects.all()


def finder_catalog() -> list[dict]:
    """Active products as plain dicts for addons.finder (price as text, stock as a flag): one
    query of plain values, since the finder's hooks run it on every matching chat message."""
    from shop.selectors import product_list

    rows = product_list().values_list(
        "id",
        "external_id",
        "name",
        "category",
        "attributes",
        "url",
        "price__price",
        "price__currency",
        "stock__quantity",
    )[:FINDER_CATALOG_LIMIT]
    return [
        {
            "id": pk,
            "external_id": external_id,
            "name": name,
            "category": category,
            "attributes": attributes or {},
            "price": None if price is None else str(price),
            "currency": currency or "EUR",
            "in_stock": (stock or 0) > 0,
            "stock": stock or 0,
            "url": url,
        }
        for pk, external_id, name, category, attributes, url, price, currency, stock in rows
    ]
