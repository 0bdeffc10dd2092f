"""Recompute daily analytics for one account: `manage.py assistant_rollup alpha --from 2026-01-01`."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context


class Command(BaseCommand):
    help = "Roll up ANALYTICS_DAILY for an account (default: from its first order to today)."

    def add_arguments(self, parser):
        parser.add_argument("schema", help="the account's slug (schema name)")
        parser.add_argument("--from", dest="start", help="first local day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", help="last local day, YYYY-MM-DD (default: today)")

    def handle(self, *args, schema: str, start: str | None, end: str | None, **options):
        from accounts.models import Account
        from assistant.analytics import analytics_backfill

        account = Account.objects.filter(schema_name=schema, is_template=False).first()
        if account is None or schema == "public":
            raise CommandError(f"No account '{schema}'.")
        try:
            start_day = date.fromisoformat(start) if start else None
            end_day = date.fromisoformat(end) if end else None
        except ValueError as exc:
            raise CommandError("Give dates as YYYY-MM-DD.") from exc
        with tenant_context(account):
            try:
                days = analytics_backfill(start=start_day, end=end_day)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(f"{schema}: {days} days rolled up")
