"""Celery tasks of the assistant: the nightly rollup, backfills, chat replies, actions.

The nightly beat entry (config/settings.py) sends analytics_rollup_recent to every tenant with
the assistant on through the platform fan-out `accounts.tenant_fan_out`.

Tasks are thin: they run in the tenant schema tenant-schemas-celery switched to (the schema of
the connection that sent them) and call one service.
"""

import logging
from datetime import date

from celery import shared_task
from django.db import connection

from features.gates import feature_required

logger = logging.getLogger(__name__)


@shared_task(name="assistant.analytics_rollup_recent")
@feature_required("assistant")
def analytics_rollup_recent_task() -> int:
    from assistant.analytics import NIGHTLY_DAYS, analytics_rollup_recent

    return analytics_rollup_recent(days=NIGHTLY_DAYS)


@shared_task(name="assistant.analytics_backfill")
@feature_required("assistant")
def analytics_backfill_task(start: str | None = None, end: str | None = None) -> int:
    from assistant.analytics import analytics_backfill

    return analytics_backfill(
        start=date.fromisoformat(start) if start else None, end=date.fromisoformat(end) if end else None
    )


@shared_task(name="assistant.action_execute", bind=True, max_retries=0)
def action_execute_task(self, action_id: int) -> str:
    """Runs an approved action. Safe to deliver twice: action_execute re-checks the status
    under a row lock and does nothing unless the action is still approved."""
    from assistant.actions import action_execute, action_mark_failed
    from assistant.analytics import current_account
    from features.selectors import is_enabled

    if not is_enabled(current_account(), "assistant"):
        # Switched off after approval: the owner sees why and can retry once it is back on.
        return action_mark_failed(
            action_id=action_id, error="The assistant is switched off for this account."
        ).status
    return action_execute(action_id=action_id).status


@shared_task(name="assistant.reply")
@feature_required("assistant")
def assistant_reply_task(session_id: int, message_id: int) -> int | None:
    from assistant.chat import assistant_reply

    logger.debug("assistant reply in %s for session %s", connection.schema_name, session_id)
    reply = assistant_reply(session_id=session_id, message_id=message_id)
    return reply.pk if reply else None
