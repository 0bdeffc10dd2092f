"""Periodic add-on work, one run per tenant (beat → accounts.tenant_fan_out, see settings):
back-in-stock emails and scoring new leads. Thin: gate, then one service call."""

import logging

from celery import shared_task
from django.db import connection

from features.selectors import is_enabled

log = logging.getLogger(__name__)


def _account():
    from accounts.models import Account

    account = connection.tenant
    if not isinstance(account, Account):  # a FakeTenant from schema_context: load the real row
        account = Account.objects.get(schema_name=connection.schema_name)
    return account


@shared_task(name="addons.stock_alerts_send", ignore_result=True)
def stock_alerts_send() -> dict:
    """Email shoppers whose awaited product is back in stock (each subscription once)."""
    from addons.stock_alerts import stock_alerts_send as send

    account = _account()
    if not is_enabled(account, "chatbot", "stock_alerts"):
        return {"sent": 0, "failed": 0}
    return send(account=account)


@shared_task(name="addons.leads_score_pending", ignore_result=True)
def leads_score_pending() -> int:
    """Score chat leads that have no score yet."""
    from addons.services import leads_score_pending as score

    if not is_enabled(_account(), "assistant", "lead_qualifier"):
        return 0
    return score()
