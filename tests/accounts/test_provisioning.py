import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_exists

from accounts.models import Account, Domain
from accounts.services import account_create, account_delete, platform_bootstrap


def _tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        return {row[0] for row in cursor.fetchall()}


def _migrations(schema: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')
        return set(cursor.fetchall())


def test_new_account_is_a_clone_of_the_template_schema(db):
    platform_bootstrap()
    result = account_create(slug="gamma", name="Gamma")
    assert result.host == "gamma.localhost"
    assert {"shop_product", "shop_order", "auth_user"} <= _tables("gamma")
    assert _tables("gamma") == _tables("tenant_template")


def test_new_account_has_its_migrations_recorded(db):
    account_create(slug="gamma", name="Gamma")
    recorded = _migrations("gamma")
    assert ("shop", "0001_initial") in recorded
    assert recorded == _migrations("tenant_template")


def test_owner_of_a_new_account_logs_in_on_its_host(db, client):
    account_create(slug="gamma", name="Gamma", owner_email="o@gamma.test", owner_password="gamma-pass-1")
    response = client.post(
        "/login/", {"username": "o@gamma.test", "password": "gamma-pass-1"}, HTTP_HOST="gamma.localhost"
    )
    assert response.status_code == 302
    assert client.get("/", HTTP_HOST="gamma.localhost").status_code == 200


def test_new_account_starts_empty_even_if_others_have_data(db, tenant_a, in_tenant):
    from accounts.demo import demo_catalog_seed
    from shop.models import Product

    demo_catalog_seed(tenant_a, products=5, months=0)
    account = account_create(slug="gamma", name="Gamma").account
    with in_tenant(account):
        assert Product.objects.count() == 0


def test_create_account_command_provisions_and_prints_the_host(db, capsys):
    call_command("create_account", "delta", name="Delta", tier="pro", owner_email="o@delta.test")
    out = capsys.readouterr().out
    assert "http://delta.localhost:8000/" in out and "o@delta.test" in out
    account = Account.objects.get(schema_name="delta")
    assert account.subscription_tier == "pro"
    assert Domain.objects.filter(tenant=account, domain="delta.localhost", is_primary=True).exists()


def test_create_account_command_refuses_a_bad_slug_with_a_message(db):
    with pytest.raises(CommandError, match="lowercase"):
        call_command("create_account", "Bad-Slug", name="Bad")


@pytest.mark.parametrize("slug", ["public", "admin", "www", "api", "tenant_template", "pg_catalog2"])
def test_reserved_slugs_are_refused(db, slug):
    with pytest.raises(ValidationError) as exc:
        account_create(slug=slug, name="X")
    assert "reserved" in exc.value.message_dict["slug"][0] or "lowercase" in exc.value.message_dict["slug"][0]
    assert not Account.objects.filter(name="X").exists()


@pytest.mark.parametrize("slug", ["a", "1shop", "shop-1", "Shop", "x" * 50, "sh op", ""])
def test_invalid_slugs_are_refused(db, slug):
    with pytest.raises(ValidationError) as exc:
        account_create(slug=slug, name="X")
    assert "lowercase letters" in exc.value.message_dict["slug"][0]


def test_duplicate_slug_is_refused(db, tenant_a):
    with pytest.raises(ValidationError) as exc:
        account_create(slug="alpha", name="Again")
    assert "already exists" in exc.value.message_dict["slug"][0]


def test_unknown_tier_is_refused_before_any_schema_is_made(db):
    with pytest.raises(ValidationError) as exc:
        account_create(slug="gamma", name="Gamma", tier="platinum")
    assert "platinum" in exc.value.message_dict["tier"][0]
    assert not schema_exists("gamma")


def test_taken_domain_rolls_the_new_account_back(db, tenant_a):
    with pytest.raises(Exception):  # noqa: B017 — the unique-domain IntegrityError
        account_create(slug="gamma", name="Gamma", extra_domains=("alpha.localhost",))
    assert not Account.objects.filter(schema_name="gamma").exists()
    assert not schema_exists("gamma")


def test_account_delete_drops_its_schema(db):
    account = account_create(slug="gamma", name="Gamma").account
    assert schema_exists("gamma")
    account_delete(account=account)
    assert not schema_exists("gamma")
    assert not Account.objects.filter(schema_name="gamma").exists()
    assert not Domain.objects.filter(domain="gamma.localhost").exists()


def test_public_and_template_schemas_cannot_be_deleted(db):
    public = platform_bootstrap()
    template = Account.objects.get(schema_name="tenant_template")
    for account in (public, template):
        with pytest.raises(ValidationError):
            account_delete(account=account)
    assert schema_exists("public") and schema_exists("tenant_template")


def test_bootstrap_is_idempotent(db):
    platform_bootstrap()
    platform_bootstrap()
    assert Account.objects.filter(schema_name="tenant_template").count() == 1
    assert Domain.objects.filter(domain="localhost").count() == 1
