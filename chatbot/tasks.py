"""Celery tasks: the bot's reply to one shopper message, and the retention purge.

tenant-schemas-celery runs each task in the schema of the request that queued it.
"""

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


@shared_task(name="chatbot.chat_reply", ignore_result=True, acks_late=True)
def chat_reply(session_pk: int, user_message_id: int) -> None:
    from chatbot.services import reply_generate

    reply_generate(account=_account(), session_pk=session_pk, user_message_id=user_message_id)


@shared_task(name="chatbot.retention_purge", ignore_result=True)
def retention_purge() -> int:
    """Per tenant (beat → accounts.tenant_fan_out): delete transcripts older than the account's
    retention period."""
    from chatbot.services import retention_purge as purge
    from chatbot.widget_settings import widget_settings

    account = _account()
    if not is_enabled(account, "chatbot"):
        return 0
    return purge(days=widget_settings(account)["retention_days"])
