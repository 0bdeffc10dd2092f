"""Platform tasks: the per-tenant fan-out behind `config.celery.every_tenant`, and small
diagnostics that show which schema a task ran in (the real-worker test uses them)."""

from celery import current_app, shared_task
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.selectors import account_list
from features.gates import feature_required
from features.selectors import is_enabled


def _row_counts() -> dict:
    from shop.models import Order, Product

    return {
        "schema": connection.schema_name,
        "products": Product.objects.count(),
        "orders": Order.objects.count(),
        "product_names": sorted(Product.objects.values_list("name", flat=True)[:20]),
    }


@shared_task(name="accounts.tenant_row_counts")
def tenant_row_counts() -> dict:
    """Counts rows of the schema the task runs in (set by tenant-schemas-celery from the sender)."""
    return _row_counts()


@shared_task(name="accounts.booking_row_counts")
@feature_required("booking")
def booking_row_counts() -> dict:
    """The same, behind the booking gate: raises FeatureDisabled where booking is off."""
    return _row_counts()


@shared_task(name="accounts.tenant_fan_out")
def tenant_fan_out(
    task_name: str, args: list | None = None, kwargs: dict | None = None, feature: list | None = None
) -> list[str]:
    """Send `task_name` once per shop account, each inside that account's schema.

    The template schema is never a target (it is cloned into new accounts, so a task writing
    there would leak rows into every future shop). With `feature=[agent, name]` only accounts
    that have the feature on get the task. Returns the schemas it was sent to."""
    sent = []
    for account in account_list():
        if feature and not is_enabled(account, *feature):
            continue
        # Sending inside tenant_context stamps the schema into the task headers.
        with tenant_context(account):
            current_app.signature(task_name, args=args or [], kwargs=kwargs or {}).apply_async()
        sent.append(account.schema_name)
    return sent
