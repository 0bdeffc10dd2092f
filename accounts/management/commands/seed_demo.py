import time

from django.core.management.base import BaseCommand

from accounts.demo import demo_seed


class Command(BaseCommand):
    help = (
        "Create (or complete) the demo shop at demo.localhost: owner login, staff admin, company info, "
        "~300 products and 12 months of orders. Idempotent: re-running changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=300)
        parser.add_argument("--months", type=int, default=12)

    def handle(self, *args, **options):
        started = time.perf_counter()
        result = demo_seed(products=options["products"], months=options["months"])
        catalog = result.catalog
        self.stdout.write(
            f"Demo shop '{result.account.name}' {'created' if result.created else 'already there'} "
            f"in {time.perf_counter() - started:.1f}s: {catalog.products_total} products "
            f"(+{catalog.products_created}), {catalog.orders_total} orders (+{catalog.orders_created})."
        )
        self.stdout.write(
            f"  Owner dashboard: http://{result.host}:8000/  login {result.owner_email} / {result.owner_password}"
        )
        self.stdout.write(
            f"  Staff admin:     http://localhost:8000/admin/  login {result.admin_username} / "
            f"{result.admin_password}"
        )
