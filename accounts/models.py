"""Accounts (tenants) and their hosts, in the public schema.

An Account is one Growiyo shop. Its data lives in its own PostgreSQL schema; tenant tables carry
no account id because the schema *is* the account.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class Tier(models.TextChoices):
    FREE = "free", _("Free")
    STARTER = "starter", _("Starter")
    PRO = "pro", _("Pro")
    ENTERPRISE = "enterprise", _("Enterprise")


def new_widget_key() -> str:
    return "wk_" + secrets.token_urlsafe(18)


class Account(TenantMixin):
    name = models.CharField(_("name"), max_length=200)
    subscription_tier = models.CharField(
        _("subscription tier"), max_length=20, choices=Tier.choices, default=Tier.FREE
    )
    # The template schema new accounts are cloned from is an Account row too, so that
    # migrate_schemas keeps it migrated; it has no domain and is never routable.
    is_template = models.BooleanField(default=False, editable=False)
    owner_email = models.EmailField(_("owner email"), blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Ljubljana")
    default_language = models.CharField(
        _("default language"), max_length=5, choices=[("sl", "Slovenščina"), ("en", "English")], default="sl"
    )
    # Public key the embedded chat widget sends; not a secret (it is in the shop's page source),
    # it only names the account. Origins are checked separately.
    widget_key = models.CharField(max_length=64, unique=True, default=new_widget_key)
    created_at = models.DateTimeField(auto_now_add=True)

    auto_create_schema = True
    auto_drop_schema = True

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.schema_name})"

    @property
    def slug(self) -> str:
        return self.schema_name


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class ApiKey(models.Model):
    """An integration key for one account. Only a SHA-256 hash is stored; the key is shown once."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    hashed_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
