"""Reads over the shop's read-source data."""

from django.db.models import Count, Q

from shop.models import CompanyInfo, Order, Product


def company_info_get() -> CompanyInfo:
    info = CompanyInfo.objects.order_by("pk").first()
    return info or CompanyInfo()


def shop_summary() -> dict:
    products = Product.objects.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(is_active=True)),
        out_of_stock=Count("pk", filter=Q(stock__quantity__lte=0)),
    )
    return {**products, "orders": Order.objects.count()}
