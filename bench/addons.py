"""Add-on throughput: price quotes and size advice (pure), product finder over 2,000 products, and
the back-in-stock scan (200 emails per scan) over 1,000 due subscribers.

    DATABASE_URL=postgres://... .venv/bin/python bench/addons.py

Creates a throwaway account with 2,000 out-of-stock products and one subscriber each, restocks
half of them through the sync service, times one stock_alerts_send scan (emails go to Django's
in-memory backend, so the number is our overhead, not an ESP's), prints the numbers and drops the
account.
"""

import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup, percentile  # noqa: E402

PRODUCTS = 2_000
COLORS = ["red", "blue", "green", "black", "white", "yellow"]
MATERIALS = ["cotton", "wool", "linen", "polyester"]


def _timed(func, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return times


def pure_numbers() -> None:
    from addons import pricing, sizes

    params = pricing.validate_params(
        {
            "unit": "m2",
            "unit_price": "24.90",
            "minimum_charge": "30",
            "tiers": [{"min_quantity": 10, "discount_percent": 5}],
        }
    )
    chart = sizes.validate_chart(
        {
            "sizes": [
                {"size": s, "chest": [80 + 8 * i, 88 + 8 * i], "waist": [66 + 8 * i, 74 + 8 * i]}
                for i, s in enumerate("XS S M L XL XXL".split())
            ]
        }
    )
    quote = _timed(lambda: pricing.quote(params, quantity=12, width_cm=120, height_cm=80), 5000)
    advice = _timed(lambda: sizes.recommend(chart, {"chest": 99, "waist": 85}), 5000)
    print(
        f"price quote      p50 {percentile(quote, 50) * 1000:.1f} µs  p95 {percentile(quote, 95) * 1000:.1f} µs"
    )
    print(
        f"size advice      p50 {percentile(advice, 50) * 1000:.1f} µs  p95 {percentile(advice, 95) * 1000:.1f} µs"
    )


def main() -> None:
    django_setup()
    from django.conf import settings
    from django.core import mail
    from django_tenants.utils import tenant_context

    from accounts.services import account_create, account_delete
    from addons import finder
    from addons.models import StockNotification
    from addons.selectors import finder_catalog
    from addons.stock_alerts import stock_alerts_send
    from shop.models import Product
    from shop.services import product_bulk_sync

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    pure_numbers()
    slug = f"benchaddons{secrets.token_hex(3)}"
    account = account_create(slug=slug, name="Bench add-ons", tier="enterprise").account
    try:
        with tenant_context(account):
            rows = [
                {
                    "external_id": f"P{i}",
                    "name": f"Izdelek {i}",
                    "category": f"Kategorija {i % 8}",
                    "price": f"{10 + i % 90}.90",
                    "stock": 0,
                    "attributes": {
                        "color": [COLORS[i % 6]],
                        "material": MATERIALS[i % 4],
                        "size": ["S", "M"],
                    },
                }
                for i in range(PRODUCTS)
            ]
            for start in range(0, PRODUCTS, 1000):
                product_bulk_sync(rows=rows[start : start + 1000])
            ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
            StockNotification.objects.bulk_create(
                StockNotification(product_id=pk, email=f"s{pk}@example.com", consent=True) for pk in ids
            )
            catalog_load = _timed(finder_catalog, 5)
            catalog = finder_catalog()
            rank = _timed(
                lambda: finder.rank(catalog, {"color": "red", "material": "wool", "max_price": "60"}), 50
            )
            print(f"finder catalog   {PRODUCTS} products: load p50 {percentile(catalog_load, 50):.1f} ms")
            print(f"finder rank      p50 {percentile(rank, 50):.2f} ms  p95 {percentile(rank, 95):.2f} ms")
            product_bulk_sync(rows=[{"external_id": f"P{i}", "stock": 3} for i in range(0, PRODUCTS, 2)])
            start = time.perf_counter()
            result = stock_alerts_send(account=account)
            total = time.perf_counter() - start
            while stock_alerts_send(account=account)["sent"]:
                pass  # drain the rest of the due rows (a scan sends at most 200)
            start = time.perf_counter()
            empty = stock_alerts_send(account=account)
            idle = (time.perf_counter() - start) * 1000
        print(
            f"stock alert scan {result['sent']} emails in {total:.2f} s ({result['sent'] / total:.0f}/s), "
            f"failed {result['failed']}; {len(mail.outbox)} emails in all for {PRODUCTS // 2} restocked "
            f"products; a scan with nothing due {idle:.1f} ms (sent {empty['sent']})"
        )
    finally:
        account_delete(account=account)


if __name__ == "__main__":
    main()
