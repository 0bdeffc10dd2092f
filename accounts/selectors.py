"""Reads for accounts."""

from django.conf import settings

from accounts.models import Account, ApiKey


def account_list() -> list[Account]:
    """Real shop accounts: neither the public schema nor the template."""
    return list(
        Account.objects.exclude(schema_name="public").exclude(schema_name=settings.TENANT_BASE_SCHEMA)
    )


def api_key_list(*, account: Account) -> list[ApiKey]:
    return list(ApiKey.objects.filter(account=account))
