from django.core.management.base import BaseCommand

from accounts.services import platform_bootstrap


class Command(BaseCommand):
    help = "Ensure the public tenant (localhost) and the migrated template schema exist. Idempotent."

    def handle(self, *args, **options):
        platform_bootstrap()
        self.stdout.write("Public host and template schema ready.")
