"""Test fixtures: two real tenants (alpha, beta) on real PostgreSQL.

The tenants are created once per test session (schema creation is the slow part) and survive
the public-schema flush of transactional tests: fixtures re-create missing Account rows over the
existing schemas. Tenant-schema rows written by transactional tests are truncated after them.
"""

import os

import pytest
from django.db import connection

os.environ.setdefault("TESTING", "1")

TENANTS = {"alpha": "Alpha Shop", "beta": "Beta Shop"}


def _ensure_tenant(slug: str):
    from accounts.models import Account, Domain
    from accounts.services import platform_bootstrap, tenant_host

    connection.set_schema_to_public()
    platform_bootstrap(public_hosts=("localhost", "testserver"))
    account = Account.objects.filter(schema_name=slug).first()
    if account is None:
        account = Account(
            schema_name=slug,
            name=TENANTS[slug],
            subscription_tier="enterprise",
            owner_email=f"owner@{slug}.test",
        )
        account.save(verbosity=0)  # clones the template, or finds the schema already there
    Domain.objects.get_or_create(domain=tenant_host(slug), defaults={"tenant": account, "is_primary": True})
    return account


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        for slug in TENANTS:
            _ensure_tenant(slug)
        connection.set_schema_to_public()


@pytest.fixture
def tenant_a(db):
    return _ensure_tenant("alpha")


@pytest.fixture
def tenant_b(db):
    return _ensure_tenant("beta")


@pytest.fixture
def in_tenant():
    """Context manager: `with in_tenant(tenant_a): ...` runs ORM code in that tenant's schema."""
    from django_tenants.utils import tenant_context

    yield tenant_context
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _public_schema_after_test():
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Empty our own cache keys before each test (never FLUSHDB: other runs share the server)."""
    from django.conf import settings
    from django.core.cache import cache

    if settings.REDIS_URL:
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{settings.REDIS_KEY_PREFIX}:*", count=1000))
        # Django cache keys are "<schema>:<KEY_PREFIX>:<version>:<key>" (django_tenants.cache.make_key).
        keys += list(client.scan_iter(match=f"*:{settings.REDIS_KEY_PREFIX}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
    yield


def truncate_tenant_tables(*slugs: str) -> None:
    """Empty every table of the given tenant schemas (for transactional tests that commit)."""
    with connection.cursor() as cursor:
        for slug in slugs:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename NOT IN "
                "('django_migrations', 'django_content_type', 'auth_permission')",
                [slug],
            )
            tables = [f'"{slug}"."{row[0]}"' for row in cursor.fetchall()]
            if tables:
                cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


@pytest.fixture
def tenants_committed(transactional_db):
    """Both tenants for tests whose writes must be committed (workers, concurrency)."""
    a, b = _ensure_tenant("alpha"), _ensure_tenant("beta")
    yield a, b
    connection.set_schema_to_public()
    truncate_tenant_tables("alpha", "beta")


def host(account) -> str:
    from accounts.services import tenant_host

    return tenant_host(account.schema_name)


@pytest.fixture
def client_a(tenant_a, client):
    client.defaults["HTTP_HOST"] = host(tenant_a)
    return client


@pytest.fixture
def api_key_a(tenant_a):
    from accounts.services import api_key_create

    return api_key_create(account=tenant_a, name="test")[1]


@pytest.fixture
def api_key_b(tenant_b):
    from accounts.services import api_key_create

    return api_key_create(account=tenant_b, name="test")[1]


@pytest.fixture
def owner_a(tenant_a):
    from accounts.services import owner_create

    owner_create(account=tenant_a, email="owner@alpha.test", password="correct-horse-9")
    return "owner@alpha.test", "correct-horse-9"


@pytest.fixture
def owner_client_a(tenant_a, owner_a, client):
    client.defaults["HTTP_HOST"] = host(tenant_a)
    assert client.post("/login/", {"username": owner_a[0], "password": owner_a[1]}).status_code == 302
    connection.set_schema_to_public()
    return client


@pytest.fixture
def worker_queue(tenants_committed, tmp_path):
    """A real Celery worker on a queue of its own; tasks sent to that queue run on it (eager off)."""
    from django.conf import settings

    from tests.workers import real_workers

    queue = f"{settings.REDIS_KEY_PREFIX}-worker-test"
    with real_workers(queue=queue, log_dir=tmp_path):
        yield queue
