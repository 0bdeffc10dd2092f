"""Celery tasks: the bot's reply to one shopper message, and the retention purge.

tenant-schemas-celery runs each task in the schema of the request that queued it.
"""

import logging

from celery import shared_task
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from features.selectors import is_enabled

log = logging.getLogger(__name__)


@shared_task(name="chatbot.chat_reply", ignore_result=True, acks_late=True)
def chat_reply(session_pk: int, user_message_id: int) -> None:
    from accounts.models import Account
    from chatbot.services import reply_generate

    account = connection.tenant
    if not isinstance(account, Account):  # a FakeTenant from schema_context: load the real row
        account = Account.objects.get(schema_name=connection.schema_name)
    reply_generate(account=account, session_pk=session_pk, user_message_id=user_message_id)


@shared_task(name="chatbot.retention_purge_all", ignore_result=True)
def retention_purge_all() -> dict:
    """Beat entry: purge old transcripts in every account with the chatbot, by its own retention."""
    from accounts.models import Account
    from chatbot.services import retention_purge
    from chatbot.widget_settings import widget_settings

    purged = {}
    accounts = Account.objects.exclude(schema_name=get_public_schema_name()).filter(is_template=False)
    for account in accounts:
        if not is_enabled(account, "chatbot"):
            continue
        days = widget_settings(account)["retention_days"]
        with schema_context(account.schema_name):
            purged[account.schema_name] = retention_purge(days=days)
    return purged
