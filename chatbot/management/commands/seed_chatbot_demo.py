from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from accounts.models import Account
from chatbot.demo import demo_faqs_seed


class Command(BaseCommand):
    help = "Add published demo FAQs to an account (default: the demo shop) if it has none. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="demo")

    def handle(self, *args, slug: str, **options):
        if not Account.objects.filter(schema_name=slug, is_template=False).exists():
            raise CommandError(f"No account '{slug}'. Run `manage.py seed_demo` first.")
        with schema_context(slug):
            created = demo_faqs_seed()
        self.stdout.write(
            f"Demo FAQs: {created} created in '{slug}'. Widget demo: http://{slug}.localhost:8000/demo/"
        )
