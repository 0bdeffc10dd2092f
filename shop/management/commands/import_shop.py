"""`manage.py import_shop --account <slug> file.json`: the sync API's format, from a file.

The file is {"company": {...}, "products": [...], "orders": [...]} (any of the three). Rows are
validated and upserted exactly like POST /api/v1/shop/sync/...; the report is printed, and the
command exits non-zero when any row was refused.
"""

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from accounts.models import Account
from shop.services import shop_data_import


class Command(BaseCommand):
    help = "Import company info, products and orders from a JSON file into one account."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON file, or - for standard input")
        parser.add_argument("--account", required=True, help="the account's slug (schema name)")

    def handle(self, *args, file: str, account: str, **options):
        target = (
            Account.objects.filter(schema_name=account, is_template=False)
            .exclude(schema_name="public")
            .first()
        )
        if target is None:
            raise CommandError(f'No account "{account}".')
        try:
            if file == "-":
                payload = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as handle:
                    payload = json.load(handle)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{file} is not valid JSON: {exc.msg} (line {exc.lineno}).") from None
        with tenant_context(target):
            try:
                reports = shop_data_import(payload=payload)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
        failed = 0
        for entity, report in reports.items():
            self.stdout.write(
                f"{entity}: {report.received} received, {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.failed} failed"
            )
            for error in report.errors:
                fields = "; ".join(f"{key}: {message}" for key, message in error.errors.items())
                self.stdout.write(f"  row {error.index} ({error.external_id or 'no external_id'}): {fields}")
            failed += report.failed
        if failed:
            raise CommandError(f"{failed} row(s) were refused; the others were imported.")
