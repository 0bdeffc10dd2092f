"""Writes to the shop's read-source data."""

from django.db import transaction

from shop.models import CompanyInfo


@transaction.atomic
def company_info_update(*, name: str = "", contact: dict, working_hours: dict, policies: dict) -> CompanyInfo:
    info = CompanyInfo.objects.select_for_update().order_by("pk").first() or CompanyInfo()
    info.name = name
    info.contact = contact
    info.working_hours = working_hours
    info.policies = policies
    info.save()
    return info


@transaction.atomic
def product_description_update(*, product_id: int, description: str):
    """Write a product's description (used by approved assistant actions). The row lock keeps
    two approved changes from interleaving with a concurrent catalog sync."""
    from shop.models import Product

    product = Product.objects.select_for_update().get(pk=product_id)
    from shop.search import product_search_text

    product.description = description
    product.search_text = product_search_text(
        name=product.name, category=product.category, description=description, attributes=product.attributes
    )
    product.save(update_fields=["description", "search_text", "updated_at"])
    return product
