"""Writes for accounts: provisioning, deletion, API keys, owner users."""

import hashlib
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from accounts.models import Account, ApiKey, Domain, Tier

SLUG_RE = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
RESERVED_SLUGS = {"public", "www", "admin", "api", "agents", "static", settings.TENANT_BASE_SCHEMA}


def tenant_host(slug: str) -> str:
    return f"{slug}.{settings.AGENTS_DOMAIN}"


def platform_bootstrap(*, public_hosts: tuple[str, ...] = ("localhost", "127.0.0.1")) -> Account:
    """Ensure the public tenant, its hosts and the migrated template schema exist (idempotent)."""
    public, _ = Account.objects.get_or_create(
        schema_name=get_public_schema_name(),
        defaults={"name": "Growiyo Agents", "subscription_tier": Tier.ENTERPRISE},
    )
    for index, host in enumerate(public_hosts):
        Domain.objects.get_or_create(domain=host, defaults={"tenant": public, "is_primary": index == 0})
    template_schema_ensure()
    return public


def template_schema_ensure() -> Account:
    """The base schema new accounts are cloned from: created and migrated once, kept migrated
    by migrate_schemas because it is an Account row like any other (without a domain)."""
    template = Account.objects.filter(schema_name=settings.TENANT_BASE_SCHEMA).first()
    if template is None:
        template = Account(schema_name=settings.TENANT_BASE_SCHEMA, name="(template)", is_template=True)
        template.save(verbosity=0)
    elif not schema_exists(template.schema_name):
        template.create_schema(check_if_exists=True, verbosity=0)
    return template


def account_slug_validate(slug: str) -> None:
    """Refuse malformed, reserved and taken slugs with a message naming the problem."""
    if not SLUG_RE.match(slug):
        raise ValidationError(
            {"slug": "Use 2–41 lowercase letters, digits or underscores, starting with a letter."}
        )
    if slug in RESERVED_SLUGS or slug.startswith("pg_"):
        raise ValidationError({"slug": f"'{slug}' is reserved."})
    if Account.objects.filter(schema_name=slug).exists():
        raise ValidationError({"slug": f"An account '{slug}' already exists."})


@dataclass
class ProvisionedAccount:
    account: Account
    host: str
    owner_username: str | None


def account_create(
    *,
    slug: str,
    name: str,
    tier: str = Tier.FREE,
    owner_email: str = "",
    owner_password: str | None = None,
    extra_domains: tuple[str, ...] = (),
) -> ProvisionedAccount:
    """Provision a ready tenant: clone the template schema, add its host, create the owner."""
    account_slug_validate(slug)
    if tier not in Tier.values:
        raise ValidationError({"tier": f"Unknown tier '{tier}'. Choose one of: {', '.join(Tier.values)}."})
    template_schema_ensure()
    # Schema creation is DDL outside the row's transaction; if anything after it fails the
    # account is deleted again, which drops the schema (auto_drop_schema).
    account = Account(schema_name=slug, name=name, subscription_tier=tier, owner_email=owner_email)
    account.save(verbosity=0)
    try:
        with transaction.atomic():
            host = tenant_host(slug)
            Domain.objects.create(domain=host, tenant=account, is_primary=True)
            for extra in extra_domains:
                Domain.objects.create(domain=extra, tenant=account, is_primary=False)
        username = None
        if owner_email:
            username = owner_create(account=account, email=owner_email, password=owner_password).username
    except Exception:
        account.delete(force_drop=True)
        raise
    return ProvisionedAccount(account=account, host=host, owner_username=username)


def account_delete(*, account: Account) -> None:
    """Delete an account with its schema. The public and template schemas cannot be deleted."""
    if account.schema_name in (get_public_schema_name(), settings.TENANT_BASE_SCHEMA):
        raise ValidationError("The public and template schemas cannot be deleted.")
    account.delete(force_drop=True)


def owner_create(*, account: Account, email: str, password: str | None = None):
    """Create (or update) a shop owner login inside the account's own schema."""
    User = get_user_model()
    with schema_context(account.schema_name):
        user, _ = User.objects.get_or_create(username=email, defaults={"email": email})
        user.email = email
        user.is_staff = False
        user.set_password(password or secrets.token_urlsafe(12))
        user.save()
    return user


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_key_create(*, account: Account, name: str) -> tuple[ApiKey, str]:
    """Create an API key and return it with the plaintext, which is never stored or shown again."""
    if not name.strip():
        raise ValidationError({"name": "Give the key a name, e.g. the integration that uses it."})
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    plaintext = f"gy_{prefix}_{secret}"
    key = ApiKey.objects.create(
        account=account, name=name.strip(), prefix=prefix, hashed_key=_hash(plaintext)
    )
    return key, plaintext


def api_key_verify(*, plaintext: str) -> ApiKey | None:
    parts = plaintext.split("_")
    if len(parts) < 3 or parts[0] != "gy":
        return None
    key = ApiKey.objects.select_related("account").filter(prefix=parts[1], revoked_at__isnull=True).first()
    if key is None or not secrets.compare_digest(key.hashed_key, _hash(plaintext)):
        return None
    return key


def api_key_revoke(*, account: Account, key_id: int) -> ApiKey:
    key = ApiKey.objects.get(account=account, pk=key_id)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def demo_seed(**kwargs):
    """The demo shop (see accounts.demo); here so callers find every account write in one place."""
    from accounts.demo import demo_seed as _demo_seed

    return _demo_seed(**kwargs)


def demo_catalog_seed(account: Account, products: int = 300, months: int = 12, **kwargs):
    """Seed the demo catalog and orders into an existing account (tests use it on their tenants)."""
    from accounts.demo import demo_catalog_seed as _demo_catalog_seed

    return _demo_catalog_seed(account, products=products, months=months, **kwargs)
