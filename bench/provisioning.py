"""Provisioning and migration timings.

    DATABASE_URL=postgres://... .venv/bin/python bench/provisioning.py

Prints: seconds to provision one account by cloning the template schema vs a plain migrate of
an empty schema (median of a few), and `migrate_schemas` seconds with nothing to apply for 50
tenants (standard and parallel executors). Creates throwaway accounts and drops them again.
"""

import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup  # noqa: E402

ROUNDS = 3
TENANTS = 50


def main() -> None:
    django_setup()
    from django.core.management import call_command
    from django.test import override_settings

    from accounts.models import Account
    from accounts.services import account_create, account_delete

    run = secrets.token_hex(3)
    created: list[str] = []

    def provision(slug: str) -> float:
        started = time.perf_counter()
        account_create(slug=slug, name=f"Bench {slug}", owner_email=f"owner@{slug}.test")
        created.append(slug)
        return time.perf_counter() - started

    try:
        cloned = [provision(f"bench_{run}_clone{i}") for i in range(ROUNDS)]
        # Without the template: CREATE SCHEMA and run every tenant migration.
        with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
            migrated = [provision(f"bench_{run}_plain{i}") for i in range(ROUNDS)]
        print(
            f"provision one account, clone of template:  {statistics.median(cloned):.2f} s (median of {ROUNDS})"
        )
        print(
            f"provision one account, plain migrate:      {statistics.median(migrated):.2f} s (median of {ROUNDS})"
        )

        started = time.perf_counter()
        for i in range(TENANTS - len(created)):
            provision(f"bench_{run}_t{i}")
        print(f"provisioned {TENANTS - 2 * ROUNDS} more accounts in {time.perf_counter() - started:.1f} s")
        total = Account.objects.count()
        for executor in ("standard", "multiprocessing"):
            started = time.perf_counter()
            call_command("migrate_schemas", executor=executor, interactive=False, verbosity=0)
            print(
                f"migrate_schemas ({executor}), nothing to apply, {total} schemas "
                f"({TENANTS} bench tenants): {time.perf_counter() - started:.1f} s"
            )
    finally:
        for account in Account.objects.filter(schema_name__in=created):
            account_delete(account=account)


if __name__ == "__main__":
    main()
