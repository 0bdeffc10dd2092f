"""Analytics rollup time for 1,000,000 orders of one tenant: full backfill and one-day incremental.

    DATABASE_URL=postgres://... .venv/bin/python bench/rollup.py [orders]

Creates a throwaway account, generates the orders (two years, ~6 % refunded, ~4 % cancelled) and
~1.33 order lines per order with set-based INSERT ... SELECT generate_series, runs the rollup
(assistant.analytics) over every day, then for today only, prints seconds and drops the account.
"""

import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup  # noqa: E402

DAYS = 730
PRODUCTS = 200


def main(orders: int) -> None:
    django_setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import tenant_context

    from accounts.services import account_create, account_delete
    from assistant.analytics import (
        NIGHTLY_DAYS,
        analytics_backfill,
        analytics_rollup,
        analytics_rollup_recent,
        local_today,
    )
    from assistant.models import AnalyticsDaily
    from shop.models import Product

    # The template may predate the newest tenant migrations; clones must have the tables.
    call_command("migrate_schemas", schema_name=settings.TENANT_BASE_SCHEMA, interactive=False, verbosity=0)
    slug = f"bench_rollup_{secrets.token_hex(3)}"
    account = account_create(slug=slug, name="Bench rollup", tier="pro").account
    try:
        with tenant_context(account):
            Product.objects.bulk_create(
                Product(external_id=f"b-{i}", name=f"Product {i}") for i in range(1, PRODUCTS + 1)
            )
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO shop_order (external_id, customer_id, total, status, created_at) "
                    "SELECT 'o-' || g, g %% 50000, round(((g * 37) %% 9000) / 100.0 + 5, 2), "
                    "CASE WHEN g %% 17 = 0 THEN 'refunded' WHEN g %% 23 = 0 THEN 'cancelled' ELSE 'paid' END, "
                    "now() - ((g::bigint * 7919) %% (%s * 86400)) * interval '1 second' "
                    "FROM generate_series(1, %s) AS g",
                    [DAYS, orders],
                )
                cursor.execute(
                    "INSERT INTO shop_orderitem (order_id, product_id, product_external_id, name, quantity, unit_price) "
                    "SELECT o.id, p.id, p.external_id, p.name, 1 + o.id %% 3, round(o.total / (1 + o.id %% 3), 2) "
                    "FROM shop_order o JOIN shop_product p ON p.external_id = 'b-' || (1 + o.id %% %s) "
                    "UNION ALL "
                    "SELECT o.id, p.id, p.external_id, p.name, 1, 4.50 "
                    "FROM shop_order o JOIN shop_product p ON p.external_id = 'b-' || (1 + (o.id * 7) %% %s) "
                    "WHERE o.id %% 3 = 0",
                    [PRODUCTS, PRODUCTS],
                )
                cursor.execute("ANALYZE shop_order; ANALYZE shop_orderitem")
                cursor.execute("SELECT count(*) FROM shop_orderitem")
                lines = cursor.fetchone()[0]
            print(
                f"generated {orders:,} orders, {lines:,} order lines in {time.perf_counter() - started:.1f} s"
            )

            started = time.perf_counter()
            days = analytics_backfill()
            full = time.perf_counter() - started
            print(f"full backfill: {days} days in {full:.2f} s")

            started = time.perf_counter()
            analytics_backfill()
            print(f"full backfill re-run (upsert, same rows): {time.perf_counter() - started:.2f} s")

            today = local_today()
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                analytics_rollup(start=today, end=today)
                timings.append(time.perf_counter() - started)
            print(
                f"one-day incremental (today): best {min(timings) * 1000:.1f} ms, worst {max(timings) * 1000:.1f} ms"
            )
            started = time.perf_counter()
            analytics_rollup_recent()
            print(f"incremental (yesterday + today): {(time.perf_counter() - started) * 1000:.1f} ms")
            started = time.perf_counter()
            analytics_rollup_recent(days=NIGHTLY_DAYS)
            print(f"nightly ({NIGHTLY_DAYS} days): {(time.perf_counter() - started) * 1000:.1f} ms")
            print(f"analytics rows: {AnalyticsDaily.objects.count()}")
    finally:
        connection.set_schema_to_public()
        account_delete(account=account)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
