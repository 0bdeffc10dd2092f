from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from accounts.models import Account
from booking.demo import demo_booking_seed


class Command(BaseCommand):
    help = "Add demo services, staff and opening hours for booking to an account (default: demo). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="demo")

    def handle(self, *args, slug: str, **options):
        if not Account.objects.filter(schema_name=slug, is_template=False).exists():
            raise CommandError(f"No account '{slug}'. Run `manage.py seed_demo` first.")
        with schema_context(slug):
            created = demo_booking_seed()
        self.stdout.write(
            f"Demo booking: {created} rows created in '{slug}'. Booking page: http://{slug}.localhost:8000/booking/book/"
        )
