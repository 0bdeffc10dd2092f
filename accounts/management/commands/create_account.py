import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Tier
from accounts.services import account_create, platform_bootstrap


class Command(BaseCommand):
    help = (
        "Provision a shop account: clone the template schema, add <slug>.<AGENTS_DOMAIN>, create the owner."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--tier", default=Tier.FREE, choices=Tier.values)
        parser.add_argument("--owner-email", default="")
        parser.add_argument("--owner-password", default=None)
        parser.add_argument(
            "--domain", action="append", default=[], help="extra host, e.g. the shop's own domain"
        )

    def handle(self, *args, **options):
        platform_bootstrap()
        started = time.perf_counter()
        try:
            result = account_create(
                slug=options["slug"],
                name=options["name"],
                tier=options["tier"],
                owner_email=options["owner_email"],
                owner_password=options["owner_password"],
                extra_domains=tuple(options["domain"]),
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"Account '{result.account.schema_name}' ready at http://{result.host}:8000/ "
            f"in {time.perf_counter() - started:.2f}s"
        )
        if result.owner_username:
            self.stdout.write(f"Owner login: {result.owner_username}")
