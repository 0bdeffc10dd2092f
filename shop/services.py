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
